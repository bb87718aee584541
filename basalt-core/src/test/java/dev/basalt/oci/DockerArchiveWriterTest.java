package dev.basalt.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.cache.Digest;
import dev.basalt.testkit.ExternalTool;
import dev.basalt.testkit.RawTar;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerArchiveWriterTest {
  static final String GOLDEN_ARCHIVE = "sha256:1d9e1d23b4f7369be0301e6c90cb2806fb9c5be5dc746ebd3b931dcb1c961285";

  @TempDir Path tmp;

  private Path archive(String name) throws Exception {
    Path target = tmp.resolve(name);
    new DockerArchiveWriter(TestImages.EPOCH).write(TestImages.image(tmp.resolve("layers"), "amd64"), "basalt/test:1.0", target);
    return target;
  }

  @Test
  void archiveHoldsManifestConfigLayerAndOciIndex() throws Exception {
    PlatformImage image = TestImages.image(tmp.resolve("layers"), "amd64");
    Path file = archive("image.tar");
    assertThat(Digest.of(Files.readAllBytes(file))).hasToString(GOLDEN_ARCHIVE);

    String config = image.config().descriptor().digest().hex();
    String layer = image.layers().get(0).layer().digest().hex();
    String manifest = image.manifest().descriptor().digest().hex();
    List<RawTar.Header> headers = RawTar.read(Files.readAllBytes(file));
    assertThat(headers).extracting(RawTar.Header::name).containsExactlyElementsOf(
        List.of("blobs/", "blobs/sha256/", "blobs/sha256/" + config, "blobs/sha256/" + layer,
            "blobs/sha256/" + manifest, "index.json", "manifest.json", "oci-layout").stream().sorted().toList());
    for (RawTar.Header h : headers) {
      assertThat(h.uid()).isEqualTo("0000000 ");
      assertThat(h.gid()).isEqualTo("0000000 ");
      assertThat(h.uname()).isEmpty();
      assertThat(h.mtime()).isEqualTo(String.format("%011o ", TestImages.EPOCH));
      assertThat(h.mode()).isEqualTo(h.name().endsWith("/") ? "0000755 " : "0000644 ");
    }
    RawTar.Header manifestJson = headers.stream().filter(h -> h.name().equals("manifest.json")).findFirst().orElseThrow();
    assertThat(manifestJson.dataText()).isEqualTo("[{\"Config\":\"blobs/sha256/" + config
        + "\",\"RepoTags\":[\"basalt/test:1.0\"],\"Layers\":[\"blobs/sha256/" + layer + "\"]}]");
    RawTar.Header index = headers.stream().filter(h -> h.name().equals("index.json")).findFirst().orElseThrow();
    assertThat(index.dataText()).isEqualTo("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
        + "\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:" + manifest
        + "\",\"size\":" + image.manifest().toJson().length
        + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"1.0\"},"
        + "\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"}}]}");
    RawTar.Header layerBlob = headers.stream().filter(h -> h.name().endsWith(layer)).findFirst().orElseThrow();
    assertThat(layerBlob.data()).isEqualTo(Files.readAllBytes(image.layers().get(0).file()));
  }

  @Test
  void writingTwiceGivesTheSameBytes() throws Exception {
    assertThat(Files.readAllBytes(archive("b.tar"))).isEqualTo(Files.readAllBytes(archive("a.tar")));
  }

  @Test
  void repoTagsGetATagAndMustBeValid() {
    assertThat(DockerArchiveWriter.normalizeRepoTag("basalt/base")).isEqualTo("basalt/base:latest");
    assertThat(DockerArchiveWriter.normalizeRepoTag("localhost:5000/base")).isEqualTo("localhost:5000/base:latest");
    assertThat(DockerArchiveWriter.normalizeRepoTag("registry.example:5000/a/b:v1.2")).isEqualTo("registry.example:5000/a/b:v1.2");
    assertThatThrownBy(() -> DockerArchiveWriter.normalizeRepoTag("Basalt/Base:1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a Docker image name with tag (like basalt/base:1.0): Basalt/Base:1");
  }

  @Test
  void skopeoReadsTheArchiveAsDockerArchiveAndAsOciArchive() throws Exception {
    ExternalTool skopeo = ExternalTool.require("skopeo");
    PlatformImage image = TestImages.image(tmp.resolve("layers"), "amd64");
    Path file = archive("image.tar");

    ExternalTool.Result r = skopeo.run("inspect", "docker-archive:" + file);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.stdout());
    assertThat(json.get("Architecture").asText()).isEqualTo("amd64");
    assertThat(json.get("Os").asText()).isEqualTo("linux");
    assertThat(json.get("Env").get(0).asText()).isEqualTo("PATH=/usr/bin:/bin");
    // The tag in manifest.json selects the image; another tag does not.
    assertThat(skopeo.run("inspect", "docker-archive:" + file + ":basalt/test:1.0").exitCode()).isZero();
    assertThat(skopeo.run("inspect", "docker-archive:" + file + ":basalt/test:2.0").exitCode()).isNotZero();
    ExternalTool.Result config = skopeo.run("inspect", "--config", "--raw", "docker-archive:" + file);
    assertThat(config.stdout().getBytes(StandardCharsets.UTF_8)).isEqualTo(image.config().toJson());

    // Copying reads every layer and checks it against the config's diff_ids.
    ExternalTool.Result copy = skopeo.run("--insecure-policy", "copy", "docker-archive:" + file,
        "oci:" + tmp.resolve("copy") + ":x");
    assertThat(copy.exitCode()).as(copy.toString()).isZero();

    ExternalTool.Result oci = skopeo.run("inspect", "--raw", "oci-archive:" + file);
    assertThat(oci.exitCode()).as(oci.toString()).isZero();
    assertThat(oci.stdout().getBytes(StandardCharsets.UTF_8)).isEqualTo(image.manifest().toJson());
  }
}
