package dev.basalt.debian;

import dev.basalt.BasaltException;
import dev.basalt.cache.Digest;
import dev.basalt.cache.DownloadException;
import dev.basalt.cache.Downloader;
import dev.basalt.fs.AtomicFiles;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * Fetches every configured suite's {@code InRelease}, verifies its signature and freshness, then
 * takes each component's {@code Packages} index for each architecture by the size and SHA-256
 * the signed Release promises (through {@code by-hash} where the archive offers it).
 */
public final class IndexFetcher {
  /** Compressions tried in order of preference. */
  static final List<String> INDEX_NAMES = List.of("Packages.xz", "Packages.gz");

  private final Downloader downloader;
  private final MirrorResolver mirrors;
  private final Clock clock;
  private final PackagesIndex packagesIndex;

  public IndexFetcher(Downloader downloader, MirrorResolver mirrors, Clock clock) {
    this.downloader = Objects.requireNonNull(downloader, "downloader == null");
    this.mirrors = Objects.requireNonNull(mirrors, "mirrors == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.packagesIndex = new PackagesIndex(downloader.store().root().resolve("parsed"));
  }

  /** The verified suites and, per architecture, every package they offer. */
  public record Result(List<SuiteRelease> suites, Map<String, List<IndexedPackages>> packagesByArch) {}

  public Result fetch(List<Repository> repositories, Collection<String> archs) throws BasaltException {
    List<Callable<SuiteRelease>> releaseTasks = new ArrayList<>();
    Map<Repository.KeyringRef, Keyring> keyrings = new HashMap<>();
    for (Repository repo : repositories) {
      URI base = repo.baseUrl(mirrors);
      for (String suite : repo.suites()) {
        // Keyrings load inside the tasks, overlapping with the InRelease downloads.
        releaseTasks.add(() -> fetchRelease(repo, base, suite, keyring(keyrings, repo.keyring())));
      }
    }
    List<SuiteRelease> suites = downloader.all(releaseTasks);

    List<IndexTask> tasks = plan(suites, archs);
    List<IndexedPackages> loaded = downloader.all(tasks.stream()
        .map(t -> (Callable<IndexedPackages>) () -> fetchIndex(t.suite(), t.component(), t.dir())).toList());
    Map<String, List<IndexedPackages>> byArch = new LinkedHashMap<>();
    for (String arch : archs) {
      byArch.put(arch, new ArrayList<>());
    }
    for (int i = 0; i < tasks.size(); i++) {
      byArch.get(tasks.get(i).arch()).add(loaded.get(i));
    }
    return new Result(suites, byArch);
  }

  /** One Packages index to read: for an architecture, a suite's component's directory. */
  private record IndexTask(String arch, SuiteRelease suite, String component, String dir) {}

  private static List<IndexTask> plan(List<SuiteRelease> suites, Collection<String> archs) {
    List<IndexTask> tasks = new ArrayList<>();
    for (SuiteRelease suite : suites) {
      for (String component : suite.repository().components()) {
        for (String arch : archs) {
          tasks.add(new IndexTask(arch, suite, component, "binary-" + arch));
          // As apt does: a separate binary-all index is read only where the Release lists
          // "all" among its architectures and does not fold it into the per-arch indexes.
          if (!suite.release().archAllInPerArchIndexes()
              && suite.release().architectures().contains("all")
              && hasIndex(suite.release(), component, "binary-all")) {
            tasks.add(new IndexTask(arch, suite, component, "binary-all"));
          }
        }
      }
    }
    return tasks;
  }

  /**
   * The suites and indexes as last fetched, without any download: only when every suite's
   * InRelease was verified here at most {@code maxAge} ago (it is verified again, and its
   * Valid-Until checked) and every index it names is parsed in the cache; else null.
   * The suites' base URLs are null: nothing is fetched.
   */
  public Result cached(List<Repository> repositories, Collection<String> archs, Duration maxAge) {
    Map<Repository.KeyringRef, Keyring> keyrings = new HashMap<>();
    List<SuiteRelease> suites = new ArrayList<>();
    Instant now = clock.instant();
    try {
      for (Repository repo : repositories) {
        for (String suite : repo.suites()) {
          Path kept = keptRelease(repo, suite);
          if (!Files.isRegularFile(kept)
              || Files.getLastModifiedTime(kept).toInstant().plus(maxAge).isBefore(now)) {
            return null;
          }
          byte[] bytes = Files.readAllBytes(kept);
          String where = "the cached InRelease of " + repo.id() + " " + suite;
          VerifiedInRelease verified = new InReleaseVerifier(keyring(keyrings, repo.keyring()), clock).verify(bytes, where);
          ReleaseFile release = ReleaseFile.parse(verified.signedText(), where);
          if (!release.describes(suite) || release.validUntil().map(now::isAfter).orElse(false)) {
            return null;
          }
          suites.add(new SuiteRelease(repo, null, suite, Digest.of(bytes), release, verified.signerFingerprints()));
        }
      }
    } catch (IOException | ArchiveException unusable) {
      return null; // fail closed: what cannot be verified again is not used
    }
    Map<String, List<IndexedPackages>> byArch = new LinkedHashMap<>();
    archs.forEach(a -> byArch.put(a, new ArrayList<>()));
    for (IndexTask t : plan(suites, archs)) {
      ReleaseFile.IndexFile file = indexFile(t.suite().release(), t.component(), t.dir());
      IndexedPackages parsed = file == null ? null : packagesIndex.cached(file.sha256(),
          new IndexOrigin(t.suite().repository().id(), t.suite().suite(), t.component()));
      if (parsed == null) {
        return null;
      }
      byArch.get(t.arch()).add(parsed);
    }
    return new Result(suites, byArch);
  }

  /** Where a suite's last verified InRelease is kept, named by repository and suite (never by mirror). */
  private Path keptRelease(Repository repo, String suite) {
    String key = Digest.of((repo.id() + " " + suite).getBytes(StandardCharsets.UTF_8)).hex();
    return downloader.store().root().resolve("releases").resolve(key + ".InRelease");
  }

  private static Keyring keyring(Map<Repository.KeyringRef, Keyring> loaded, Repository.KeyringRef ref)
      throws ArchiveException {
    synchronized (loaded) {
      Keyring k = loaded.get(ref);
      if (k == null) {
        k = ref.load();
        loaded.put(ref, k);
      }
      return k;
    }
  }

  SuiteRelease fetchRelease(Repository repo, URI base, String suite, Keyring keyring)
      throws BasaltException {
    URI uri = URI.create(base + "/dists/" + suite + "/InRelease");
    byte[] bytes = downloader.fetchBytes(uri);
    VerifiedInRelease verified = new InReleaseVerifier(keyring, clock).verify(bytes, uri.toString());
    ReleaseFile release = ReleaseFile.parse(verified.signedText(), uri.toString());
    if (!release.describes(suite)) {
      throw new ArchiveException(
          uri + " describes suite '" + release.suite() + "' (codename '" + release.codename()
              + "'), not '" + suite + "'; the mirror may be serving the wrong or an old release");
    }
    Instant now = clock.instant();
    if (release.validUntil().isPresent() && now.isAfter(release.validUntil().get())) {
      throw new ArchiveException(
          uri + " expired: its Valid-Until is " + release.validUntil().get() + " but now is "
              + now + "; the mirror is stale or replaying an old release. Use an up-to-date mirror.");
    }
    try {
      AtomicFiles.write(keptRelease(repo, suite), bytes);
    } catch (IOException e) {
      // Only an offline check (the build summary's) reads it back; without it, that check says so.
    }
    return new SuiteRelease(repo, base, suite, Digest.of(bytes), release, verified.signerFingerprints());
  }

  /** The index file the Release lists for a component's directory, in order of preference; null when none. */
  private static ReleaseFile.IndexFile indexFile(ReleaseFile release, String component, String dir) {
    for (String name : INDEX_NAMES) {
      ReleaseFile.IndexFile file = release.sha256().get(component + "/" + dir + "/" + name);
      if (file != null) {
        return file;
      }
    }
    return null;
  }

  private static boolean hasIndex(ReleaseFile release, String component, String dir) {
    return INDEX_NAMES.stream().anyMatch(n -> release.sha256().containsKey(component + "/" + dir + "/" + n));
  }

  private IndexedPackages fetchIndex(SuiteRelease suite, String component, String dir)
      throws BasaltException {
    ReleaseFile release = suite.release();
    String prefix = component + "/" + dir + "/";
    ReleaseFile.IndexFile file = indexFile(release, component, dir);
    String where = suite.repository().id() + " " + suite.suite();
    if (file == null) {
      throw new ArchiveException(
          "the Release file of " + where + " lists no " + prefix + "Packages.xz or .gz; "
              + "check the component and architecture (it offers components "
              + release.components() + " and architectures " + release.architectures() + ")");
    }
    IndexOrigin origin = new IndexOrigin(suite.repository().id(), suite.suite(), component);
    IndexedPackages parsed = packagesIndex.cached(file.sha256(), origin);
    if (parsed != null) {
      return parsed;
    }
    String dists = suite.baseUrl() + "/dists/" + suite.suite() + "/";
    URI plain = URI.create(dists + file.path());
    Path blob;
    if (release.acquireByHash()) {
      URI byHash = URI.create(dists + prefix + "by-hash/SHA256/" + file.sha256().hex());
      try {
        blob = downloader.fetchBlob(byHash, file.sha256(), file.size());
      } catch (DownloadException e) {
        if (e.status() != 404) {
          throw e;
        }
        // Some archives (debian-security) do not publish every index by hash; the plain path
        // is checked against the same signed digest, so it is just as safe, only racier.
        blob = downloader.fetchBlob(plain, file.sha256(), file.size());
      }
    } else {
      blob = downloader.fetchBlob(plain, file.sha256(), file.size());
    }
    return packagesIndex.read(blob, file.sha256(), file.path(), origin);
  }
}
