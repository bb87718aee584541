package dev.basalt.sign;

import dev.basalt.cache.Digest;
import dev.basalt.lock.LockFile;
import dev.basalt.sbom.SourcePackage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a build knows that its provenance states: the spec, the exact packages and archive
 * releases it used, the fixed build date, and the image digests it produced. Everything is named
 * by archive, suite and pool path, never by a mirror host, so the provenance is the same whichever
 * mirror served the build.
 *
 * @param specName the spec's {@code name}
 * @param specDigest the SHA-256 of the spec file's bytes
 * @param internalParameters build settings a user does not pass in the spec (compression...); may be empty
 * @param packages every installed package of every architecture
 * @param releases each suite's InRelease as the build verified it
 * @param buildDate the build's fixed date ({@code SOURCE_DATE_EPOCH}), used for start and finish
 * @param subjects the image root first, then its platform manifests
 */
public record ProvenanceInput(String specName, Digest specDigest, Map<String, String> internalParameters,
    List<Package> packages, List<Release> releases, Instant buildDate, List<Subject> subjects) {

  /** One installed {@code .deb}. */
  public record Package(String name, String version, String arch, SourcePackage source, String filename, Digest sha256) {
    public Package {
      Objects.requireNonNull(name, "name == null");
      Objects.requireNonNull(version, "version == null");
      Objects.requireNonNull(arch, "arch == null");
      Objects.requireNonNull(source, "source == null");
      Objects.requireNonNull(sha256, "sha256 == null");
    }

    /** The package as a lock pins it. */
    public static Package of(LockFile.Package p) {
      String sourceName = p.source() == null || p.source().isEmpty() ? p.name() : p.source();
      String sourceVersion = p.sourceVersion() == null || p.sourceVersion().isEmpty() ? p.version() : p.sourceVersion();
      return new Package(p.name(), p.version(), p.arch(), new SourcePackage(sourceName, sourceVersion), p.filename(),
          Digest.parse(p.sha256()));
    }
  }

  /**
   * One suite's InRelease.
   *
   * @param repository the archive name ({@code debian}), or the spec's own URL for a repository given by URL
   */
  public record Release(String repository, String suite, Digest inRelease) {
    public Release {
      Objects.requireNonNull(repository, "repository == null");
      Objects.requireNonNull(suite, "suite == null");
      Objects.requireNonNull(inRelease, "inRelease == null");
    }

    public static Release of(LockFile.Suite s) {
      return new Release(s.repository(), s.suite(), Digest.parse(s.inReleaseSha256()));
    }
  }

  /** An image digest the provenance is about, and its name ({@code base}, {@code base@linux/amd64}). */
  public record Subject(String name, Digest digest) {
    public Subject {
      Objects.requireNonNull(name, "name == null");
      Objects.requireNonNull(digest, "digest == null");
    }
  }

  public ProvenanceInput {
    Objects.requireNonNull(specName, "specName == null");
    Objects.requireNonNull(specDigest, "specDigest == null");
    internalParameters = internalParameters == null ? Map.of()
        : Collections.unmodifiableMap(new TreeMap<>(internalParameters));
    packages = List.copyOf(packages);
    releases = List.copyOf(releases);
    Objects.requireNonNull(buildDate, "buildDate == null");
    subjects = List.copyOf(subjects);
    if (subjects.isEmpty()) {
      throw new IllegalArgumentException("provenance needs at least one subject (the image root)");
    }
  }

  /** Every package of every architecture of {@code lock}, architectures in name order. */
  public static List<Package> packagesOf(LockFile lock) {
    List<Package> out = new ArrayList<>();
    new TreeMap<>(lock.archs()).values().forEach(ps -> ps.forEach(p -> out.add(Package.of(p))));
    return out;
  }

  /** Every suite's InRelease of {@code lock}. */
  public static List<Release> releasesOf(LockFile lock) {
    return lock.suites().stream().map(Release::of).toList();
  }
}
