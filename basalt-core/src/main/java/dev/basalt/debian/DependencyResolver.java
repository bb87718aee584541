package dev.basalt.debian;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Computes the dependency closure of the requested packages over {@code Pre-Depends} and
 * {@code Depends} (never Recommends or Suggests), the way apt would with every suite at equal
 * priority, except that excluded names are never installed and never satisfy a dependency.
 */
public final class DependencyResolver {
  private static final List<String> PRIORITY_ORDER =
      List.of("required", "important", "standard", "optional", "extra");

  private final PackageUniverse universe;
  private final Set<String> excluded;
  private final Map<String, BinaryPackage> selected = new LinkedHashMap<>();
  private final Map<String, String> pulledBy = new HashMap<>();
  private final Deque<BinaryPackage> queue = new ArrayDeque<>();
  private final Set<Resolution.Dropped> dropped = new LinkedHashSet<>();

  private DependencyResolver(PackageUniverse universe, Set<String> excluded) {
    this.universe = universe;
    this.excluded = Set.copyOf(excluded);
  }

  /** Resolves {@code requested} (in order) in {@code universe}, never using {@code excluded}. */
  public static Resolution resolve(
      PackageUniverse universe, List<String> requested, Set<String> excluded)
      throws ResolutionException {
    return new DependencyResolver(universe, excluded).run(requested);
  }

  private Resolution run(List<String> requested) throws ResolutionException {
    for (String name : requested) {
      if (excluded.contains(name)) {
        throw new ResolutionException(
            "'" + name + "' is both requested in packages and listed in exclude; remove it from one");
      }
      BinaryPackage pkg = universe.candidate(name);
      if (pkg == null) {
        List<PackageUniverse.Provider> providers = usableProviders(name, null);
        if (providers.isEmpty()) {
          throw new UnknownPackageException(name, universe.arch(), Suggestions.closest(name, universe.names()));
        }
        pkg = providers.get(0).pkg();
      }
      select(pkg, null);
    }
    while (!queue.isEmpty()) {
      BinaryPackage p = queue.poll();
      for (List<Relation> group : dependencies(p)) {
        satisfy(p, group);
      }
    }
    checkConflicts();
    return new Resolution(universe.arch(), explain(requested), new ArrayList<>(dropped));
  }

  private static List<List<Relation>> dependencies(BinaryPackage p) {
    List<List<Relation>> groups = new ArrayList<>();
    if (p.preDepends() != null) {
      groups.addAll(parse(p, "Pre-Depends", p.preDepends()));
    }
    if (p.depends() != null) {
      groups.addAll(parse(p, "Depends", p.depends()));
    }
    return groups;
  }

  private static List<List<Relation>> parse(BinaryPackage p, String field, String value) {
    try {
      return RelationParser.parseGroups(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          p + " from " + p.origin() + " has a malformed " + field + ": " + e.getMessage(), e);
    }
  }

  private void select(BinaryPackage pkg, BinaryPackage parent) {
    if (selected.putIfAbsent(pkg.name(), pkg) == null) {
      pulledBy.put(pkg.name(), parent == null ? null : parent.name());
      queue.add(pkg);
    }
  }

  private void satisfy(BinaryPackage from, List<Relation> group) throws ResolutionException {
    List<Relation> usable = group.stream().filter(r -> !excluded.contains(r.name())).toList();
    if (usable.isEmpty()) {
      dropped.add(new Resolution.Dropped(from.name(), groupText(group)));
      return;
    }
    for (Relation r : usable) {
      if (selectedSatisfier(r) != null) {
        return;
      }
    }
    List<String> reasons = new ArrayList<>();
    for (Relation r : usable) {
      BinaryPackage choice = choose(r, reasons);
      if (choice != null) {
        select(choice, from);
        return;
      }
    }
    throw new ResolutionException(
        "cannot satisfy '" + groupText(group) + "' of " + from.name() + " " + from.version()
            + " for " + universe.arch() + ": " + String.join("; ", reasons)
            + "\n  needed by: " + chain(from.name()));
  }

  /** The selected package that satisfies {@code r}, or null. */
  private BinaryPackage selectedSatisfier(Relation r) {
    BinaryPackage real = selected.get(r.name());
    if (real != null && matches(real, r)) {
      return real;
    }
    for (PackageUniverse.Provider pr : universe.providersOf(r.name())) {
      if (selected.containsKey(pr.name()) && selected.get(pr.name()) == pr.pkg() && providerMatches(pr, r)) {
        return pr.pkg();
      }
    }
    return null;
  }

  private BinaryPackage choose(Relation r, List<String> reasons) {
    BinaryPackage real = universe.candidate(r.name());
    if (real != null) {
      if (matches(real, r)) {
        return real;
      }
      reasons.add(r.name() + " " + real.version() + " is the candidate and does not satisfy " + r);
    }
    List<PackageUniverse.Provider> providers = usableProviders(r.name(), r);
    if (!providers.isEmpty()) {
      return providers.get(0).pkg();
    }
    if (real == null) {
      reasons.add(
          universe.providersOf(r.name()).isEmpty()
              ? "no package " + r.name() + " exists"
              : "no usable provider of " + r);
    }
    return null;
  }

