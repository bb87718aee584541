package dev.basalt.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.cache.Digest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageConfigTest {
  static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");
  static final Digest DIFF_ID = Digest.parse("sha256:" + "d".repeat(64));

  static ImageConfig full() {
    return ImageConfig.builder(Platform.ofDebian("arm64"), CREATED)
        .user("65532")
        .env("SSL_CERT_FILE", "/etc/ssl/certs/ca-certificates.crt")
        .env(Map.of("PATH", "/usr/local/bin:/usr/bin:/bin"))
        .entrypoint(List.of("/usr/bin/java", "-jar"))
        .cmd(List.of("app.jar"))
        .workingDir("/home/nonroot")
        .label("org.opencontainers.image.title", "base")
        .label("a", "b")
        .exposedPort("8080/tcp")
        .layer(DIFF_ID, "basalt build base.yaml", "12 packages from debian trixie")
        .emptyLayerStep("basalt config", null)
        .build();
  }

  @Test
  void fullConfigJson() {
    String json = "{\"created\":\"2026-01-01T00:00:00Z\",\"architecture\":\"arm64\",\"os\":\"linux\",\"variant\":\"v8\","
        + "\"config\":{\"User\":\"65532\",\"ExposedPorts\":{\"8080/tcp\":{}},"
        + "\"Env\":[\"PATH=/usr/local/bin:/usr/bin:/bin\",\"SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt\"],"
        + "\"Entrypoint\":[\"/usr/bin/java\",\"-jar\"],\"Cmd\":[\"app.jar\"],\"WorkingDir\":\"/home/nonroot\","
        + "\"Labels\":{\"a\":\"b\",\"org.opencontainers.image.title\":\"base\"}},"
        + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:" + "d".repeat(64) + "\"]},"
        + "\"history\":[{\"created\":\"2026-01-01T00:00:00Z\",\"created_by\":\"basalt build base.yaml\","
        + "\"comment\":\"12 packages from debian trixie\"},"
        + "{\"created\":\"2026-01-01T00:00:00Z\",\"created_by\":\"basalt config\",\"empty_layer\":true}]}";
    assertThat(Json.string(full())).isEqualTo(json);
    assertThat(full().descriptor()).isEqualTo(Descriptor.of(MediaTypes.OCI_CONFIG, Json.bytes(full())));
    assertThat(full().platform()).hasToString("linux/arm64/v8");
  }

  @Test
  void minimalConfigJsonAndEmptyListsAreKeptWhenGiven() {
    ImageConfig c = ImageConfig.builder(Platform.ofDebian("amd64"), CREATED).build();
    assertThat(Json.string(c)).isEqualTo("{\"created\":\"2026-01-01T00:00:00Z\",\"architecture\":\"amd64\","
        + "\"os\":\"linux\",\"config\":{},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]},\"history\":[]}");
    ImageConfig noEntrypoint = c.newBuilder().entrypoint(List.of()).build();
    assertThat(Json.string(noEntrypoint.config())).isEqualTo("{\"Entrypoint\":[]}");
  }

  @Test
  void newBuilderRoundTrips() {
    assertThat(full().newBuilder().build()).isEqualTo(full());
    assertThat(full().newBuilder().build().toJson()).isEqualTo(full().toJson());
  }

  @Test
  void badValuesAreRefused() {
    ImageConfig.Builder b = ImageConfig.builder(Platform.ofDebian("amd64"), CREATED);
    assertThatThrownBy(() -> b.env("A=B", "c")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not an environment variable name: \"A=B\"");
    assertThatThrownBy(() -> b.exposedPort("http")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a port (like 8080/tcp): http");
    assertThatThrownBy(() -> Platform.ofDebian("hurd-i386")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Debian architecture hurd-i386 has no OCI platform");
  }
}
