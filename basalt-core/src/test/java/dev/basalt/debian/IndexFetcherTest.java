package dev.basalt.debian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.cache.BlobStore;
import dev.basalt.cache.Downloader;
import dev.basalt.cache.IntegrityException;
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

/** The archive client against a signed fixture repository served on loopback. */
class IndexFetcherTest {
  static final TestPgpKey KEY = TestPgpKey.ed25519("Fixture Archive Key <archive@fixture.invalid>");
  static final TestPgpKey OTHER_KEY = TestPgpKey.ed25519("Someone Else <else@fixture.invalid>");
  static final Clock NOW = Clock.fixed(Instant.parse("2026-11-21T00:00:00Z"), ZoneOffset.UTC);

  @TempDir Path cache;
  FixtureArchive archive;
  Downloader downloader;

  @BeforeEach
  void setUp() {
    archive = new FixtureArchive(KEY);
    archive.suite("trixie").add(
        Pkg.of("libc6", "2.41-12").depends("libgcc-s1"),
        Pkg.of("libc6", "2.41-12", "arm64").depends("libgcc-s1"),
        Pkg.of("libgcc-s1", "14.2.0-19").depends("libc6 (>= 2.35)"),
        Pkg.of("libgcc-s1", "14.2.0-19", "arm64").depends("libc6 (>= 2.35)"),
        Pkg.of("tzdata", "2025b-4", "all"));
    archive.suite("trixie-security").add(Pkg.of("libc6", "2.41-12+deb13u1").depends("libgcc-s1"));
    downloader = new Downloader(new BlobStore(cache), 4, 3, Duration.ofMillis(1));
  }

  @AfterEach
  void tearDown() {
    archive.close();
    downloader.close();
  }

  private Repository repo(String... suites) throws Exception {
    return new Repository("debian", null, List.of(suites), List.of("main"),
        new Repository.KeyringRef(null, keyFile(KEY)));
  }

  private Path keyFile(TestPgpKey key) throws Exception {
    Path f = Files.createTempFile(cache, "key", ".asc");
    Files.write(f, key.publicKeyringArmored());
    return f;
  }

  private IndexFetcher fetcher(URI base) {
    return new IndexFetcher(downloader, new MirrorResolver(Map.of("debian", base), Map.of(),
        cache.resolve("none.yaml"), cache.resolve("no-apt")), NOW);
  }

  private static List<BinaryPackage> all(IndexFetcher.Result r, String arch) {
    return r.packagesByArch().get(arch).stream().flatMap(i -> i.all().stream()).toList();
  }

  @Test
  void fetchesVerifiedIndexesPerArchitectureThroughByHash() throws Exception {
    URI base = archive.start();
    IndexFetcher.Result r = fetcher(base).fetch(List.of(repo("trixie", "trixie-security")), List.of("amd64", "arm64"));

    assertThat(r.suites()).extracting(SuiteRelease::suite).containsExactly("trixie", "trixie-security");
    assertThat(r.suites().get(0).release().date()).isEqualTo("Fri, 20 Nov 2026 10:00:00 UTC");
    assertThat(r.suites().get(0).inReleaseSha256().hex())
        .isEqualTo(dev.basalt.cache.Digest.of(archive.files().get("/debian/dists/trixie/InRelease")).hex());
    assertThat(all(r, "amd64")).extracting(BinaryPackage::toString).containsExactly(
        "libc6 2.41-12 (amd64)", "libgcc-s1 14.2.0-19 (amd64)", "tzdata 2025b-4 (all)", "libc6 2.41-12+deb13u1 (amd64)");
    assertThat(all(r, "arm64")).extracting(BinaryPackage::toString).containsExactly(
        "libc6 2.41-12 (arm64)", "libgcc-s1 14.2.0-19 (arm64)", "tzdata 2025b-4 (all)");
    assertThat(all(r, "amd64").get(3).origin())
        .isEqualTo(new IndexOrigin("debian", "trixie-security", "main"));
    assertThat(archive.hits("/debian/dists/trixie/main/binary-amd64/Packages.xz")).isZero();
  }

