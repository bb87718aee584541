package dev.basalt.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.cache.BlobStore;
import dev.basalt.cache.CacheVerifier;
import dev.basalt.cache.Digest;
import dev.basalt.cache.DownloadException;
import dev.basalt.cache.Downloader;
import dev.basalt.cache.IntegrityException;
import dev.basalt.debian.MirrorResolver;
import dev.basalt.debian.SignatureVerificationException;
import dev.basalt.oci.Compression;
import dev.basalt.spec.SpecLoader;
import dev.basalt.testkit.FaultFixture;
import dev.basalt.testkit.FixtureArchive;
import dev.basalt.testkit.FixtureArchive.Fault;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Builds against an archive that truncates, stalls, resets or answers 5xx (retried, same
 * result as an undisturbed build) or serves wrong bytes (refused, naming the file); afterwards
 * the cache holds no bad blob and no temp file.
 */
class NetworkFaultTest {
  static final Clock NOW = Clock.fixed(Instant.parse("2026-11-21T00:00:00Z"), ZoneOffset.UTC);
  static final Duration READ_TIMEOUT = Duration.ofMillis(400);
  static final String BULK_DEB = "/debian/pool/main/b/bulk-data/bulk-data_1.0_amd64.deb";
  static final String IN_RELEASE = "/debian/dists/trixie/InRelease";

  // One archive for the class: each test consumes the faults it sets and counts its own hits.
  @TempDir static Path shared;
  static FixtureArchive archive;
  static URI base;
  static Path spec;
  static Digest undisturbed;

  @TempDir Path dir;

  @BeforeAll
  static void startArchive() throws Exception {
    archive = FaultFixture.archive(64 * 1024);
    base = archive.start();
    archive.stallFor(Duration.ofSeconds(3));
    spec = FaultFixture.writeSpec(shared);
    undisturbed = build(shared.resolve("cache"), shared.resolve("out/app"), 3).digest();
  }

  @AfterAll
  static void stopArchive() {
    archive.close();
  }

  private static BuildStep.Result build(Path cache, Path out, int attempts) throws Exception {
    try (Downloader downloader = new Downloader(new BlobStore(cache), 4, attempts, Duration.ofMillis(1), READ_TIMEOUT)) {
      MirrorResolver mirrors = new MirrorResolver(Map.of("debian", base), Map.of(), shared.resolve("none"), shared.resolve("none"));
      ResolveStep.Options resolve = new ResolveStep.Options(List.of(), ResolveStep.LockMode.NONE, null, downloader, mirrors, NOW, m -> {});
      return BuildStep.run(SpecLoader.load(spec), new BuildStep.Options(resolve, out, null, Compression.GZIP, Map.of()));
    }
  }

  static Stream<Arguments> transientFaults() {
    return Stream.of("InRelease", "Packages", "deb").flatMap(target -> Stream.of(
        Arguments.of(target, Fault.TRUNCATE), Arguments.of(target, Fault.STALL), Arguments.of(target, Fault.RESET),
        Arguments.of(target, null)));
  }

  private static String pathOf(String target) {
    return switch (target) {
      case "InRelease" -> IN_RELEASE;
      case "Packages" -> FaultFixture.packagesByHash(archive);
      default -> BULK_DEB;
    };
  }

  /** A null fault is an HTTP 503. */
  @ParameterizedTest(name = "{1} on {0}")
  @MethodSource("transientFaults")
  void aTransientFaultIsRetriedAndGivesTheUndisturbedResult(String target, Fault fault) throws Exception {
    String path = pathOf(target);
    int before = archive.hits(path);
    if (fault == null) {
      archive.fail(path, 503, 1);
    } else {
      archive.fault(path, fault, 1);
    }
    Path cache = dir.resolve("cache");

    BuildStep.Result result = build(cache, dir.resolve("out/app"), 3);

    assertThat(result.digest()).isEqualTo(undisturbed);
    assertThat(archive.hits(path) - before).as("one broken answer, one good one").isEqualTo(2);
    CacheVerifier.Report report = CacheVerifier.verify(cache, false);
    assertThat(report.bad()).isEmpty();
    assertThat(report.temps()).isEmpty();
  }

  @Test
  void aFaultOnEveryAttemptFailsNamingTheUrlAndKeepsNothing() throws Exception {
    int before = archive.hits(BULK_DEB);
    archive.fault(BULK_DEB, Fault.TRUNCATE, 3);
    Path cache = dir.resolve("cache");

    assertThatThrownBy(() -> build(cache, dir.resolve("out/app"), 3))
        .isInstanceOf(DownloadException.class)
        .hasMessageContaining(base + "/pool/main/b/bulk-data/bulk-data_1.0_amd64.deb")
        .hasMessageContaining("gave up after 3 attempts");

    assertThat(archive.hits(BULK_DEB) - before).isEqualTo(3);
    assertNoBlobFor(cache, BULK_DEB);
    assertThat(Files.exists(dir.resolve("out/app"))).isFalse();
  }

