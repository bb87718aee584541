package dev.basalt.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.cache.Digest;
import dev.basalt.testkit.ExternalTool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciLayoutWriterTest {
  /** The index over the two test images; pins config, manifest and index JSON end to end. */
  static final String GOLDEN_INDEX = "sha256:7193a09eec93c6b59af28dff24f140d2ea38d7345a4e1851af03f20b26290f80";

  @TempDir Path tmp;

  private List<PlatformImage> images() throws IOException {
    Path layers = tmp.resolve("layers");
    return List.of(TestImages.image(layers, "amd64"), TestImages.image(layers, "arm64"));
  }

  private Descriptor writeLayout(Path dir) throws IOException {
    return new OciLayoutWriter(dir).write(images(), Map.of(Annotations.TITLE, "test"), "latest");
  }

  @Test
  void writesAnImageLayout() throws Exception {
    Path dir = tmp.resolve("layout");
    Descriptor index = writeLayout(dir);
    assertThat(index.digest()).hasToString(GOLDEN_INDEX);
    assertThat(Files.readString(dir.resolve("oci-layout"))).isEqualTo("{\"imageLayoutVersion\":\"1.0.0\"}");
    assertThat(Files.readString(dir.resolve("index.json"))).isEqualTo(
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
            + "{\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"digest\":\"" + index.digest()
            + "\",\"size\":" + index.size() + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"latest\"}}]}");

    Map<String, byte[]> files = files(dir);
    assertThat(files).hasSize(2 + 7); // oci-layout, index.json; 2 layers, 2 configs, 2 manifests, 1 index
    files.forEach((name, bytes) -> {
      if (name.startsWith("blobs/sha256/")) {
        assertThat(Digest.of(bytes).hex()).as(name).isEqualTo(name.substring("blobs/sha256/".length()));
      }
    });
    ImageIndex expected = ImageIndex.of(images().stream()
        .map(i -> i.manifest().descriptor().withPlatform(i.platform())).toList(), Map.of(Annotations.TITLE, "test"));
    assertThat(files.get("blobs/sha256/" + index.digest().hex())).isEqualTo(expected.toJson());
  }

  @Test
  void writingTwiceGivesTheSameBytesAndRepairsABadBlob() throws Exception {
    Path one = tmp.resolve("one");
    Path two = tmp.resolve("two");
    writeLayout(one);
    writeLayout(two);
    assertThat(files(two)).containsExactlyInAnyOrderEntriesOf(files(one));
    Map<String, byte[]> before = files(one);

    Path layer = one.resolve("blobs/sha256/" + images().get(0).layers().get(0).layer().digest().hex());
    Path config = one.resolve("blobs/sha256/" + images().get(0).config().descriptor().digest().hex());
    FileTime old = FileTime.fromMillis(1_000_000_000_000L);
    Files.setLastModifiedTime(layer, old);
    Files.writeString(config, "corrupted");
    writeLayout(one);
    assertThat(Files.getLastModifiedTime(layer)).as("a good blob is left alone").isEqualTo(old);
    assertThat(files(one)).containsExactlyInAnyOrderEntriesOf(before);
  }

  @Test
  void aLayerFileThatChangedIsRefused() throws Exception {
    PlatformImage image = images().get(0);
    Files.writeString(image.layers().get(0).file(), "not the layer");
    Path dir = tmp.resolve("layout");
    assertThatThrownBy(() -> new OciLayoutWriter(dir).writeImage(image))
        .isInstanceOf(IOException.class)
        .hasMessage(image.layers().get(0).file() + " has digest " + Digest.of("not the layer".getBytes(StandardCharsets.UTF_8))
            + " and 13 bytes, but is to be blob " + image.layers().get(0).layer().digest() + " of "
            + image.layers().get(0).layer().size() + " bytes; it changed after it was written");
    assertThat(files(dir)).isEmpty();
  }

  @Test
  void referencesFollowTheSpecGrammar() throws Exception {
    assertThat(OciLayoutWriter.isValidReference("latest")).isTrue();
    assertThat(OciLayoutWriter.isValidReference("v1.2.3-debug")).isTrue();
    assertThat(OciLayoutWriter.isValidReference("example.com/base:1--x")).isTrue();
    assertThat(OciLayoutWriter.isValidReference("")).isFalse();
    assertThat(OciLayoutWriter.isValidReference("-x")).isFalse();
    assertThat(OciLayoutWriter.isValidReference("a b")).isFalse();
    List<PlatformImage> images = images();
    assertThatThrownBy(() -> new OciLayoutWriter(tmp.resolve("x")).write(images, null, "bad ref"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a valid OCI layout reference (like latest, 1.2.3 or v1-debug): bad ref");
    assertThatThrownBy(() -> new OciLayoutWriter(tmp.resolve("x")).write(List.of(images.get(0), images.get(0)), null, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("two images for platform linux/amd64");
  }

  @Test
  void ociImageToolAcceptsIndexManifestAndConfig() throws Exception {
    ExternalTool tool = ExternalTool.require("oci-image-tool");
    Path dir = tmp.resolve("layout");
    Descriptor index = writeLayout(dir);
    PlatformImage arm = images().get(1);
    Map<String, Path> documents = Map.of(
        "imageIndex", blob(dir, index.digest()),
        "manifest", blob(dir, arm.manifest().descriptor().digest()),
        "config", blob(dir, arm.config().descriptor().digest()));
    for (Map.Entry<String, Path> d : new TreeMap<>(documents).entrySet()) {
      ExternalTool.Result r = tool.run("validate", "--type", d.getKey(), d.getValue().toString());
      assertThat(r.exitCode()).as(d.getKey() + ": " + r).isZero();
    }
    // The tool does check: a manifest with a string size is refused.
    Path broken = tmp.resolve("manifest-with-string-size.json");
    Files.writeString(broken, Files.readString(documents.get("manifest")).replaceFirst("\"size\":(\\d+)", "\"size\":\"$1\""));
    assertThat(tool.run("validate", "--type", "manifest", broken.toString()).exitCode()).isNotZero();
  }

  @Test
  void skopeoReadsTheLayoutForEachArchitecture() throws Exception {
    ExternalTool skopeo = ExternalTool.require("skopeo");
    Path dir = tmp.resolve("layout");
    Descriptor index = writeLayout(dir);

    ExternalTool.Result raw = skopeo.run("inspect", "--raw", "oci:" + dir + ":latest");
    assertThat(raw.exitCode()).as(raw.toString()).isZero();
    assertThat(raw.stdout().getBytes(StandardCharsets.UTF_8)).isEqualTo(Files.readAllBytes(blob(dir, index.digest())));

    List<PlatformImage> images = images();
    for (PlatformImage image : images) {
      String arch = image.platform().architecture();
      ExternalTool.Result r = skopeo.run("inspect", "--override-os", "linux", "--override-arch", arch,
          "oci:" + dir + ":latest");
      assertThat(r.exitCode()).as(r.toString()).isZero();
      JsonNode json = new ObjectMapper().readTree(r.stdout());
      // skopeo names the image by its top-level digest, the index's; the layers show the chosen platform.
      assertThat(json.get("Digest").asText()).isEqualTo(index.digest().toString());
      assertThat(json.get("Architecture").asText()).isEqualTo(arch);
      assertThat(json.get("Os").asText()).isEqualTo("linux");
      assertThat(json.get("Layers").get(0).asText()).isEqualTo(image.layers().get(0).layer().digest().toString());
      assertThat(json.get("Env").get(0).asText()).isEqualTo("PATH=/usr/bin:/bin");
    }

    ExternalTool.Result copy = skopeo.run("--insecure-policy", "copy", "--all", "oci:" + dir + ":latest",
        "oci:" + tmp.resolve("copy") + ":latest");
    assertThat(copy.exitCode()).as(copy.toString()).isZero();
  }

  private static Path blob(Path dir, Digest digest) {
    return dir.resolve("blobs/sha256/" + digest.hex());
  }

  static Map<String, byte[]> files(Path dir) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    if (!Files.exists(dir)) {
      return files;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        files.put(dir.relativize(p).toString(), Files.readAllBytes(p));
      }
    }
    return files;
  }
}
