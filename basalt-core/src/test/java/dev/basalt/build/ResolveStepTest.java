package dev.basalt.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.cache.BlobStore;
import dev.basalt.cache.Digest;
import dev.basalt.cache.Downloader;
import dev.basalt.cache.IntegrityException;
import dev.basalt.debian.MirrorResolver;
import dev.basalt.debian.Resolution;
import dev.basalt.lock.LockException;
import dev.basalt.lock.LockFile;
import dev.basalt.lock.LockFiles;
import dev.basalt.spec.ImageSpec;
import dev.basalt.spec.SpecException;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spec to resolved, locked and fetched packages, end to end against the fixture archive. */
class ResolveStepTest {
  static final TestPgpKey KEY = TestPgpKey.ed25519("Fixture Archive Key <archive@fixture.invalid>");
  static final Clock NOW = Clock.fixed(Instant.parse("2026-11-21T00:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;
  FixtureArchive archive;
  Downloader downloader;
  URI base;
  Path specFile;
  final List<String> notices = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    archive = new FixtureArchive(KEY);
    for (String arch : List.of("amd64", "arm64")) {
      archive.suite("trixie").add(
          Pkg.of("base-files", "13.8", arch),
          Pkg.of("libc6", "2.41-12", arch).depends("libgcc-s1").breaks("libssl3t64 (<< 3.0)"),
          Pkg.of("libgcc-s1", "14.2.0-19", arch).preDepends("libc6 (>= 2.35)").depends("gcc-14-base (= 14.2.0-19)"),
          Pkg.of("gcc-14-base", "14.2.0-19", arch),
          Pkg.of("libssl3t64", "3.5.1-1", arch).depends("libc6 (>= 2.38), libzstd1"),
          Pkg.of("libzstd1", "1.5.7+dfsg-1", arch).depends("libc6 (>= 2.14)"),
          Pkg.of("cdebconf", "0.280", arch).provides("debconf-2.0"));
    }
    archive.suite("trixie").add(
        Pkg.of("tzdata", "2025b-4", "all").depends("debconf (>= 0.5) | debconf-2.0"),
        Pkg.of("debconf", "1.5.91", "all").provides("debconf-2.0"));
    archive.suite("trixie-security").add(Pkg.of("libssl3t64", "3.5.1-1+deb13u1", "amd64").depends("libc6 (>= 2.38), libzstd1"));
    base = archive.start();
    Files.write(dir.resolve("archive.asc"), KEY.publicKeyringArmored());
    specFile = dir.resolve("app.yaml");
    writeSpec("[tzdata, libssl3t64]");
    downloader = new Downloader(new BlobStore(dir.resolve("cache")), 4, 2, Duration.ofMillis(1));
  }

  @AfterEach
  void tearDown() {
    archive.close();
    downloader.close();
  }

  private void writeSpec(String packages) throws Exception {
    Files.writeString(specFile, """
        name: app
        archs: [amd64, arm64]
        contents:
          repositories:
            - archive: debian
              suites: [trixie, trixie-security]
              keyring: ./archive.asc
          packages: %s
          exclude: [debconf, debconf-2.0]
        """.formatted(packages));
  }

  private ResolveStep.Options options(ResolveStep.LockMode mode, Path lock) {
    return new ResolveStep.Options(List.of(), mode, lock, downloader, mirrors(), NOW, notices::add);
  }

  private MirrorResolver mirrors() {
    return new MirrorResolver(Map.of("debian", base), Map.of(), dir.resolve("none.yaml"), dir.resolve("no-apt"));
  }

  private static List<String> names(Resolution r) {
    return r.packages().stream().map(p -> p.pkg().name() + "=" + p.pkg().version()).toList();
  }

  @Test
  void resolvesEachArchitectureWithSecurityUpdatesAndExclusions() throws Exception {
    ResolveStep.Result r = ResolveStep.run(SpecLoader.load(specFile), options(ResolveStep.LockMode.AUTO, null));
    assertThat(r.lockUsed()).isNull();
    assertThat(r.resolutions()).extracting(Resolution::arch).containsExactly("amd64", "arm64");
    assertThat(names(r.resolutions().get(0))).containsExactly("gcc-14-base=14.2.0-19", "libc6=2.41-12",
        "libgcc-s1=14.2.0-19", "libssl3t64=3.5.1-1+deb13u1", "libzstd1=1.5.7+dfsg-1", "tzdata=2025b-4");
    assertThat(names(r.resolutions().get(1))).contains("libssl3t64=3.5.1-1");
    assertThat(r.resolutions().get(0).dropped())
        .containsExactly(new Resolution.Dropped("tzdata", "debconf (>= 0.5) | debconf-2.0"));
  }

  @Test
  void lockIsByteIdenticalForTheSameInputsAndReplacesTheIndexes() throws Exception {
    ImageSpec spec = SpecLoader.load(specFile);
    ResolveStep.Result fresh = ResolveStep.resolveFresh(spec, spec.archs(), options(ResolveStep.LockMode.NONE, null));
    LockFile lock = LockFiles.of(spec, fresh.suites(), fresh.resolutions());
    byte[] bytes = LockFiles.toBytes(lock);
    ResolveStep.Result again = ResolveStep.resolveFresh(spec, spec.archs(), options(ResolveStep.LockMode.NONE, null));
    assertThat(LockFiles.toBytes(LockFiles.of(spec, again.suites(), again.resolutions()))).isEqualTo(bytes);

    String json = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    assertThat(json).doesNotContain("127.0.0.1").contains("\"specSha256\": \"" + spec.digest().hex() + "\"")
        .contains("\"inReleaseSha256\": \"" + Digest.of(archive.files().get("/debian/dists/trixie/InRelease")).hex() + "\"")
        .contains("\"date\": \"Fri, 20 Nov 2026 10:00:00 UTC\"")
        .contains("\"filename\": \"pool/main/l/libssl3t64/libssl3t64_3.5.1-1+deb13u1_amd64.deb\"");

    Path lockPath = LockFiles.besideSpec(specFile);
    assertThat(lockPath).isEqualTo(dir.resolve("app.lock.json"));
    LockFiles.write(lock, lockPath);
    assertThat(LockFiles.read(lockPath)).isEqualTo(lock);

    archive.close();
    ResolveStep.Result locked = ResolveStep.run(spec, options(ResolveStep.LockMode.AUTO, null));
    assertThat(locked.lockUsed()).isEqualTo(lockPath);
    assertThat(notices).containsExactly("using lock file " + lockPath);
    for (int i = 0; i < 2; i++) {
      assertThat(names(locked.resolutions().get(i))).isEqualTo(names(fresh.resolutions().get(i)));
      assertThat(locked.resolutions().get(i).packages()).extracting(Resolution.Resolved::requiredBy)
          .isEqualTo(fresh.resolutions().get(i).packages().stream().map(Resolution.Resolved::requiredBy).toList());
      assertThat(locked.resolutions().get(i).dropped()).isEqualTo(fresh.resolutions().get(i).dropped());
    }
  }

  @Test
  void aLockForAnotherVersionOfTheSpecIsRefused() throws Exception {
    ImageSpec spec = SpecLoader.load(specFile);
    ResolveStep.Result fresh = ResolveStep.resolveFresh(spec, spec.archs(), options(ResolveStep.LockMode.NONE, null));
    LockFiles.write(LockFiles.of(spec, fresh.suites(), fresh.resolutions()), LockFiles.besideSpec(specFile));
    writeSpec("[tzdata, libssl3t64, base-files]");
    ImageSpec changed = SpecLoader.load(specFile);
    assertThatThrownBy(() -> ResolveStep.run(changed, options(ResolveStep.LockMode.AUTO, null)))
        .isInstanceOfSatisfying(LockException.class, e -> {
          assertThat(e.exitCode()).isEqualTo(2);
          assertThat(e.getMessage()).contains("was made for a different version of " + specFile)
              .contains("run `basalt lock " + specFile + "` to refresh it, or pass --no-lock");
        });
    assertThat(ResolveStep.run(changed, options(ResolveStep.LockMode.NONE, null)).resolutions().get(0).packages()).hasSize(7);
  }

  @Test
  void unknownPackagesAndExclusionsPointAtTheirLine() throws Exception {
    writeSpec("[tzdata, libssl3]");
    ImageSpec spec = SpecLoader.load(specFile);
    assertThatThrownBy(() -> ResolveStep.run(spec, options(ResolveStep.LockMode.NONE, null)))
        .isInstanceOfSatisfying(SpecException.class, e -> {
          assertThat(e.line()).isEqualTo(8);
          assertThat(e.getMessage()).isEqualTo(specFile + ":8: unknown package 'libssl3' in 'packages': no package named "
              + "'libssl3' for amd64 in the configured suites; did you mean libssl3t64?");
        });
    Files.writeString(specFile, Files.readString(specFile).replace("exclude: [debconf, debconf-2.0]", "exclude: [debconf, debconff]").replace("libssl3]", "libssl3t64]"));
    ImageSpec typo = SpecLoader.load(specFile);
    assertThatThrownBy(() -> ResolveStep.run(typo, options(ResolveStep.LockMode.NONE, null)))
        .hasMessage(specFile + ":9: 'debconff' in 'exclude' is neither a package nor a virtual package in the "
            + "configured suites; did you mean 'debconf'?");
  }

  @Test
  void fetchBringsEveryPackageIntoTheCacheVerifiedAndOnce() throws Exception {
    ImageSpec spec = SpecLoader.load(specFile);
    ResolveStep.Result r = ResolveStep.run(spec, options(ResolveStep.LockMode.NONE, null));
    Map<Digest, Path> fetched = FetchStep.run(spec, r.resolutions(), downloader, mirrors());
    assertThat(fetched).hasSize(11);
    String tzdata = "/debian/pool/main/t/tzdata/tzdata_2025b-4_all.deb";
    assertThat(archive.hits(tzdata)).isEqualTo(1);
    for (Map.Entry<Digest, Path> e : fetched.entrySet()) {
      assertThat(BlobStore.digestOf(e.getValue())).isEqualTo(e.getKey());
    }
    FetchStep.run(spec, r.resolutions(), downloader, mirrors());
    assertThat(archive.hits(tzdata)).isEqualTo(1);

    Path cached = fetched.values().iterator().next();
    Files.write(cached, new byte[] {1, 2, 3});
    FetchStep.run(spec, r.resolutions(), downloader, mirrors());
    assertThat(BlobStore.digestOf(cached)).isEqualTo(fetched.keySet().iterator().next());
  }

  @Test
  void aTruncatedPackageIsRefusedAndNeverCached() throws Exception {
    ImageSpec spec = SpecLoader.load(specFile);
    ResolveStep.Result r = ResolveStep.run(spec, options(ResolveStep.LockMode.NONE, null));
    String deb = "/debian/pool/main/l/libzstd1/libzstd1_1.5.7+dfsg-1_amd64.deb";
    int size = archive.files().get(deb).length;
    archive.tamper(deb, b -> java.util.Arrays.copyOf(b, b.length / 2));
    assertThatThrownBy(() -> FetchStep.run(spec, r.resolutions(), downloader, mirrors()))
        .isInstanceOf(IntegrityException.class)
        .hasMessage(base + "/pool/main/l/libzstd1/libzstd1_1.5.7+dfsg-1_amd64.deb has " + (size / 2)
            + " bytes, but its index promises " + size + " (truncated download?)");
    String digest = r.resolutions().get(0).packages().stream().filter(p -> p.pkg().name().equals("libzstd1"))
        .findFirst().orElseThrow().pkg().sha256();
    assertThat(downloader.store().pathOf(Digest.parse(digest))).doesNotExist();
  }
}
