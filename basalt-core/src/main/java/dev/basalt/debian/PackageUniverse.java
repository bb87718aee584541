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
  /**
   * A package that provides a (virtual) name, possibly at a version. The package and version
   * are decoded on first use: an archive has tens of thousands of Provides entries and a
   * resolve looks at a handful.
   */
  public final class Provider {
    private final Ref ref;
    private final String versionText;
    private DebianVersion version;

    private Provider(Ref ref, String versionText) {
      this.ref = ref;
      this.versionText = versionText;
    }

    /** The providing package's name. */
    public String name() {
      return ref.index().name(ref.i());
    }

    public BinaryPackage pkg() {
      return decode(ref);
    }

    /** The provided version, or null for an unversioned Provides. */
    public DebianVersion version() {
      if (version == null && versionText != null) {
        version = DebianVersion.parse(versionText);
      }
      return version;
    }
  }

  /** Package {@code i} of {@code index}. */
  private record Ref(IndexedPackages index, int i) {}

  private final String arch;
  private final List<IndexedPackages> indexes;
  /** Candidates looked up so far; a name without one maps to {@link #NONE}. */
  private final Map<String, Ref> candidates = new HashMap<>();
  private static final Ref NONE = new Ref(null, -1);
  private final Map<Ref, BinaryPackage> decoded = new HashMap<>();
  private final Map<String, DebianVersion> versions = new HashMap<>();
  private final Map<String, List<Provider>> providers = new HashMap<>();

  public PackageUniverse(String arch, List<IndexedPackages> indexes) {
    this.arch = Objects.requireNonNull(arch, "arch == null");
    this.indexes = List.copyOf(indexes);
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
    Ref ref = candidateRef(name);
    return ref == null ? null : decode(ref);
  }

  private Ref candidateRef(String name) {
    Ref ref = candidates.get(name);
    if (ref == null) {
      ref = NONE;
      for (IndexedPackages index : indexes) {
        for (int i : index.lookup(name)) {
          String a = index.architecture(i);
          if (!a.equals(arch) && !a.equals("all")) {
            continue;
          }
          Ref candidate = new Ref(index, i);
          if (ref == NONE || version(candidate).compareTo(version(ref)) > 0) {
            ref = candidate;
          }
        }
      }
      candidates.put(name, ref);
    }
    return ref == NONE ? null : ref;
  }

  /** Every package name of this architecture; expensive, for error messages. */
  public Set<String> names() {
    Set<String> all = new java.util.HashSet<>();
    for (IndexedPackages index : indexes) {
      for (int i = 0; i < index.size(); i++) {
        String a = index.architecture(i);
        if (a.equals(arch) || a.equals("all")) {
          all.add(index.name(i));
        }
      }
    }
    return all;
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
    return providers.computeIfAbsent(name, this::findProviders);
  }

  private List<Provider> findProviders(String name) {
    List<Provider> found = new ArrayList<>();
    for (IndexedPackages packages : indexes) {
      for (IndexedPackages.Provided pr : packages.providersOf(name)) {
        Ref ref = new Ref(packages, pr.index());
        if (ref.equals(candidateRef(packages.name(pr.index())))) {
          found.add(new Provider(ref, pr.version()));
        }
      }
    }
    found.sort(Comparator.comparing(Provider::name));
    return List.copyOf(found);
  }
}
