package dev.basalt.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.build.BuildStep;
import dev.basalt.cache.BlobStore;
import dev.basalt.cache.Digest;
import dev.basalt.image.ImageLocation;
import dev.basalt.image.ImageSource;
import dev.basalt.image.SourceImage;
import dev.basalt.testkit.ExternalTool;
import dev.basalt.testkit.FaultProxy;
import dev.basalt.testkit.FixtureImages;
import dev.basalt.testkit.RegistryServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Push and pull against a real registry (Debian's docker-registry, distribution 2.8, which has no
 * referrers API), checked with skopeo: the bytes basalt pushes are the layout's, what skopeo
 * pushes basalt pulls back to the same digests, a second push uploads nothing.
 */
class RegistryPushPullTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path shared;
  static RegistryServer registry;
  static BuildStep.Result built;
  static Path layout;
  @TempDir Path dir;
  /** Two layers, two configs, four SBOMs, the provenance statement and the artifacts' empty config. */
  static final int BLOBS = 10;

  @BeforeAll
  static void startRegistryAndBuild() throws Exception {
    registry = RegistryServer.in(Files.createDirectories(shared.resolve("registry"))).start();
    built = FixtureImages.twoArch(shared.resolve("build"));
    layout = built.layout();
  }

  @AfterAll
  static void stopRegistry() throws Exception {
    if (registry != null) {
      registry.close();
    }
  }

  static RegistryOptions options() {
    return RegistryOptions.defaults().withInsecure(true).withCredentials(CredentialStore.none())
        .withRetries(3, Duration.ofMillis(10));
  }

  RegistryPusher.Options pushOptions() {
    return new RegistryPusher.Options(1 << 20, 1 << 20, BlobSightings.load(dir.resolve("sightings.json")));
  }

  static RegistryReference ref(String authority, String repoAndTag) throws ReferenceException {
    return RegistryReference.parse("docker://" + authority + "/" + repoAndTag);
  }

  static byte[] blob(Path layout, Digest d) throws Exception {
    return Files.readAllBytes(layout.resolve("blobs/sha256").resolve(d.hex()));
  }

  /** Every blob the layout's index.json reaches: the image and its referrers. */
  static Set<String> blobNames(Path layout) throws Exception {
    try (Stream<Path> s = Files.list(layout.resolve("blobs/sha256"))) {
      return new TreeSet<>(s.map(p -> p.getFileName().toString()).toList());
    }
  }

  /** The bytes of every blob but the manifests and indexes, which are not uploaded as blobs. */
  static long layoutBlobBytes() throws Exception {
    long total = 0;
    for (String name : blobNames(layout)) {
      JsonNode doc = null;
      byte[] bytes = Files.readAllBytes(layout.resolve("blobs/sha256").resolve(name));
      try {
        doc = JSON.readTree(bytes);
      } catch (java.io.IOException e) {
        // a layer
      }
      if (doc == null || !(doc.has("manifests") || doc.has("layers"))) {
        total += bytes.length;
      }
    }
    return total;
  }

  @Test
  void pushedIndexIsByteForByteTheLayoutsAndSkopeoCopiesItBack() throws Exception {
    ExternalTool skopeo = ExternalTool.require("skopeo");
    RegistryPusher.Result r = RegistryPusher.push(new ImageLocation.Layout(layout, null),
        ref(registry.authority(), "basalt/app:1.0"), options(), pushOptions());

    assertThat(r.digest()).isEqualTo(built.digest());
    assertThat(r.target().toString()).isEqualTo(registry.authority() + "/basalt/app:1.0");
    // Every blob of the layout is new here.
    assertThat(List.of(r.blobsUploaded(), r.blobsMounted(), r.blobsPresent())).containsExactly(BLOBS, 0, 0);
    assertThat(r.bytesUploaded()).isEqualTo(layoutBlobBytes());
    assertThat(r.referrers()).isEqualTo(RegistryPusher.ReferrersMode.FALLBACK_TAG);
    ExternalTool.Result raw = skopeo.run("inspect", "--raw", "--tls-verify=false",
        "docker://" + registry.authority() + "/basalt/app:1.0");
    assertThat(raw.exitCode()).as(raw.toString()).isZero();
    assertThat(raw.stdout().getBytes(java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(blob(layout, built.digest()));

    Path copy = dir.resolve("copy");
    ExternalTool.Result c = skopeo.run("copy", "--all", "--src-tls-verify=false",
        "docker://" + registry.authority() + "/basalt/app:1.0", "oci:" + copy + ":1.0");
    assertThat(c.exitCode()).as(c.toString()).isZero();
    JsonNode copied = JSON.readTree(copy.resolve("index.json").toFile()).get("manifests").get(0);
    assertThat(copied.get("digest").asText()).isEqualTo(built.digest().toString());
    // skopeo copies the image (index, manifests, configs, layers), not the referrers.
    Set<String> imageBlobs = blobNames(copy);
    assertThat(blobNames(layout)).containsAll(imageBlobs);
    for (String name : imageBlobs) {
      assertThat(Files.readAllBytes(copy.resolve("blobs/sha256").resolve(name)))
          .isEqualTo(Files.readAllBytes(layout.resolve("blobs/sha256").resolve(name)));
    }
  }

  @Test
  void aSecondPushUploadsNothingAndTheReferrersFallbackTagListsEachPlatformsSboms() throws Exception {
    try (FaultProxy proxy = new FaultProxy(registry.port())) {
      RegistryReference target = ref(proxy.authority(), "basalt/again:1");
      RegistryPusher.push(new ImageLocation.Layout(layout, null), target, options(), pushOptions());
      proxy.clearLog();
      RegistryPusher.Result second = RegistryPusher.push(new ImageLocation.Layout(layout, null), target, options(),
          pushOptions());
      assertThat(List.of(second.blobsUploaded(), second.blobsMounted(), second.blobsPresent(), second.manifestsPut()))
          .containsExactly(0, 0, BLOBS, 0);
      List<String> methods = proxy.requests().stream().map(FaultProxy.Request::method).distinct().sorted().toList();
      assertThat(methods).containsExactly("GET", "HEAD");
      assertThat(proxy.requests().stream().filter(q -> q.method().equals("HEAD") && q.path().contains("/blobs/")))
          .hasSize(BLOBS);
    }
    RegistryClient client = RegistryClient.forPull(ref(registry.authority(), "basalt/again"), options());
    JsonNode index = JSON.readTree(blob(layout, built.digest()));
    List<String> tags = new ArrayList<>();
    for (JsonNode platform : index.get("manifests")) {
      Digest subject = Digest.parse(platform.get("digest").asText());
      String tag = "sha256-" + subject.hex();
      tags.add(tag);
      JsonNode fallback = JSON.readTree(client.fetchManifest(tag).bytes());
      assertThat(fallback.get("mediaType").asText()).isEqualTo("application/vnd.oci.image.index.v1+json");
      List<String> types = new ArrayList<>();
      for (JsonNode d : fallback.get("manifests")) {
        types.add(d.get("artifactType").asText());
        JsonNode artifact = JSON.readTree(client.fetchManifest(d.get("digest").asText()).bytes());
        assertThat(artifact.get("subject").get("digest").asText()).isEqualTo(subject.toString());
        assertThat(Files.readAllBytes(layout.resolve("blobs/sha256").resolve(d.get("digest").asText().substring(7))))
            .isEqualTo(client.fetchManifest(d.get("digest").asText()).bytes());
      }
      assertThat(types).containsExactlyInAnyOrder("application/spdx+json", "application/vnd.cyclonedx+json");
    }
    // The root's own referrer, its provenance, has a fallback tag too.
    String rootTag = "sha256-" + built.digest().hex();
    JsonNode rootFallback = JSON.readTree(client.fetchManifest(rootTag).bytes());
    assertThat(rootFallback.get("manifests").findValuesAsText("artifactType")).containsExactly("application/vnd.in-toto+json");
    RegistryPusher.Result third = RegistryPusher.push(new ImageLocation.Layout(layout, null),
        ref(registry.authority(), "basalt/again:1"), options(), pushOptions());
    assertThat(third.tags()).containsExactlyInAnyOrder("1", tags.get(0), tags.get(1), rootTag);
  }

  @Test
  void basaltPullsWhatSkopeoPushedToTheSameDigestsAndReadsItBack() throws Exception {
    ExternalTool skopeo = ExternalTool.require("skopeo");
    ExternalTool.Result c = skopeo.run("copy", "--all", "--dest-tls-verify=false", "oci:" + layout + ":latest",
        "docker://" + registry.authority() + "/skopeo/app:2");
    assertThat(c.exitCode()).as(c.toString()).isZero();
    Path pulled = dir.resolve("pulled");
    RegistryPuller.Result r = RegistryPuller.pull(ref(registry.authority(), "skopeo/app:2"), pulled, "v2", options(),
        BlobSightings.none());
    assertThat(r.root().digest()).isEqualTo(built.digest());
    assertThat(List.of(r.manifests(), r.blobsFetched(), r.blobsPresent())).containsExactly(3, 4, 0);
    JsonNode entry = JSON.readTree(pulled.resolve("index.json").toFile()).get("manifests").get(0);
    assertThat(entry.toString()).isEqualTo("{\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"digest\":\""
        + built.digest() + "\",\"size\":" + blob(layout, built.digest()).length
        + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"v2\"}}");
    for (String name : blobNames(pulled)) {
      assertThat(Files.readAllBytes(pulled.resolve("blobs/sha256").resolve(name)))
          .isEqualTo(Files.readAllBytes(layout.resolve("blobs/sha256").resolve(name)));
    }
    try (ImageSource source = ImageSource.open(ImageLocation.parse("oci:" + pulled + ":v2"))) {
      assertThat(source.images()).extracting(SourceImage::arch).containsExactly("amd64", "arm64");
    }
    // Pulled again under another name: the blobs are there, the first entry stays.
    RegistryPuller.Result again = RegistryPuller.pull(ref(registry.authority(), "skopeo/app@" + built.digest()), pulled,
        "pinned", options(), BlobSightings.none());
    assertThat(List.of(again.blobsFetched(), again.blobsPresent())).containsExactly(0, 4);
    assertThat(JSON.readTree(pulled.resolve("index.json").toFile()).get("manifests")).extracting(
        m -> m.get("annotations").get("org.opencontainers.image.ref.name").asText()).containsExactly("v2", "pinned");
  }

  @Test
  void aDockerReferenceOpensAsAnImageSourceFromTheCache() throws Exception {
    RegistryPusher.push(new ImageLocation.Layout(layout, null), ref(registry.authority(), "basalt/source:3"), options(),
        pushOptions());
    BlobStore cache = new BlobStore(dir.resolve("cache"));
    try (FaultProxy proxy = new FaultProxy(registry.port())) {
      ImageLocation.Registry location = (ImageLocation.Registry) ImageLocation.parse(
          "docker://" + proxy.authority() + "/basalt/source:3");
      Path pulls;
      try (ImageSource source = RegistryImageSource.open(location, options(), cache)) {
        assertThat(source.location()).isEqualTo(location);
        assertThat(source.images()).extracting(SourceImage::arch).containsExactly("amd64", "arm64");
        assertThat(source.images()).extracting(SourceImage::name).containsOnly(proxy.authority() + "/basalt/source:3");
        SourceImage amd = source.images().get(0);
        source.checkLayer(amd, amd.layers().get(0));
        pulls = cache.root().resolve(RegistryImageSource.PULLS_DIR);
        try (Stream<Path> open = Files.list(pulls)) {
          assertThat(open).hasSize(1);
        }
      }
      try (Stream<Path> closed = Files.list(pulls)) {
        assertThat(closed).isEmpty();
      }
      proxy.clearLog();
      try (ImageSource again = RegistryImageSource.open(location, options(), cache)) {
        assertThat(again.images()).hasSize(2);
      }
      // Only the manifests are asked for again; the blobs come from the cache.
      assertThat(proxy.requests().stream().filter(q -> q.path().contains("/blobs/"))).isEmpty();
      assertThat(proxy.requests().stream().filter(q -> q.path().contains("/manifests/"))).hasSize(3);
    }
  }

  @Test
  void blobsSeenInASiblingRepositoryAreMountedAndChunkedUploadsArriveIntact() throws Exception {
    BlobSightings sightings = BlobSightings.load(dir.resolve("sightings.json"));
    RegistryPusher.Options chunked = new RegistryPusher.Options(16 * 1024, 0, sightings);
    try (FaultProxy proxy = new FaultProxy(registry.port())) {
      RegistryPusher.Result first = RegistryPusher.push(new ImageLocation.Layout(layout, null),
          ref(proxy.authority(), "chunks/one:1"), options(), chunked);
      assertThat(first.blobsUploaded()).isEqualTo(BLOBS);
      long patches = proxy.requests().stream().filter(q -> q.method().equals("PATCH")).count();
      assertThat(patches).isGreaterThan(BLOBS);
      proxy.clearLog();
      RegistryPusher.Result second = RegistryPusher.push(new ImageLocation.Layout(layout, null),
          ref(proxy.authority(), "chunks/two:1"), options(), new RegistryPusher.Options(16 * 1024, 0,
              BlobSightings.load(dir.resolve("sightings.json"))));
      assertThat(List.of(second.blobsUploaded(), second.blobsMounted(), second.blobsPresent()))
          .containsExactly(0, BLOBS, 0);
      assertThat(proxy.requests().stream().filter(q -> q.method().equals("POST")))
          .allMatch(q -> q.target().contains("?mount=sha256:") && q.target().endsWith("&from=chunks/one")).hasSize(BLOBS);
      assertThat(proxy.requests().stream().filter(q -> q.method().equals("PATCH"))).isEmpty();
    }
    Path back = dir.resolve("back");
    RegistryPuller.Result r = RegistryPuller.pull(ref(registry.authority(), "chunks/two:1"), back, "latest", options(),
        BlobSightings.none());
    assertThat(r.root().digest()).isEqualTo(built.digest());
    assertThat(r.blobsFetched()).isEqualTo(4);
  }

  @Test
  void aBlobCorruptedInTheRegistryIsRefusedOnPull() throws Exception {
    Path small = dev.basalt.testkit.TestImage.linux("amd64")
        .layer(l -> l.dir("/etc", 0755).file("/etc/corrupt-me", "original content " + dir, 0644))
        .writeLayout(dir.resolve("small"), "v1");
    RegistryPusher.push(new ImageLocation.Layout(small, null), ref(registry.authority(), "tamper/app:1"), options(),
        pushOptions());
    JsonNode manifest = JSON.readTree(blob(small, Digest.parse(JSON.readTree(small.resolve("index.json").toFile())
        .get("manifests").get(0).get("digest").asText())));
    Digest layer = Digest.parse(manifest.get("layers").get(0).get("digest").asText());
    Path data = registry.storage().resolve("docker/registry/v2/blobs/sha256").resolve(layer.hex().substring(0, 2))
        .resolve(layer.hex()).resolve("data");
    byte[] bytes = Files.readAllBytes(data);
    bytes[bytes.length / 2] ^= 1;
    Files.write(data, bytes);
    assertThatThrownBy(() -> RegistryPuller.pull(ref(registry.authority(), "tamper/app:1"), dir.resolve("t"), "x",
        options(), BlobSightings.none()))
        .isInstanceOf(RegistryIntegrityException.class)
        .hasMessageStartingWith(registry.authority() + "/tamper/app blob " + layer + " has digest sha256:")
        .hasMessageContaining("but its index promises " + layer);
    assertThat(dir.resolve("t/blobs/sha256").resolve(layer.hex())).doesNotExist();
    assertThat(dir.resolve("t/index.json")).doesNotExist();
  }
}
