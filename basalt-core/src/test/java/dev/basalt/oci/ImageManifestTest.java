package dev.basalt.oci;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.cache.Digest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageManifestTest {
  static final Digest A = Digest.parse("sha256:" + "a".repeat(64));
  static final Digest B = Digest.parse("sha256:" + "b".repeat(64));
  static final Digest C = Digest.parse("sha256:" + "c".repeat(64));

  @Test
  void manifestJson() {
    ImageManifest m = ImageManifest.of(Descriptor.of(MediaTypes.OCI_CONFIG, A, 1234),
        List.of(Descriptor.of(MediaTypes.OCI_LAYER_GZIP, B, 56789)),
        Map.of(Annotations.TITLE, "base", Annotations.CREATED, "2026-01-01T00:00:00Z"));
    assertThat(new String(m.toJson(), StandardCharsets.UTF_8)).isEqualTo(
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + A + "\",\"size\":1234},"
            + "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + B
            + "\",\"size\":56789}],"
            + "\"annotations\":{\"org.opencontainers.image.created\":\"2026-01-01T00:00:00Z\","
            + "\"org.opencontainers.image.title\":\"base\"}}");
    assertThat(m.descriptor()).isEqualTo(Descriptor.of(MediaTypes.OCI_MANIFEST, m.toJson()));
  }

  @Test
  void indexJsonWithPlatforms() {
    ImageIndex index = ImageIndex.of(List.of(
            Descriptor.of(MediaTypes.OCI_MANIFEST, A, 500).withPlatform(Platform.ofDebian("amd64")),
            Descriptor.of(MediaTypes.OCI_MANIFEST, C, 501).withPlatform(Platform.ofDebian("arm64"))
                .withAnnotations(Map.of("k", "v"))),
        null);
    assertThat(Json.string(index)).isEqualTo(
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
            + "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + A + "\",\"size\":500,"
            + "\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"}},"
            + "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + C + "\",\"size\":501,"
            + "\"annotations\":{\"k\":\"v\"},\"platform\":{\"os\":\"linux\",\"architecture\":\"arm64\",\"variant\":\"v8\"}}]}");
  }
}
