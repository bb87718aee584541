package dev.basalt.debian;

import java.util.List;

/**
 * The package set for one architecture, sorted by name, with why each package is there, and
 * the dependencies that were dropped because every alternative was excluded.
 */
public record Resolution(String arch, List<Resolved> packages, List<Dropped> dropped) {
  /** Marks a package the spec itself asked for in {@link Resolved#requiredBy()}. */
  public static final String REQUESTED = "<spec>";

  /** A selected package and the packages (or {@link #REQUESTED}) that need it. */
  public record Resolved(BinaryPackage pkg, List<String> requiredBy) {
    public Resolved {
      requiredBy = List.copyOf(requiredBy);
    }
  }

  /** A dependency group of {@code wantedBy} whose every alternative the spec excludes. */
  public record Dropped(String wantedBy, String dependency) {}

  public Resolution {
    packages = List.copyOf(packages);
    dropped = List.copyOf(dropped);
  }

  public long totalSize() {
    return packages.stream().mapToLong(r -> r.pkg().size()).sum();
  }
}
