package dev.basalt.update;

import dev.basalt.BasaltException;
import dev.basalt.build.ResolveStep;
import dev.basalt.build.SpecLocator;
import dev.basalt.cache.Downloader;
import dev.basalt.debian.IndexFetcher;
import dev.basalt.debian.MirrorResolver;
import dev.basalt.debian.Repository;
import dev.basalt.debian.Resolution;
import dev.basalt.image.ImageLocation;
import dev.basalt.lock.LockFiles;
import dev.basalt.spec.ImageSpec;
import dev.basalt.spec.SpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * {@code basalt outdated}: what a lock pins (a spec's lock, or a lock file) or an image holds,
 * against the newest versions in the suites it is kept current from.
 */
public final class Outdated {
  private Outdated() {}

  /**
   * What a check needs besides its target.
   *
   * @param arch only this architecture, or null for all
   * @param spec the spec whose repositories to compare against, or null: a spec's own, a lock's
   *     spec beside it, an image's release suites
   * @param keyrings key files replacing the bundled keyrings of an image's release suites, by archive
   */
  public record Options(String arch, String spec, Map<String, Path> keyrings, Downloader downloader,
      MirrorResolver mirrors, Clock clock, Consumer<String> notices) {
    public Options {
      keyrings = Map.copyOf(keyrings);
      Objects.requireNonNull(downloader, "downloader == null");
      Objects.requireNonNull(mirrors, "mirrors == null");
      Objects.requireNonNull(clock, "clock == null");
      Objects.requireNonNull(notices, "notices == null");
    }
  }

  /** Whether the command-line target names an image rather than a spec or lock. */
  static boolean isImage(String target) {
    return target.startsWith(ImageLocation.OCI_PREFIX) || target.startsWith(ImageLocation.DOCKER_ARCHIVE_PREFIX)
        || target.startsWith(ImageLocation.REGISTRY_PREFIX) || Files.isDirectory(Path.of(target));
  }

  public static OutdatedReport run(String target, Options options) throws BasaltException {
    InstalledPackages installed;
    List<Repository> repositories;
    if (isImage(target)) {
      ImagePackages.Result image = ImagePackages.read(ImageLocation.parse(target), options.arch());
      installed = image.installed();
      repositories = options.spec() != null ? spec(options.spec()).contents().repositories()
          : ReleaseRepositories.of(image.release(), target, options.keyrings());
    } else if (target.endsWith(".json")) {
      Path lock = Path.of(target);
      installed = narrow(InstalledPackages.of(target, LockFiles.read(lock)), options.arch());
      repositories = specOfLock(lock, options.spec()).contents().repositories();
    } else {
      ImageSpec spec = spec(target);
      repositories = spec.contents().repositories();
      Path lock = LockFiles.besideSpec(spec.file());
      if (Files.isRegularFile(lock)) {
        options.notices().accept("checking lock file " + lock);
        installed = narrow(InstalledPackages.of(target, LockFiles.read(lock)), options.arch());
      } else {
        options.notices().accept("no lock beside " + spec.file() + ": checking a fresh resolution, which is what an"
            + " unlocked build installs (current by construction)");
        installed = fresh(target, spec, options);
      }
    }
    IndexFetcher.Result indexes = new IndexFetcher(options.downloader(), options.mirrors(), options.clock())
        .fetch(repositories, installed.archs());
    return OutdatedCheck.check(installed, indexes.suites(), indexes.packagesByArch());
  }

  private static ImageSpec spec(String arg) throws BasaltException {
    return SpecLoader.load(SpecLocator.locate(arg));
  }

  /** The spec given, else {@code X.yaml} (or {@code .yml}) beside {@code X.lock.json}. */
  private static ImageSpec specOfLock(Path lock, String given) throws BasaltException {
    if (given != null) {
      return spec(given);
    }
    String name = lock.getFileName().toString();
    String stem = name.endsWith(".lock.json") ? name.substring(0, name.length() - ".lock.json".length()) : null;
    if (stem != null) {
      for (String ext : List.of(".yaml", ".yml")) {
        Path beside = lock.resolveSibling(stem + ext);
        if (Files.isRegularFile(beside)) {
          return SpecLoader.load(beside);
        }
      }
    }
    throw new UpdateUsageException("no spec beside lock file " + lock + (stem == null ? "" : " (" + stem + ".yaml)")
        + " to take the suites from: pass --spec SPEC");
  }

  private static InstalledPackages narrow(InstalledPackages all, String arch) throws UpdateUsageException {
    if (arch == null) {
      return all;
    }
    if (!all.byArch().containsKey(arch)) {
      throw new UpdateUsageException("--arch " + arch + ": " + all.subject() + " has packages for "
          + String.join(", ", all.archs()) + " only");
    }
    return new InstalledPackages(all.subject(), Map.of(arch, all.byArch().get(arch)));
  }

  private static InstalledPackages fresh(String subject, ImageSpec spec, Options options) throws BasaltException {
    ResolveStep.Options resolve = new ResolveStep.Options(List.of(), ResolveStep.LockMode.NONE, null,
        options.downloader(), options.mirrors(), options.clock(), options.notices());
    List<String> archs = ResolveStep.archs(spec, options.arch() == null ? List.of() : List.of(options.arch()));
    Map<String, List<InstalledPackages.Installed>> byArch = new LinkedHashMap<>();
    for (Resolution r : ResolveStep.resolveFresh(spec, archs, resolve).resolutions()) {
      List<InstalledPackages.Installed> list = new ArrayList<>();
      r.packages().forEach(p -> list.add(new InstalledPackages.Installed(p.pkg().name(), p.pkg().version())));
      byArch.put(r.arch(), list);
    }
    return new InstalledPackages(subject, byArch);
  }
}
