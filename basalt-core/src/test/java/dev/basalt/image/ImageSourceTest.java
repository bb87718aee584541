package dev.basalt.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basalt.BasaltException;
import dev.basalt.testkit.TestImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageSourceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  private static TestImage small(String arch) {
    return TestImage.linux(arch).config(c -> c.put("User", "65532"))
        .layer(l -> l.dir("/etc", 0755).file("/etc/hostname", "box\n", 0644));
  }

  @Test
  void locationsParseAsTheCommandLineWritesThem() throws Exception {
    Files.createDirectories(dir.resolve("with:colon"));
    assertThat(ImageLocation.parse("oci:out/base")).isEqualTo(new ImageLocation.Layout(Path.of("out/base"), null));
    assertThat(ImageLocation.parse("oci:out/base:v1")).isEqualTo(new ImageLocation.Layout(Path.of("out/base"), "v1"));
    assertThat(ImageLocation.parse("oci:" + dir.resolve("with:colon")))
        .isEqualTo(new ImageLocation.Layout(dir.resolve("with:colon"), null));
    assertThat(ImageLocation.parse("out/base")).isEqualTo(new ImageLocation.Layout(Path.of("out/base"), null));
    assertThat(ImageLocation.parse("docker-archive:img.tar")).isEqualTo(new ImageLocation.DockerArchive(Path.of("img.tar")));
    assertThat(ImageLocation.parse("docker://registry.example/app:1")).isEqualTo(new ImageLocation.Registry(
        new dev.basalt.registry.RegistryReference("registry.example", "app", "1", null)));
    assertThat(ImageLocation.parse("docker://127.0.0.1:5000/team/app@sha256:" + "ab".repeat(32)).display())
        .isEqualTo("docker://127.0.0.1:5000/team/app@sha256:" + "ab".repeat(32));
    assertThatThrownBy(() -> ImageLocation.parse("docker://registry.example/App:1"))
        .isInstanceOf(ImageReadException.class)
        .hasMessageStartingWith("'docker://registry.example/App:1': 'App' is not a valid repository name")
        .satisfies(e -> assertThat(((BasaltException) e).exitCode()).isEqualTo(2));
    assertThatThrownBy(() -> ImageLocation.parse("containers-storage://app:1"))
        .isInstanceOf(ImageReadException.class)
        .hasMessage("cannot read 'containers-storage://app:1': basalt reads oci:DIR[:REF], docker-archive:FILE and"
            + " docker://HOST/REPO[:TAG]; copy the image into one of those first (for example with skopeo copy)")
        .satisfies(e -> assertThat(((BasaltException) e).exitCode()).isEqualTo(2));
    assertThatThrownBy(() -> ImageLocation.parse("oci:")).hasMessage("'oci:' names no directory: write oci:DIR or oci:DIR:REF");
  }

  @Test
  void readsALayoutAndFollowsAnIndexToEachPlatform() throws Exception {
    Path amd = small("amd64").writeLayout(dir.resolve("amd"), null);
    Path arm = small("arm64").writeLayout(dir.resolve("arm"), null);
    // A two-platform layout: an index blob naming both manifests, tagged in index.json.
    Path multi = dir.resolve("multi");
    Files.createDirectories(multi.resolve("blobs/sha256"));
    Files.writeString(multi.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    ObjectNode inner = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", "application/vnd.oci.image.index.v1+json");
    ArrayNode ms = inner.putArray("manifests");
    for (Path p : new Path[] {amd, arm}) {
      try (Stream<Path> blobs = Files.list(p.resolve("blobs/sha256"))) {
        for (Path b : blobs.toList()) {
          Files.copy(b, multi.resolve("blobs/sha256").resolve(b.getFileName()));
        }
      }
      ObjectNode d = (ObjectNode) JSON.readTree(p.resolve("index.json").toFile()).get("manifests").get(0);
      d.putObject("platform").put("os", "linux").put("architecture", p == amd ? "amd64" : "arm64");
      ms.add(d);
    }
    ms.addObject().put("mediaType", "application/vnd.oci.image.manifest.v1+json")
        .put("digest", ms.get(0).get("digest").asText()).put("size", ms.get(0).get("size").asLong())
        .putObject("platform").put("os", "unknown").put("architecture", "unknown");
    byte[] indexBytes = JSON.writeValueAsBytes(inner);
    String indexDigest = dev.basalt.cache.Digest.of(indexBytes).toString();
    Files.write(multi.resolve("blobs/sha256").resolve(indexDigest.substring(7)), indexBytes);
    ObjectNode top = JSON.createObjectNode().put("schemaVersion", 2);
    top.putArray("manifests").addObject().put("mediaType", "application/vnd.oci.image.index.v1+json")
        .put("digest", indexDigest).put("size", indexBytes.length)
        .putObject("annotations").put("org.opencontainers.image.ref.name", "v1");
    Files.write(multi.resolve("index.json"), JSON.writeValueAsBytes(top));

    try (ImageSource source = ImageSource.open(ImageLocation.parse("oci:" + multi + ":v1"))) {
      assertThat(source.images()).extracting(SourceImage::platformName).containsExactly("linux/amd64", "linux/arm64");
      assertThat(source.images()).extracting(SourceImage::name).containsExactly("v1", "v1");
      assertThat(source.images("arm64")).singleElement().extracting(SourceImage::arch).isEqualTo("arm64");
      assertThat(source.images().get(0).config().user()).isEqualTo("65532");
      assertThatThrownBy(() -> source.images("s390x"))
          .hasMessage("oci:" + multi + ":v1 has no image for architecture s390x; it has linux/amd64, linux/arm64");
    }
    assertThatThrownBy(() -> ImageSource.open(ImageLocation.parse("oci:" + multi + ":v2")))
        .hasMessage("oci:" + multi + ":v2: the layout has no image named 'v2'; it has v1");
  }

  @Test
  void aLayoutWithSeveralNamedImagesNeedsAReference() throws Exception {
    Path a = small("amd64").writeLayout(dir.resolve("a"), "one");
    Path b = small("arm64").writeLayout(dir.resolve("b"), "two");
    ObjectNode index = (ObjectNode) JSON.readTree(a.resolve("index.json").toFile());
    ((ArrayNode) index.get("manifests")).add(JSON.readTree(b.resolve("index.json").toFile()).get("manifests").get(0));
    try (Stream<Path> blobs = Files.list(b.resolve("blobs/sha256"))) {
      for (Path blob : blobs.toList()) {
        Files.copy(blob, a.resolve("blobs/sha256").resolve(blob.getFileName()));
      }
    }
    Files.write(a.resolve("index.json"), JSON.writeValueAsBytes(index));
    assertThatThrownBy(() -> ImageSource.open(ImageLocation.parse(a.toString())))
        .hasMessage("oci:" + a + " holds several images (one, two); name one as oci:" + a + ":REF");
    try (ImageSource s = ImageSource.open(ImageLocation.parse("oci:" + a + ":two"))) {
      assertThat(s.images()).singleElement().extracting(SourceImage::arch).isEqualTo("arm64");
    }
  }

  @Test
  void tamperedBlobsAreRefusedWithTheBlobNamed() throws Exception {
    Path layout = small("amd64").writeLayout(dir.resolve("img"), null);
    String manifestDigest = JSON.readTree(layout.resolve("index.json").toFile()).get("manifests").get(0).get("digest").asText();
    ObjectNode manifest = (ObjectNode) JSON.readTree(layout.resolve("blobs/sha256").resolve(manifestDigest.substring(7)).toFile());
    String layerDigest = manifest.get("layers").get(0).get("digest").asText();
    Path layer = layout.resolve("blobs/sha256").resolve(layerDigest.substring(7));
    byte[] bytes = Files.readAllBytes(layer);
    bytes[bytes.length - 5] ^= 0x01; // inside the gzip trailer: the tar still parses, the digest does not match
    Files.write(layer, bytes);
    try (ImageSource source = ImageSource.open(ImageLocation.parse(layout.toString()))) {
      assertThatThrownBy(() -> LayerApplier.flatten(source, source.images().get(0), FileInspector.NONE))
          .isInstanceOf(ImageReadException.class)
          .hasMessageContaining("layer " + layerDigest + " has digest sha256:")
          .hasMessageContaining("expected " + layerDigest + ": the blob is corrupt or was tampered with");
    }

    Path config = layout.resolve("blobs/sha256").resolve(manifest.get("config").get("digest").asText().substring(7));
    Files.writeString(config, Files.readString(config).replace("65532", "0"));
    assertThatThrownBy(() -> ImageSource.open(ImageLocation.parse(layout.toString())))
        .hasMessageContaining("config " + manifest.get("config").get("digest").asText() + " has ")
        .satisfies(e -> assertThat(((BasaltException) e).exitCode()).isEqualTo(2));

    Files.delete(layout.resolve("oci-layout"));
    assertThatThrownBy(() -> ImageSource.open(ImageLocation.parse(layout.toString())))
        .hasMessage("oci:" + layout + ": " + layout + " is not an OCI image layout (no oci-layout file)");
  }

  @Test
  void readsADockerArchiveAndChecksLayersAgainstTheDiffIds() throws Exception {
    TestImage image = small("amd64").layer(l -> l.whiteout("/etc/hostname").file("/etc/motd", "hi", 0644));
    Path archive = image.writeDockerArchive(dir.resolve("img.tar"), "example/app:latest");
    try (ImageSource source = ImageSource.open(ImageLocation.parse("docker-archive:" + archive))) {
      SourceImage img = source.images().get(0);
      assertThat(img.name()).isEqualTo("example/app:latest");
      assertThat(img.manifest()).isNull();
      FlatFilesystem fs = LayerApplier.flatten(source, img, FileInspector.NONE);
      assertThat(fs.files()).extracting(FlatFile::path).containsExactly("/etc", "/etc/motd");
    }
    byte[] bytes = Files.readAllBytes(archive);
    String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
    int at = text.indexOf("box\n");
    bytes[at] = 'f';
    Files.write(archive, bytes);
    try (ImageSource source = ImageSource.open(ImageLocation.parse("docker-archive:" + archive))) {
      assertThatThrownBy(() -> LayerApplier.flatten(source, source.images().get(0), FileInspector.NONE))
          .hasMessageContaining("layer layer0/layer.tar (uncompressed) has digest")
          .hasMessageContaining("the blob is corrupt or was tampered with");
    }
    Files.writeString(dir.resolve("junk.tar"), "not a tar");
    assertThatThrownBy(() -> ImageSource.open(ImageLocation.parse("docker-archive:" + dir.resolve("junk.tar"))))
        .isInstanceOf(ImageReadException.class)
        .hasMessageStartingWith("docker-archive:" + dir.resolve("junk.tar") + ": ");
  }
}
