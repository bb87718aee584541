package dev.basalt.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.audit.Rules;
import dev.basalt.debian.MirrorResolver;
import dev.basalt.image.ImageLocation;
import dev.basalt.image.ImageSource;
import dev.basalt.image.SourceImage;
import dev.basalt.oci.MediaTypes;
import dev.basalt.testkit.TestImage;
import dev.basalt.testkit.Trees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayeredImageBuilderTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String PASSWD = "root:x:0:0:root:/root:/usr/sbin/nologin\n"
      + "nonroot:x:65532:65532:nonroot:/home/nonroot:/usr/sbin/nologin\n";

  @TempDir Path dir;
  Path app;

  static TestImage baseImage() {
    return TestImage.linux("amd64")
        .config(c -> {
          c.put("User", "65532");
          c.putArray("Env").add("PATH=/usr/bin:/bin").add("LANG=C.UTF-8");
          c.putArray("Cmd").add("/usr/bin/true");
          c.putObject("Labels").put("org.opencontainers.image.title", "base");
        })
        .top(t -> t.putArray("history").addObject().put("created", "2026-11-20T00:00:00Z")
            .put("created_by", "basalt build base (amd64)"))
        .layer(l -> l.dir("/etc", 0755).file("/etc/passwd", PASSWD, 0644)
            .file("/etc/group", "root:x:0:\nnonroot:x:65532:\n", 0644)
            .file("/etc/os-release", "ID=debian\nVERSION_ID=\"13\"\n", 0644)
            .dir("/usr", 0755).dir("/usr/lib", 0755).symlink("/lib", "usr/lib")
            .dir("/home", 0755).dir("/home/nonroot", 0700));
  }

  @BeforeEach
  void setUp() throws Exception {
    app = dir.resolve("app");
    Files.createDirectories(app.resolve("libs"));
    Files.createDirectories(app.resolve("classes/dev/example"));
    Files.writeString(app.resolve("libs/dep-1.0.jar"), "a dependency");
    Files.writeString(app.resolve("classes/dev/example/Main.class"), "main v1");
  }

  private LayerEnvironment env(String cache) {
    return new LayerEnvironment(dir.resolve(cache), new MirrorResolver(Map.of(), Map.of(), dir.resolve("none"),
        dir.resolve("none")), Map.of(), null, m -> {});
  }

  private LayerRequest.Builder request(Path base, Path sources, Path out) {
    return request("oci:" + base, sources, out);
  }

  private LayerRequest.Builder request(String base, Path sources, Path out) {
    return LayerRequest.builder("hello", base, out)
        .layer(AppLayer.of("dependencies", LayerSource.glob(sources.resolve("libs"), "*.jar", "/app/lib")))
        .layer(AppLayer.of("classes", LayerSource.of(sources.resolve("classes"), "/app/classes")))
        .config(ConfigChanges.builder().entrypoint(List.of("/usr/bin/java", "-cp", "/app/classes", "Main"))
            .env("JAVA_TOOL_OPTIONS", "-Xss1m").label("org.example.team", "core").exposedPort("8080")
            .healthcheck(List.of("/usr/bin/java", "-cp", "/app/classes", "Health")).build());
  }

  @Test
  void sameInputsGiveTheSameDigestAndAnUnchangedLayerKeepsItsDigest() throws Exception {
    Path base = baseImage().writeLayout(dir.resolve("base"), "latest");
    LayerResult first = LayeredImageBuilder.build(request(base, app, dir.resolve("out1")).build(), env("cache1"));
    Path copy = dir.resolve("copy");
    Trees.copyTree(app, copy);
    LayerResult second = LayeredImageBuilder.build(request(base, copy, dir.resolve("out2")).build(), env("cache2"));
    assertThat(second.digest()).isEqualTo(first.digest());
    // Golden: the added layers' bytes depend on nothing but the files, modes and the base's date.
    assertThat(first.images().get(0).added()).extracting(l -> l.digest().toString())
        .containsExactly(GOLDEN_DEPENDENCIES, GOLDEN_CLASSES);

    Files.writeString(copy.resolve("classes/dev/example/Main.class"), "main v2");
    LayerResult third = LayeredImageBuilder.build(request(base, copy, dir.resolve("out3")).build(), env("cache2"));
    LayerResult.ArchImage a = first.images().get(0);
    LayerResult.ArchImage c = third.images().get(0);
    assertThat(c.added().get(0).digest()).isEqualTo(a.added().get(0).digest());
    assertThat(c.added().get(1).digest()).isNotEqualTo(a.added().get(1).digest());
    assertThat(c.baseLayers()).isEqualTo(a.baseLayers());
    try (ImageSource source = ImageSource.open(ImageLocation.parse("oci:" + base))) {
      assertThat(a.baseLayers()).isEqualTo(source.images().get(0).layers().stream().map(SourceImage.LayerBlob::digest)
          .toList());
    }
    assertThat(a.added()).extracting(LayerResult.AddedLayer::name, LayerResult.AddedLayer::entries)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("dependencies", 3),
            org.assertj.core.groups.Tuple.tuple("classes", 5));
  }

  static final String GOLDEN_DEPENDENCIES =
      "sha256:c72af677f6ed509dabbf5cf803e66231510bc88abc7c1d54030ed1edee244766";
  static final String GOLDEN_CLASSES =
      "sha256:dd5dd35a620ef9562987f0e8ac96ea51d72da9cd76e1a5d656cab8fb4c286c44";

  @Test
  void theConfigIsTheBasesWithTheChangesApplied() throws Exception {
    Path base = baseImage().writeLayout(dir.resolve("base"), "latest");
    Path out = dir.resolve("out");
    LayeredImageBuilder.build(request(base, app, out).build(), env("cache"));
    JsonNode config = config(out);
    assertThat(config.path("created").asText()).isEqualTo("2026-11-20T00:00:00Z");
    JsonNode c = config.path("config");
    assertThat(c.path("User").asText()).isEqualTo("65532");
    assertThat(strings(c.path("Env"))).containsExactly("JAVA_TOOL_OPTIONS=-Xss1m", "LANG=C.UTF-8",
        "PATH=/usr/bin:/bin");
    assertThat(strings(c.path("Entrypoint"))).containsExactly("/usr/bin/java", "-cp", "/app/classes", "Main");
    assertThat(c.has("Cmd")).as("the base's cmd was for its entrypoint").isFalse();
    assertThat(c.path("Labels").toString())
        .isEqualTo("{\"org.example.team\":\"core\",\"org.opencontainers.image.title\":\"base\"}");
    assertThat(c.path("ExposedPorts").toString()).isEqualTo("{\"8080/tcp\":{}}");
    assertThat(strings(c.path("Healthcheck").path("Test")))
        .containsExactly("CMD", "/usr/bin/java", "-cp", "/app/classes", "Health");
    assertThat(config.path("rootfs").path("diff_ids").size()).isEqualTo(3);
    List<String> history = new ArrayList<>();
    config.path("history").forEach(h -> history.add(h.path("created_by").asText()));
    assertThat(history).containsExactly("basalt build base (amd64)", "basalt layer dependencies",
        "basalt layer classes");
  }

  @Test
  void aSetuidFileFailsTheAuditGateAndNothingIsWritten() throws Exception {
    Path base = baseImage().writeLayout(dir.resolve("base"), "latest");
    Path tool = Files.writeString(dir.resolve("tool"), "elevate");
    Path out = dir.resolve("out");
    LayerRequest r = LayerRequest.builder("hello", "oci:" + base, out)
        .layer(AppLayer.of("tools", LayerSource.of(tool, "/app/tool").withFileMode(04755))).build();
    assertThatThrownBy(() -> LayeredImageBuilder.build(r, env("cache")))
        .isInstanceOf(LayerAuditException.class)
        .hasMessageStartingWith("the amd64 image of hello fails the audit (1 finding at warn or above); nothing was"
            + " written:")
        .hasMessageContaining("setuid-setgid");
    assertThat(Files.exists(out)).isFalse();
    try (var siblings = Files.list(dir)) {
      assertThat(siblings.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".out."));
    }
  }

  @Test
  void runningAsRootIsRefusedUnlessWaived() throws Exception {
    Path base = baseImage().writeLayout(dir.resolve("base"), "latest");
    ConfigChanges root = ConfigChanges.builder().user("0").build();
    LayerRequest refused = LayerRequest.builder("hello", "oci:" + base, dir.resolve("out")).config(root).build();
    assertThatThrownBy(() -> LayeredImageBuilder.build(refused, env("cache")))
        .isInstanceOf(LayerInputException.class)
        .hasMessage("the amd64 image would run as root (user '0'): set a non-root user such as 65532, or waive"
            + " runs-as-root deliberately (in a spec: harden: {allow-root: true, reason: ...})");
    LayerResult waived = LayeredImageBuilder.build(LayerRequest.builder("hello", "oci:" + base, dir.resolve("out"))
        .config(root).waive(Rules.RUNS_AS_ROOT.id(), "a port below 1024").build(), env("cache"));
    assertThat(waived.images().get(0).notes())
        .contains("audit: runs-as-root waived (a port below 1024): User=0");
  }

  @Test
  void aBaseLayerChangedAfterItsChangesWereCachedFailsTheBuildAndNothingIsWritten() throws Exception {
    Path base = baseImage().writeLayout(dir.resolve("base"), "latest");
    LayeredImageBuilder.build(request(base, app, dir.resolve("out1")).build(), env("cache"));
    Path blob;
    try (ImageSource source = ImageSource.open(ImageLocation.parse("oci:" + base))) {
      blob = base.resolve("blobs/sha256").resolve(source.images().get(0).layers().get(0).digest().hex());
    }
    // Same size, one byte different: the second build reads the layer's changes from the cache,
    // so only the check of the blob itself can notice.
    byte[] bytes = Files.readAllBytes(blob);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(blob, bytes);
    Path out = dir.resolve("out2");

    assertThatThrownBy(() -> LayeredImageBuilder.build(request(base, app, out).build(), env("cache")))
        .isInstanceOf(LayerException.class)
        .hasMessageContaining(": layer ")
        .hasMessageContaining("but the base names it sha256:" + blob.getFileName())
        .hasMessageEndingWith("the base is corrupt or was tampered with");
    assertThat(Files.exists(out)).isFalse();
    try (var siblings = Files.list(dir)) {
      assertThat(siblings.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".out2."));
    }
  }

  @Test
  void aDockerArchiveBaseKeepsItsUncompressedLayersAsTheyAre() throws Exception {
    Path archive = baseImage().writeDockerArchive(dir.resolve("base.tar"), "base:1");
    Path out = dir.resolve("out");
    LayerResult r = LayeredImageBuilder.build(request("docker-archive:" + archive, app, out).build(), env("cache"));
    try (ImageSource source = ImageSource.open(ImageLocation.parse("oci:" + out))) {
      SourceImage image = source.images().get(0);
      assertThat(image.layers().get(0).mediaType()).isEqualTo(MediaTypes.OCI_LAYER);
      assertThat(image.layers().get(0).digest()).isEqualTo(image.layers().get(0).diffId());
      assertThat(image.layers().get(1).mediaType()).isEqualTo(MediaTypes.OCI_LAYER_GZIP);
    }
    assertThat(r.baseDigest()).isNull();
  }

  static JsonNode config(Path layout) throws Exception {
    try (ImageSource source = ImageSource.open(ImageLocation.parse("oci:" + layout))) {
      SourceImage image = source.images().get(0);
      return JSON.readTree(source.configBytes(image));
    }
  }

  static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

}
