package dev.basalt.update;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.build.ResolveStep;
import dev.basalt.cache.BlobStore;
import dev.basalt.cache.Downloader;
import dev.basalt.debian.MirrorResolver;
import dev.basalt.lock.LockFiles;
import dev.basalt.spec.ImageSpec;
import dev.basalt.spec.SpecLoader;
import dev.basalt.testkit.FixtureArchive;
import dev.basalt.testkit.FixtureArchive.Pkg;
import dev.basalt.testkit.TestPgpKey;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build summary's security line: offline against the cached indexes, or saying it did not check. */
class BuildSecurityStatusTest {
  static final TestPgpKey KEY = TestPgpKey.ed25519("Fixture Archive Key <archive@fixture.invalid>");
  static final Clock NOW = Clock.fixed(Instant.parse("2026-11-21T00:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;
  FixtureArchive archive;
  Downloader downloader;
  MirrorResolver mirrors;
  ImageSpec spec;
  Path lock;

  @BeforeEach
  void setUp() throws Exception {
    archive = new FixtureArchive(KEY);
    archive.suite("trixie").add(Pkg.of("libc6", "2.41-12"), Pkg.of("libssl3t64", "3.5.1-1").depends("libc6"));
    archive.suite("trixie-security");
    URI base = archive.start();
    Files.write(dir.resolve("archive.asc"), KEY.publicKeyringArmored());
    Path specFile = dir.resolve("app.yaml");
    Files.writeString(specFile, """
        name: app
        archs: [amd64]
        contents:
          repositories:
            - archive: debian
              suites: [trixie, trixie-security]
              keyring: ./archive.asc
          packages: [libssl3t64]
        """);
    spec = SpecLoader.load(specFile);
    downloader = new Downloader(new BlobStore(dir.resolve("cache")), 4, 2, Duration.ofMillis(1));
    mirrors = new MirrorResolver(Map.of("debian", base), Map.of(), dir.resolve("none.yaml"), dir.resolve("no-apt"));
    ResolveStep.Result r = ResolveStep.resolveFresh(spec, List.of("amd64"), new ResolveStep.Options(List.of(),
        ResolveStep.LockMode.NONE, null, downloader, mirrors, NOW, n -> { }));
    lock = LockFiles.besideSpec(specFile);
    LockFiles.write(LockFiles.of(spec, r.suites(), r.resolutions()), lock);
  }

  @AfterEach
  void tearDown() {
    archive.close();
    downloader.close();
  }

  @Test
  void anUnlockedBuildHasNoneByConstruction() throws Exception {
    assertThat(BuildSecurityStatus.of(spec, null, downloader, mirrors, NOW)).isEqualTo(new BuildSecurityStatus(0,
        "security updates: none pending (resolved from the current indexes)"));
  }

  @Test
  void aLockedBuildIsComparedWithTheIndexesLastVerifiedOffline() throws Exception {
    assertThat(BuildSecurityStatus.of(spec, lock, downloader, mirrors, NOW).pending()).isZero();
    // A later resolve (basalt outdated, lock, an unlocked build) brings newer indexes into the cache.
    archive.suite("trixie-security").add(Pkg.of("libssl3t64", "3.5.1-1+deb13u1").depends("libc6"));
    archive.publish();
    new dev.basalt.debian.IndexFetcher(downloader, mirrors, NOW).fetch(spec.contents().repositories(), List.of("amd64"));
    archive.close();
    assertThat(BuildSecurityStatus.of(spec, lock, downloader, mirrors, NOW)).isEqualTo(new BuildSecurityStatus(1,
        "security updates: 1 pending for the lock against the cached indexes; `basalt lock --update "
            + spec.file() + "` takes them"));
  }

  @Test
  void withoutRecentIndexesInTheCacheItSaysItDidNotCheck() throws Exception {
    try (Downloader empty = new Downloader(new BlobStore(dir.resolve("other-cache")), 4, 2, Duration.ofMillis(1))) {
      assertThat(BuildSecurityStatus.of(spec, lock, empty, mirrors, NOW)).isEqualTo(new BuildSecurityStatus(null,
          "security updates: not checked (no indexes verified in the last 24 h in the cache; `basalt outdated "
              + spec.file() + "` checks)"));
    }
  }
}
