package dev.basalt.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.build.BuildStep;
import dev.basalt.image.ImageLocation;
import dev.basalt.oci.MediaTypes;
import dev.basalt.testkit.FaultProxy;
import dev.basalt.testkit.FixtureImages;
import dev.basalt.testkit.RegistryServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pushes through a proxy that fails requests on purpose: server errors and 429 are retried (after
 * Retry-After), a connection reset in the middle of a chunk resumes where the registry says the
 * upload stands, and a failure that outlasts the retries leaves no tag behind. Registry error
 * bodies become messages with their codes.
 */
class RegistryFaultTest {
  @TempDir static Path shared;
  static RegistryServer registry;
  static BuildStep.Result built;
  FaultProxy proxy;
  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    registry = RegistryServer.in(Files.createDirectories(shared.resolve("registry"))).start();
    built = FixtureImages.twoArch(shared.resolve("build"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (registry != null) {
      registry.close();
    }
  }

  @BeforeEach
  void startProxy() throws Exception {
    proxy = new FaultProxy(registry.port());
  }

  @AfterEach
  void stopProxy() throws Exception {
    proxy.close();
  }

  private static RegistryOptions options() {
    return RegistryOptions.defaults().withInsecure(true).withCredentials(CredentialStore.none())
        .withRetries(4, Duration.ofMillis(20));
  }

  private RegistryReference target(String repoTag) throws ReferenceException {
    return RegistryReference.parse("docker://" + proxy.authority() + "/" + repoTag);
  }

  private RegistryPusher.Result push(String repoTag, long chunkSize, long monolithicLimit) throws Exception {
    return RegistryPusher.push(new ImageLocation.Layout(built.layout(), null), target(repoTag), options(),
        new RegistryPusher.Options(chunkSize, monolithicLimit, BlobSightings.none()));
  }

  /** Pulls the tag back directly from the registry, every digest and size checked, and returns the root's digest. */
  private String pullBack(String repoTag) throws Exception {
    RegistryReference direct = RegistryReference.parse("docker://" + registry.authority() + "/" + repoTag);
    return RegistryPuller.pull(direct, dir.resolve("back"), "latest", options(), BlobSightings.none()).root().digest()
        .toString();
  }

  private long count(String method, String pathPart) {
    return proxy.requests().stream().filter(q -> q.method().equals(method) && q.target().contains(pathPart)).count();
  }

  @Test
  void serverErrorsAndTooManyRequestsAreRetriedHonouringRetryAfter() throws Exception {
    proxy.failWith(q -> q.method().equals("HEAD") && q.path().contains("/blobs/"), 2, 503, Map.of());
    proxy.failWith(q -> q.method().equals("POST") && q.path().endsWith("/blobs/uploads/"), 1, 429,
        Map.of("Retry-After", "1"));
    proxy.failWith(q -> q.method().equals("PUT") && q.path().contains("/manifests/"), 1, 500, Map.of());
    long start = System.nanoTime();
    RegistryPusher.Result r = push("faults/retry:1", 1 << 20, 1 << 20);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(r.blobsUploaded()).isEqualTo(RegistryPushPullTest.BLOBS);
    assertThat(millis).as("waited for Retry-After").isGreaterThanOrEqualTo(1000);
    assertThat(count("POST", "/blobs/uploads/")).isEqualTo(RegistryPushPullTest.BLOBS + 1);
    assertThat(pullBack("faults/retry:1")).isEqualTo(built.digest().toString());
  }

  @Test
  void aConnectionResetMidChunkResumesFromTheRegistrysRange() throws Exception {
    // The third PATCH of the whole push breaks off halfway through its body.
    int[] patches = {0};
    proxy.resetMidBody(q -> q.method().equals("PATCH") && ++patches[0] == 3, 1);
    RegistryPusher.Result r = push("faults/resume:1", 16 * 1024, 0);
    assertThat(r.blobsUploaded()).isEqualTo(RegistryPushPullTest.BLOBS);
    // One status query for the upload that broke, and one session for each blob: none restarted.
    assertThat(count("GET", "/blobs/uploads/")).isEqualTo(1);
    assertThat(count("POST", "/blobs/uploads/")).isEqualTo(RegistryPushPullTest.BLOBS);
    assertThat(pullBack("faults/resume:1")).isEqualTo(built.digest().toString());
  }

  @Test
  void aResetDuringAMonolithicUploadStartsANewSession() throws Exception {
    proxy.resetMidBody(q -> q.method().equals("PUT") && q.target().contains("digest=sha256"), 2);
    RegistryPusher.Result r = push("faults/restart:1", 1 << 20, 1 << 20);
    assertThat(r.blobsUploaded()).isEqualTo(RegistryPushPullTest.BLOBS);
    assertThat(count("POST", "/blobs/uploads/")).isEqualTo(RegistryPushPullTest.BLOBS + 2);
    assertThat(pullBack("faults/restart:1")).isEqualTo(built.digest().toString());
  }

  @Test
  void aFailureThatOutlastsTheRetriesLeavesNoTag() throws Exception {
    proxy.failWith(q -> q.method().equals("PUT") && q.target().contains("digest=sha256"), 1000, 502, Map.of());
    assertThatThrownBy(() -> push("faults/broken:1", 1 << 20, 1 << 20))
        .isInstanceOf(RegistryException.class)
        .hasMessageStartingWith("upload of blob sha256:")
        .hasMessageEndingWith(" failed: PUT answered HTTP 502 (gave up after 4 attempts)");
    assertThat(count("PUT", "/manifests/")).isZero();
    RegistryClient direct = RegistryClient.forPull(RegistryReference.parse("docker://" + registry.authority()
        + "/faults/broken:1"), options());
    assertThat(direct.manifestDigest("1")).isEmpty();
  }

  @Test
  void registryErrorBodiesBecomeMessagesWithTheirCodes() throws Exception {
    RegistryClient client = RegistryClient.forPush(target("faults/errors:1"), options());
    String missing = "sha256:" + "ab".repeat(32);
    byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":{\"mediaType\":\""
        + MediaTypes.OCI_CONFIG + "\",\"digest\":\"" + missing + "\",\"size\":2},\"layers\":[]}")
        .getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> client.putManifest("1", manifest, MediaTypes.OCI_MANIFEST))
        .isInstanceOf(RegistryResponseException.class)
        .hasMessage("PUT /v2/faults/errors/manifests/1 on " + proxy.authority() + " answered HTTP 400 MANIFEST_BLOB_UNKNOWN:"
            + " blob unknown to registry (" + missing + ")")
        .satisfies(e -> assertThat(((RegistryResponseException) e).codes()).containsExactly("MANIFEST_BLOB_UNKNOWN"));
    assertThatThrownBy(() -> client.putManifest("1", "{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8),
        "application/vnd.example.unknown+json"))
        .isInstanceOf(RegistryResponseException.class)
        .hasMessage("PUT /v2/faults/errors/manifests/1 on " + proxy.authority() + " answered HTTP 400 MANIFEST_INVALID:"
            + " manifest invalid")
        .satisfies(e -> assertThat(((RegistryResponseException) e).status()).isEqualTo(400))
        .satisfies(e -> assertThat(((RegistryResponseException) e).codes()).containsExactly("MANIFEST_INVALID"));
    assertThatThrownBy(() -> client.fetchManifest("nope"))
        .isInstanceOf(RegistryResponseException.class)
        .hasMessage("GET /v2/faults/errors/manifests/nope on " + proxy.authority() + " answered HTTP 404"
            + " MANIFEST_UNKNOWN: manifest unknown; no manifest 'nope' in "
            + proxy.authority() + "/faults/errors");
    assertThat(List.of(proxy.requests().get(0).toString())).containsExactly("GET /v2/");
  }
}