  @Test
  void cachedGivesTheLastVerifiedIndexesOfflineOnlyWhileRecentAndIntact() throws Exception {
    URI base = archive.start();
    IndexFetcher fetcher = fetcher(base);
    List<Repository> repos = List.of(repo("trixie", "trixie-security"));
    assertThat(fetcher.cached(repos, List.of("amd64"), Duration.ofHours(24))).isNull();
    IndexFetcher.Result fetched = fetcher.fetch(repos, List.of("amd64"));
    archive.close();

    IndexFetcher.Result cached = fetcher.cached(repos, List.of("amd64"), Duration.ofHours(24));
    assertThat(cached.suites()).extracting(s -> s.inReleaseSha256().hex())
        .containsExactlyElementsOf(fetched.suites().stream().map(s -> s.inReleaseSha256().hex()).toList());
    assertThat(all(cached, "amd64")).extracting(BinaryPackage::toString).containsExactly(
        "libc6 2.41-12 (amd64)", "libgcc-s1 14.2.0-19 (amd64)", "tzdata 2025b-4 (all)", "libc6 2.41-12+deb13u1 (amd64)");
    assertThat(fetcher.cached(repos, List.of("arm64"), Duration.ofHours(24))).as("arm64 was never fetched").isNull();

    Path kept;
    try (var files = Files.list(cache.resolve("releases"))) {
      kept = files.filter(f -> new String(readAll(f)).contains("Suite: trixie-security")).findFirst().orElseThrow();
    }
    Files.setLastModifiedTime(kept, java.nio.file.attribute.FileTime.from(NOW.instant().minus(Duration.ofHours(25))));
    assertThat(fetcher.cached(repos, List.of("amd64"), Duration.ofHours(24))).as("too old").isNull();
    Files.write(kept, new String(readAll(kept)).replace("Label: Fixture", "Label: Evil").getBytes());
    Files.setLastModifiedTime(kept, java.nio.file.attribute.FileTime.from(NOW.instant()));
    assertThat(fetcher.cached(repos, List.of("amd64"), Duration.ofHours(24))).as("tampered").isNull();
  }