  @Test
  void aStallBeyondTheReadTimeoutOnEveryAttemptFailsSaying() throws Exception {
    archive.fault(BULK_DEB, Fault.STALL, 2);
    Path cache = dir.resolve("cache");

    assertThatThrownBy(() -> build(cache, dir.resolve("out/app"), 2))
        .isInstanceOf(DownloadException.class)
        .hasMessageContaining("no data from " + base + "/pool/main/b/bulk-data/bulk-data_1.0_amd64.deb for 400 ms")
        .hasMessageContaining("gave up after 2 attempts");
    assertNoBlobFor(cache, BULK_DEB);
  }

  @Test
  void wrongBytesOfAPackageAreRefusedNamingItWithoutRetryAndNotCached() throws Exception {
    Path cache = dir.resolve("cache");
    int before = archive.hits(BULK_DEB);

    withFlippedBit(BULK_DEB, n -> n - 1, () ->
        assertThatThrownBy(() -> build(cache, dir.resolve("out/app"), 3))
            .isInstanceOf(IntegrityException.class)
            .hasMessageContaining(base + "/pool/main/b/bulk-data/bulk-data_1.0_amd64.deb has digest sha256:")
            .hasMessageContaining("tampered with or corrupted"));

    assertThat(archive.hits(BULK_DEB) - before).as("wrong bytes are not transient").isEqualTo(1);
    assertNoBlobFor(cache, BULK_DEB);
  }

  @Test
  void wrongBytesOfAnIndexAreRefusedNamingIt() throws Exception {
    String path = FaultFixture.packagesByHash(archive);
    Path cache = dir.resolve("cache");
    int before = archive.hits(path);

    withFlippedBit(path, n -> n / 2, () ->
        assertThatThrownBy(() -> build(cache, dir.resolve("out/app"), 3))
            .isInstanceOf(IntegrityException.class)
            .hasMessageContaining(base + path.substring("/debian".length()) + " has digest sha256:"));

    assertThat(archive.hits(path) - before).isEqualTo(1);
    assertThat(CacheVerifier.verify(cache, false).bad()).isEmpty();
    assertThat(Files.exists(new BlobStore(cache).pathOf(Digest.parse("sha256:" + path.substring(path.lastIndexOf('/') + 1)))))
        .isFalse();
  }

  @Test
  void wrongBytesOfTheInReleaseFailItsSignature() throws Exception {
    byte[] original = archive.files().get(IN_RELEASE);
    archive.tamper(IN_RELEASE, bytes -> new String(bytes, java.nio.charset.StandardCharsets.UTF_8)
        .replace("Label: Fixture", "Label: Fixturf").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    try {
      assertThatThrownBy(() -> build(dir.resolve("cache"), dir.resolve("out/app"), 3))
          .isInstanceOf(SignatureVerificationException.class)
          .hasMessageContaining("trixie");
    } finally {
      archive.files().put(IN_RELEASE, original);
    }
  }

  /** Serves {@code path} with one bit flipped at {@code index(length)} for the duration of {@code body}. */
  private static void withFlippedBit(String path, java.util.function.IntUnaryOperator index, ThrowingRunnable body)
      throws Exception {
    byte[] original = archive.files().get(path);
    archive.tamper(path, bytes -> {
      byte[] copy = bytes.clone();
      copy[index.applyAsInt(copy.length)] ^= 1;
      return copy;
    });
    try {
      body.run();
    } finally {
      archive.files().put(path, original);
    }
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  private void assertNoBlobFor(Path cache, String path) throws Exception {
    // The served bytes may be tampered with: look for the digest the index promises.
    Digest expected = expectedDigestOf(path);
    assertThat(Files.exists(new BlobStore(cache).pathOf(expected))).isFalse();
    CacheVerifier.Report report = CacheVerifier.verify(cache, false);
    assertThat(report.bad()).isEmpty();
    assertThat(report.temps()).isEmpty();
  }

  private static Digest expectedDigestOf(String path) {
    String packages = new String(archive.files().get("/debian/dists/trixie/main/binary-amd64/Packages"),
        java.nio.charset.StandardCharsets.UTF_8);
    String filename = path.substring("/debian/".length());
    int at = packages.indexOf("Filename: " + filename);
    int sha = packages.indexOf("SHA256: ", at);
    return Digest.parse("sha256:" + packages.substring(sha + 8, sha + 8 + 64));
  }
}
