package dev.basalt.spec;

import dev.basalt.audit.Level;
import dev.basalt.cache.Digest;
import dev.basalt.check.StructureTests;
import dev.basalt.debian.Repository;
import dev.basalt.policy.PackagePolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An image spec as loaded from YAML: what to install from which signed repositories, and how
 * the image is configured and hardened. {@code digest} is the SHA-256 of the file's bytes.
 */
public record ImageSpec(
    Path file,
    Digest digest,
    String name,
    List<String> archs,
    Contents contents,
    Accounts accounts,
    List<String> entrypoint,
    List<String> cmd,
    Map<String, String> environment,
    String workDir,
    List<PathSpec> paths,
    Harden harden,
    Audit audit,
    PackagePolicy policy,
    StructureTests tests,
    Map<String, String> annotations) {

  public ImageSpec {
    Objects.requireNonNull(file, "file == null");
    Objects.requireNonNull(digest, "digest == null");
    Objects.requireNonNull(name, "name == null");
    archs = List.copyOf(archs);
    Objects.requireNonNull(contents, "contents == null");
    Objects.requireNonNull(accounts, "accounts == null");
    entrypoint = List.copyOf(entrypoint);
    cmd = List.copyOf(cmd);
    environment = Map.copyOf(environment);
    paths = List.copyOf(paths);
    Objects.requireNonNull(harden, "harden == null");
    Objects.requireNonNull(audit, "audit == null");
    Objects.requireNonNull(policy, "policy == null");
    Objects.requireNonNull(tests, "tests == null");
    annotations = Map.copyOf(annotations);
  }

  /**
   * This spec with {@code extra} rules added to its policy, as {@code --policy FILE} adds an
   * organisation's; the digest stays the file's, so a lock still matches.
   */
  public ImageSpec withPolicy(PackagePolicy extra) {
    return new ImageSpec(file, digest, name, archs, contents, accounts, entrypoint, cmd, environment, workDir, paths,
        harden, audit, policy.plus(extra), tests, annotations);
  }

  /** A string value with the line it was written on. */
  public record Located(String value, int line) {}

  /** The repositories and the package selection. */
  public record Contents(List<Repository> repositories, List<Located> packages, List<Located> exclude) {
    public Contents {
      repositories = List.copyOf(repositories);
      packages = List.copyOf(packages);
      exclude = List.copyOf(exclude);
    }

    public List<String> packageNames() {
      return packages.stream().map(Located::value).toList();
    }

    public java.util.Set<String> excludedNames() {
      return exclude.stream().map(Located::value).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }
  }

  /** Who the image runs as; {@code nonroot} unless the spec says otherwise. */
  public record Accounts(String runAs) {}

  /** An extra directory, file or link the image should have. */
  public record PathSpec(String path, String type, Integer mode, int uid, int gid, String target, int line) {}

  /** Loosenings of the strict defaults; each is off unless the spec turns it on. */
  public record Harden(
      boolean allowShell,
      boolean allowPackageManager,
      boolean allowSetuid,
      boolean allowRoot,
      boolean keepDocs,
      boolean keepMan,
      boolean keepInfo,
      boolean keepLocales,
      boolean keepGconv,
      boolean keepJvmCds,
      String reason) {
    public static final Harden STRICT =
        new Harden(false, false, false, false, false, false, false, false, false, false, null);
  }

  /**
   * How the build's audit gate judges the image: findings at {@code failLevel} or above fail the
   * build unless {@code waive} names their rule (rule id to the reason, reported as waived).
   */
  public record Audit(Level failLevel, Map<String, String> waive) {
    public static final Audit DEFAULT = new Audit(Level.WARN, Map.of());

    public Audit {
      Objects.requireNonNull(failLevel, "failLevel == null");
      waive = Map.copyOf(waive);
    }
  }
}
