package dev.basalt.update;

import dev.basalt.cache.Downloader;
import dev.basalt.debian.IndexFetcher;
import dev.basalt.debian.MirrorResolver;
import dev.basalt.lock.LockException;
import dev.basalt.lock.LockFiles;
import dev.basalt.spec.ImageSpec;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * The build summary's line on pending security updates. A locked build stays offline: its lock
 * is compared with the indexes verified in the cache when they are recent, else it says it did
 * not check. An unlocked build took the newest versions, so it has none by construction.
 *
 * @param pending how many packages (per architecture) have a security update, or null when not checked
 */
public record BuildSecurityStatus(Integer pending, String summary) {
  /** How old cached indexes may be for the check; Debian's archives publish several times a day. */
  public static final Duration MAX_AGE = Duration.ofHours(24);

  public static BuildSecurityStatus of(ImageSpec spec, Path lockUsed, Downloader downloader, MirrorResolver mirrors,
      Clock clock) throws LockException {
    if (lockUsed == null) {
      return new BuildSecurityStatus(0, "security updates: none pending (resolved from the current indexes)");
    }
    InstalledPackages installed = InstalledPackages.of(lockUsed.toString(), LockFiles.read(lockUsed));
    IndexFetcher.Result cached = new IndexFetcher(downloader, mirrors, clock)
        .cached(spec.contents().repositories(), installed.archs(), MAX_AGE);
    if (cached == null) {
      return new BuildSecurityStatus(null, "security updates: not checked (no indexes verified in the last "
          + MAX_AGE.toHours() + " h in the cache; `basalt outdated " + spec.file() + "` checks)");
    }
    OutdatedReport report = OutdatedCheck.check(installed, cached.suites(), cached.packagesByArch());
    int pending = report.summary().security();
    return new BuildSecurityStatus(pending, "security updates: " + pending + " pending for the lock against the"
        + " cached indexes" + (pending == 0 ? "" : "; `basalt lock --update " + spec.file() + "` takes them"));
  }
}