  private static byte[] readAll(Path f) {
    try {
      return Files.readAllBytes(f);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void aSecondFetchUsesTheCacheAndItsParsedForm() throws Exception {
    URI base = archive.start();
    fetcher(base).fetch(List.of(repo("trixie")), List.of("amd64"));
    int before = archive.totalHits();
    IndexFetcher.Result again = fetcher(base).fetch(List.of(repo("trixie")), List.of("amd64"));
    assertThat(archive.totalHits() - before).isEqualTo(1);
    assertThat(all(again, "amd64")).hasSize(3);
    try (var parsed = Files.list(cache.resolve("parsed"))) {
      assertThat(parsed.filter(p -> p.toString().endsWith(".pkgidx"))).hasSize(1);
    }
  }

  @Test
  void withoutByHashThePlainIndexPathIsUsed() throws Exception {
    archive.suite("trixie").byHash(false);
    URI base = archive.start();
    fetcher(base).fetch(List.of(repo("trixie")), List.of("amd64"));
    assertThat(archive.hits("/debian/dists/trixie/main/binary-amd64/Packages.xz")).isEqualTo(1);
  }

  @Test
  void aTamperedIndexIsRefusedAndNotCached() throws Exception {
    URI base = archive.start();
    String byHash = archive.files().keySet().stream()
        .filter(p -> p.startsWith("/debian/dists/trixie/main/binary-amd64/by-hash/")).findFirst().orElseThrow();
    byte[] good = archive.files().get(byHash);
    archive.tamper(byHash, b -> {
      byte[] copy = b.clone();
      copy[copy.length / 2] ^= 1;
      return copy;
    });
    assertThatThrownBy(() -> fetcher(base).fetch(List.of(repo("trixie")), List.of("amd64")))
        .isInstanceOf(IntegrityException.class)
        .hasMessageContaining(base + "/dists/trixie/main/binary-amd64/by-hash/SHA256/")
        .hasMessageContaining("but its index promises sha256:" + dev.basalt.cache.Digest.of(good).hex());
    try (var files = Files.walk(cache.resolve("blobs"))) {
      assertThat(files.filter(Files::isRegularFile)).isEmpty();
    }
  }

  @Test
  void aTruncatedIndexIsRefused() throws Exception {
    URI base = archive.start();
    String byHash = archive.files().keySet().stream()
        .filter(p -> p.startsWith("/debian/dists/trixie/main/binary-amd64/by-hash/")).findFirst().orElseThrow();
    int size = archive.files().get(byHash).length;
    archive.tamper(byHash, b -> java.util.Arrays.copyOf(b, b.length - 10));
    assertThatThrownBy(() -> fetcher(base).fetch(List.of(repo("trixie")), List.of("amd64")))
        .isInstanceOf(IntegrityException.class)
        .hasMessageContaining("has " + (size - 10) + " bytes, but its index promises " + size + " (truncated download?)");
  }

  @Test
  void aReleaseSignedByAnUnknownKeyIsRefused() throws Exception {
    archive.suite("trixie").signedBy(OTHER_KEY);
    URI base = archive.start();
    assertThatThrownBy(() -> fetcher(base).fetch(List.of(repo("trixie")), List.of("amd64")))
        .isInstanceOf(SignatureVerificationException.class)
        .hasMessageContaining(base + "/dists/trixie/InRelease");
  }

  @Test
  void aTamperedReleaseIsRefused() throws Exception {
    URI base = archive.start();
    archive.tamper("/debian/dists/trixie/InRelease",
        b -> new String(b, java.nio.charset.StandardCharsets.UTF_8).replace("Label: Fixture", "Label: Fixturf")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThatThrownBy(() -> fetcher(base).fetch(List.of(repo("trixie")), List.of("amd64")))
        .isInstanceOf(SignatureVerificationException.class)
        .hasMessageContaining(base + "/dists/trixie/InRelease");
  }

  @Test
  void anExpiredValidUntilIsRefused() throws Exception {
    archive.suite("trixie").validUntil(Instant.parse("2026-11-20T20:00:00Z"));
    URI base = archive.start();
    assertThatThrownBy(() -> fetcher(base).fetch(List.of(repo("trixie")), List.of("amd64")))
        .isInstanceOf(ArchiveException.class)
        .hasMessage(base + "/dists/trixie/InRelease expired: its Valid-Until is 2026-11-20T20:00:00Z but now is "
            + "2026-11-21T00:00:00Z; the mirror is stale or replaying an old release. Use an up-to-date mirror.");
  }

  @Test
  void aReleaseForAnotherSuiteIsRefused() throws Exception {
    URI base = archive.start();
    archive.files().put("/debian/dists/trixie-proposed/InRelease", archive.files().get("/debian/dists/trixie-security/InRelease"));
    assertThatThrownBy(() -> fetcher(base).fetch(List.of(repo("trixie-proposed")), List.of("amd64")))
        .hasMessage(base + "/dists/trixie-proposed/InRelease describes suite 'trixie-security' (codename "
            + "'trixie-security'), not 'trixie-proposed'; the mirror may be serving the wrong or an old release");
  }

  @Test
  void transientServerErrorsAreRetried() throws Exception {
    URI base = archive.start();
    archive.fail("/debian/dists/trixie/InRelease", 503, 2);
    IndexFetcher.Result r = fetcher(base).fetch(List.of(repo("trixie")), List.of("amd64"));
    assertThat(r.suites()).hasSize(1);
    assertThat(archive.hits("/debian/dists/trixie/InRelease")).isEqualTo(3);
  }

  @Test
  void aMissingSuiteIsAClearErrorWithoutRetries() throws Exception {
    URI base = archive.start();
    assertThatThrownBy(() -> fetcher(base).fetch(List.of(repo("forky")), List.of("amd64")))
        .hasMessage("GET " + base + "/dists/forky/InRelease answered HTTP 404: not found; check the mirror URL, "
            + "suite and component");
    assertThat(archive.hits("/debian/dists/forky/InRelease")).isEqualTo(1);
  }

  @Test
  void anArchitectureTheSuiteLacksIsNamed() throws Exception {
    URI base = archive.start();
    assertThatThrownBy(() -> fetcher(base).fetch(List.of(repo("trixie")), List.of("riscv64")))
        .hasMessage("the Release file of debian trixie lists no main/binary-riscv64/Packages.xz or .gz; check the "
            + "component and architecture (it offers components [main] and architectures [amd64, arm64])");
  }
}
