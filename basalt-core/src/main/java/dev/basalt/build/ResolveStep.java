package dev.basalt.build;

import dev.basalt.BasaltException;
import dev.basalt.cache.BlobStore;
import dev.basalt.cache.Downloader;
import dev.basalt.debian.DependencyResolver;
import dev.basalt.debian.IndexFetcher;
import dev.basalt.debian.MirrorResolver;
import dev.basalt.debian.PackageUniverse;
import dev.basalt.debian.Resolution;
import dev.basalt.debian.Suggestions;
import dev.basalt.debian.SuiteRelease;
import dev.basalt.debian.UnknownPackageException;
import dev.basalt.lock.LockException;
import dev.basalt.lock.LockFile;
import dev.basalt.lock.LockFiles;
import dev.basalt.spec.ImageSpec;
import dev.basalt.spec.SpecException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * Turns a spec into its package set per architecture: from the lock when one applies (no index
 * is downloaded then), else by fetching the verified indexes and resolving afresh.
 */
public final class ResolveStep {
  /** How a lock file is chosen. */
  public enum LockMode {
    /** Use {@code <spec>.lock.json} beside the spec when it exists. */
    AUTO,
    /** Use the lock file given explicitly; it must exist. */
    EXPLICIT,
    /** Ignore any lock and resolve afresh. */
    NONE
  }

  /** What a resolve needs besides the spec. */
  public record Options(
      List<String> archs,
      LockMode lockMode,
      Path lockFile,
      Downloader downloader,
      MirrorResolver mirrors,
      java.time.Clock clock,
      Consumer<String> notices) {
    public Options {
      archs = List.copyOf(archs);
      Objects.requireNonNull(lockMode, "lockMode == null");
      Objects.requireNonNull(downloader, "downloader == null");
      Objects.requireNonNull(mirrors, "mirrors == null");
      Objects.requireNonNull(clock, "clock == null");
      Objects.requireNonNull(notices, "notices == null");
    }
  }

  /** The package sets, the suites they came from (empty when locked), and the lock used if any. */
  public record Result(List<Resolution> resolutions, List<SuiteRelease> suites, Path lockUsed, LockFile lock) {}

  private ResolveStep() {}

  public static Result run(ImageSpec spec, Options options) throws BasaltException {
    List<String> archs = archs(spec, options.archs());
    Path lockPath = switch (options.lockMode()) {
      case NONE -> null;
      case EXPLICIT -> Objects.requireNonNull(options.lockFile(), "lockFile == null");
      case AUTO -> {
        Path beside = LockFiles.besideSpec(spec.file());
        yield Files.isRegularFile(beside) ? beside : null;
      }
    };
    if (lockPath != null) {
      LockFile lock = LockFiles.read(lockPath);
      LockFiles.checkMatches(lock, lockPath, spec);
      options.notices().accept("using lock file " + lockPath);
      List<Resolution> resolutions = new ArrayList<>();
      for (String arch : archs) {
        if (!lock.archs().containsKey(arch)) {
          throw new LockException("lock file " + lockPath + " has no packages for " + arch
              + " (it covers " + String.join(", ", lock.archs().keySet()) + "); run `basalt lock` to refresh it");
        }
        resolutions.add(LockFiles.resolution(lock, arch));
      }
      PolicyStep.checkLocked(spec, resolutions, lock, options.notices());
      return new Result(resolutions, List.of(), lockPath, lock);
    }
    return resolveFresh(spec, archs, options);
  }

  /** Fetches indexes and resolves, ignoring any lock. */
  public static Result resolveFresh(ImageSpec spec, List<String> archs, Options options) throws BasaltException {
    IndexFetcher fetcher = new IndexFetcher(options.downloader(), options.mirrors(), options.clock());
    IndexFetcher.Result indexes = fetcher.fetch(spec.contents().repositories(), archs);
    List<String> requested = spec.contents().packageNames();
    Set<String> excluded = spec.contents().excludedNames();
    PackageUniverse[] universes = new PackageUniverse[archs.size()];
    List<Callable<Resolution>> tasks = new ArrayList<>();
    for (int i = 0; i < archs.size(); i++) {
      int slot = i;
      String arch = archs.get(i);
      tasks.add(() -> {
        PackageUniverse universe = new PackageUniverse(arch, indexes.packagesByArch().get(arch));
        universes[slot] = universe;
        return DependencyResolver.resolve(universe, requested, excluded);
      });
    }
    List<Resolution> resolutions;
    try {
      // Architectures are independent: resolve them side by side.
      resolutions = options.downloader().all(tasks);
    } catch (UnknownPackageException e) {
      ImageSpec.Located at = spec.contents().packages().stream()
          .filter(l -> l.value().equals(e.name())).findFirst().orElseThrow();
      throw new SpecException(spec.file(), at.line(), "unknown package '" + e.name() + "' in 'packages': "
          + e.getMessage());
    }
    checkExcludesExist(spec, List.of(universes));
    PolicyStep.checkFresh(spec, resolutions, indexes.suites(), options.notices());
    return new Result(resolutions, indexes.suites(), null, null);
  }

  /** The spec's archs, narrowed to those asked for on the command line. */
  public static List<String> archs(ImageSpec spec, List<String> requested) throws SpecException {
    if (requested.isEmpty()) {
      return spec.archs();
    }
    for (String a : requested) {
      if (!spec.archs().contains(a)) {
        throw new SpecException("--arch " + a + " is not one of the spec's archs " + spec.archs()
            + " (" + spec.file() + ")");
      }
    }
    return requested;
  }

  private static void checkExcludesExist(ImageSpec spec, List<PackageUniverse> universes) throws SpecException {
    for (ImageSpec.Located x : spec.contents().exclude()) {
      boolean known = universes.stream().anyMatch(
          u -> u.candidate(x.value()) != null || !u.providersOf(x.value()).isEmpty());
      if (!known) {
        Set<String> names = new HashSet<>();
        universes.forEach(u -> names.addAll(u.names()));
        List<String> close = Suggestions.closest(x.value(), names);
        throw new SpecException(spec.file(), x.line(), "'" + x.value()
            + "' in 'exclude' is neither a package nor a virtual package in the configured suites"
            + (close.isEmpty() ? "" : "; did you mean '" + String.join("' or '", close) + "'?"));
      }
    }
  }

  /** A store and downloader over the default cache, for front ends. */
  public static Downloader defaultDownloader() {
    return new Downloader(new BlobStore(BlobStore.defaultRoot()));
  }

}