  /** Providers of {@code name} that are not excluded and satisfy {@code r}, best first. */
  private List<PackageUniverse.Provider> usableProviders(String name, Relation r) {
    return universe.providersOf(name).stream()
        .filter(pr -> !excluded.contains(pr.name()))
        .filter(pr -> r == null || providerMatches(pr, r))
        .sorted(
            Comparator.comparing((PackageUniverse.Provider pr) -> priorityRank(pr.pkg()))
                .thenComparing(PackageUniverse.Provider::name))
        .toList();
  }

  private static int priorityRank(BinaryPackage p) {
    int i = p.priority() == null ? -1 : PRIORITY_ORDER.indexOf(p.priority());
    return i < 0 ? PRIORITY_ORDER.size() : i;
  }

  private boolean matches(BinaryPackage p, Relation r) {
    if (excluded.contains(p.name()) || !archMatches(p, r.archQualifier(), false)) {
      return false;
    }
    return r.op() == null || r.satisfiedBy(universe.version(p));
  }

  private boolean providerMatches(PackageUniverse.Provider pr, Relation r) {
    if (excluded.contains(pr.name()) || !archMatches(pr.pkg(), r.archQualifier(), true)) {
      return false;
    }
    // An unversioned Provides never satisfies a versioned dependency (Policy 7.5).
    return r.op() == null || (pr.version() != null && r.satisfiedBy(pr.version()));
  }

  /**
   * Images hold one architecture, so every candidate is native or {@code all}. {@code :any}
   * still demands {@code Multi-Arch: allowed} of a real package, as dpkg does.
   */
  private boolean archMatches(BinaryPackage p, String qualifier, boolean viaProvides) {
    if (qualifier == null || qualifier.equals("native")) {
      return true;
    }
    if (qualifier.equals("any")) {
      return viaProvides || "allowed".equals(p.multiArch());
    }
    return qualifier.equals(p.architecture());
  }

  private void checkConflicts() throws ResolutionException {
    for (BinaryPackage p : selected.values()) {
      for (String field : List.of("Conflicts", "Breaks")) {
        String value = field.equals("Conflicts") ? p.conflicts() : p.breaks();
        if (value == null || value.isBlank()) {
          continue;
        }
        for (Relation r : RelationParser.parseList(value)) {
          BinaryPackage hit = conflicting(p, r);
          if (hit != null) {
            throw new ResolutionException(
                p.name() + " " + p.version() + " declares " + field + ": " + r + ", but "
                    + hit.name() + " " + hit.version() + " is selected too for " + universe.arch()
                    + "\n  " + p.name() + " needed by: " + chain(p.name())
                    + "\n  " + hit.name() + " needed by: " + chain(hit.name())
                    + "\n  exclude one of them or the package that pulls it in");
          }
        }
      }
    }
  }

  private BinaryPackage conflicting(BinaryPackage p, Relation r) {
    BinaryPackage real = selected.get(r.name());
    if (real != null && real != p && matches(real, r)) {
      return real;
    }
    for (PackageUniverse.Provider pr : universe.providersOf(r.name())) {
      if (!selected.containsKey(pr.name())) {
        continue;
      }
      BinaryPackage q = pr.pkg();
      if (q != p && selected.get(q.name()) == q && providerMatches(pr, r)) {
        return q;
      }
    }
    return null;
  }

  private String chain(String name) {
    List<String> path = new ArrayList<>();
    Set<String> seen = new TreeSet<>();
    for (String n = name; n != null && seen.add(n); n = pulledBy.get(n)) {
      path.add(0, n);
    }
    path.add(0, "spec");
    return String.join(" -> ", path);
  }

  private List<Resolution.Resolved> explain(List<String> requested) {
    Map<String, Set<String>> requiredBy = new TreeMap<>();
    for (String name : selected.keySet()) {
      requiredBy.put(name, new TreeSet<>());
    }
    for (String name : requested) {
      BinaryPackage p = universe.candidate(name);
      String selectedName = p != null ? p.name() : firstSelectedProvider(name);
      requiredBy.get(selectedName).add(Resolution.REQUESTED);
    }
    for (BinaryPackage p : selected.values()) {
      for (List<Relation> group : dependencies(p)) {
        for (Relation r : group) {
          if (excluded.contains(r.name())) {
            continue;
          }
          BinaryPackage by = selectedSatisfier(r);
          if (by != null) {
            if (!by.name().equals(p.name())) {
              requiredBy.get(by.name()).add(p.name());
            }
            break;
          }
        }
      }
    }
    List<Resolution.Resolved> out = new ArrayList<>();
    requiredBy.forEach((name, by) -> out.add(new Resolution.Resolved(selected.get(name), new ArrayList<>(by))));
    return out;
  }

  private String firstSelectedProvider(String virtual) {
    return universe.providersOf(virtual).stream()
        .map(PackageUniverse.Provider::name)
        .filter(selected::containsKey)
        .findFirst()
        .orElseThrow();
  }

  private static String groupText(List<Relation> group) {
    return String.join(" | ", group.stream().map(Relation::toString).toList());
  }
}
