package dev.basalt.debian;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Every package available for one architecture across all configured suites, reduced to one
 * candidate per name: the highest version, so that {@code -security} and {@code -updates} win.
 */
public final class PackageUniverse {
  /** A package that provides a (virtual) name, possibly at a version. */
  public record Provider(BinaryPackage pkg, DebianVersion version) {}

  /** Package {@code i} of {@code index}. */
  private record Ref(IndexedPackages index, int i) {}

  private final String arch;
  private final List<IndexedPackages> indexes;
  private final Map<String, Ref> candidates = new HashMap<>();
  private final Map<Ref, BinaryPackage> decoded = new HashMap<>();
  private final Map<String, DebianVersion> versions = new HashMap<>();
  private Map<String, List<Provider>> providers;

  public PackageUniverse(String arch, List<IndexedPackages> indexes) {
    this.arch = Objects.requireNonNull(arch, "arch == null");
    this.indexes = List.copyOf(indexes);
    for (IndexedPackages index : this.indexes) {
      for (int i = 0; i < index.size(); i++) {
        String a = index.architecture(i);
        if (!a.equals(arch) && !a.equals("all")) {
          continue;
        }
        Ref ref = new Ref(index, i);
        Ref current = candidates.putIfAbsent(index.name(i), ref);
        if (current != null && version(ref).compareTo(version(current)) > 0) {
          candidates.put(index.name(i), ref);
        }
      }
    }
  }

  /** A universe over packages built in memory (tests, small tools). */
  public PackageUniverse(String arch, Collection<BinaryPackage> packages) {
    this(arch, groupByOrigin(packages));
  }

  private static List<IndexedPackages> groupByOrigin(Collection<BinaryPackage> packages) {
    Map<IndexOrigin, List<BinaryPackage>> byOrigin = new java.util.LinkedHashMap<>();
    for (BinaryPackage p : packages) {
      byOrigin.computeIfAbsent(p.origin(), k -> new ArrayList<>()).add(p);
    }
    List<IndexedPackages> out = new ArrayList<>();
    byOrigin.forEach((origin, list) -> out.add(IndexedPackages.of(list, origin)));
    return out;
  }

  public String arch() {
    return arch;
  }

  /** The candidate (highest version) of a real package, or null. */
  public BinaryPackage candidate(String name) {
    Ref ref = candidates.get(name);
    return ref == null ? null : decode(ref);
  }

  public Set<String> names() {
    return candidates.keySet();
  }

  /** The parsed version of a package; parsed once, on first use. */
  public DebianVersion version(BinaryPackage p) {
    return parseVersion(p.name(), p.version(), p.origin());
  }

  private DebianVersion version(Ref ref) {
    return parseVersion(ref.index().name(ref.i()), ref.index().version(ref.i()), ref.index().origin());
  }

  private DebianVersion parseVersion(String name, String text, IndexOrigin origin) {
    String key = name + ' ' + text;
    DebianVersion v = versions.get(key);
    if (v == null) {
      try {
        v = DebianVersion.parse(text);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "package " + name + " from " + origin + " has an invalid version: " + e.getMessage(), e);
      }
      versions.put(key, v);
    }
    return v;
  }

  private BinaryPackage decode(Ref ref) {
    return decoded.computeIfAbsent(ref, r -> r.index().get(r.i()));
  }

  /** Candidates that list {@code name} in their Provides, in a stable order (by package name). */
  public List<Provider> providersOf(String name) {
    if (providers == null) {
      providers = indexProviders();
    }
    return providers.getOrDefault(name, List.of());
  }

  private Map<String, List<Provider>> indexProviders() {
    Map<String, List<Provider>> index = new HashMap<>();
    for (IndexedPackages packages : indexes) {
      for (IndexedPackages.Provided pr : packages.provides()) {
        Ref ref = new Ref(packages, pr.index());
        if (!ref.equals(candidates.get(packages.name(pr.index())))) {
          continue;
        }
        DebianVersion v = pr.version() == null ? null : DebianVersion.parse(pr.version());
        index.computeIfAbsent(pr.name(), k -> new ArrayList<>()).add(new Provider(decode(ref), v));
      }
    }
    index.values().forEach(l -> l.sort(Comparator.comparing(pr -> pr.pkg().name())));
    return index;
  }
}
