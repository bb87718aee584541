package dev.basalt.lock;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Pins a spec's resolution: per architecture the exact packages (by archive, suite and pool
 * path, never a mirror host), each suite's InRelease digest and date, and the spec's digest.
 */
public record LockFile(
    int lockVersion,
    String spec,
    String specSha256,
    List<Suite> suites,
    Map<String, List<Package>> archs,
    Map<String, List<Excluded>> excluded) {

  public static final int CURRENT_VERSION = 1;

  public LockFile {
    Objects.requireNonNull(spec, "spec == null");
    Objects.requireNonNull(specSha256, "specSha256 == null");
    suites = List.copyOf(suites);
    archs = Map.copyOf(archs);
    excluded = Map.copyOf(excluded);
  }

  /**
   * A suite as it was when locked; {@code signedBy} holds the fingerprints of the primary keys
   * whose signatures on its InRelease checked out (null in locks written before basalt recorded them).
   */
  public record Suite(String repository, String suite, String inReleaseSha256, String date, List<String> signedBy) {
    public Suite(String repository, String suite, String inReleaseSha256, String date) {
      this(repository, suite, inReleaseSha256, date, null);
    }

    public Suite {
      signedBy = signedBy == null ? null : List.copyOf(signedBy);
    }
  }

  /** One pinned package. */
  public record Package(
      String name,
      String version,
      String arch,
      String source,
      String sourceVersion,
      String repository,
      String suite,
      String component,
      String filename,
      long size,
      long installedSize,
      String sha256,
      List<String> requiredBy) {
    public Package {
      requiredBy = List.copyOf(requiredBy);
    }
  }

  /** A dependency dropped because the spec excludes every alternative. */
  public record Excluded(String wantedBy, String dependency) {}
}
