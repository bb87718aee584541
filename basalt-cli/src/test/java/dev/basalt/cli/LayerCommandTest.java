package dev.basalt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.layer.LayerSource;
import dev.basalt.testkit.TestImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code basalt layer} end to end on a small base layout: options, JSON summary, exit codes. */
class LayerCommandTest {
  @TempDir Path dir;
  Path base;
  StringWriter out = new StringWriter();
  StringWriter err = new StringWriter();

  @BeforeEach
  void setUp() throws Exception {
    base = TestImage.linux("amd64")
        .config(c -> c.put("User", "65532").putArray("Env").add("PATH=/usr/bin"))
        .layer(l -> l.dir("/etc", 0755).file("/etc/passwd", "root:x:0:0::/root:/usr/sbin/nologin\n"
            + "nonroot:x:65532:65532::/home/nonroot:/usr/sbin/nologin\n", 0644).dir("/usr", 0755))
        .writeLayout(dir.resolve("base"), "latest");
    Files.createDirectories(dir.resolve("libs"));
    Files.writeString(dir.resolve("libs/a.jar"), "a");
    Files.writeString(dir.resolve("libs/b.txt"), "b");
    Files.writeString(dir.resolve("run"), "run");
  }

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  private List<String> args(String... extra) {
    List<String> a = new ArrayList<>(List.of("layer", "--from", "oci:" + base, "--out", dir.resolve("out").toString()));
    a.addAll(List.of(extra));
    return a;
  }

  @Test
  void layersEachAddAndPrintsTheSummary() throws Exception {
    int code = run(args("--add", dir.resolve("libs") + "/*.jar:/app/lib", "--add", dir.resolve("run") + ":/app/run:0755",
        "--entrypoint", "/app/run --fast", "--env", "MODE=prod", "--port", "8080", "--name", "hello", "--json")
        .toArray(String[]::new));
    assertThat(code).as(err.toString()).isZero();
    JsonNode summary = new ObjectMapper().readTree(out.toString());
    assertThat(summary.path("name").asText()).isEqualTo("hello");
    JsonNode layers = summary.path("images").path(0).path("layers");
    assertThat(layers.size()).isEqualTo(2);
    assertThat(layers.path(0).path("name").asText()).isEqualTo("add-1");
    assertThat(layers.path(0).path("entries").asInt()).isEqualTo(3);
    assertThat(layers.path(1).path("entries").asInt()).isEqualTo(2);
    assertThat(summary.path("images").path(0).path("baseLayers").size()).isEqualTo(1);
    assertThat(Files.isRegularFile(dir.resolve("out/index.json"))).isTrue();
  }

  @Test
  void mistakesExitWithTwoAndAFailedAuditWithOne() throws Exception {
    assertThat(run(args("--add", dir.resolve("missing") + ":/app/x").toArray(String[]::new))).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("basalt: error: layer 'add-1': source " + dir.resolve("missing")
        + " does not exist\n");
    assertThat(run(args("--add", "only-a-source").toArray(String[]::new))).isEqualTo(2);
    assertThat(err.toString()).contains("--add only-a-source must be SRC:DEST[:MODE]");
    assertThat(run(args("--add", dir.resolve("run") + ":/app/run", "--user", "0").toArray(String[]::new)))
        .isEqualTo(2);
    assertThat(err.toString()).contains("the amd64 image would run as root (user '0')");
    assertThat(run(args("--add", dir.resolve("run") + ":/app/run:4755").toArray(String[]::new))).isEqualTo(1);
    assertThat(err.toString()).contains("fails the audit").contains("setuid-setgid");
    assertThat(Files.exists(dir.resolve("out"))).isFalse();
  }

  @Test
  void buildOfASpecWithFromLayersOntoItsBase() throws Exception {
    Path spec = dir.resolve("hello.yaml");
    Files.writeString(spec, """
        name: hello
        from: oci:%s
        layers:
          - name: libs
            files:
              - {src: libs, dest: /app/lib, glob: "*.jar"}
        entrypoint: [/app/run]
        """.formatted(base));
    int code = run("build", spec.toString(), "--out", dir.resolve("out").toString(), "--json");
    assertThat(code).as(err.toString()).isZero();
    JsonNode summary = new ObjectMapper().readTree(out.toString());
    assertThat(summary.path("name").asText()).isEqualTo("hello");
    assertThat(summary.path("images").path(0).path("layers").path(0).path("name").asText()).isEqualTo("libs");
    assertThat(run("lock", spec.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("this spec layers onto a base image ('from')");
  }

  @Test
  void addParsesSourcesGlobsAndModes() {
    assertThat(LayerCommand.source("target/app.jar:/app/app.jar"))
        .isEqualTo(LayerSource.of(Path.of("target/app.jar"), "/app/app.jar"));
    assertThat(LayerCommand.source("build/libs/*.jar:/app/lib:0640"))
        .isEqualTo(LayerSource.glob(Path.of("build/libs"), "*.jar", "/app/lib").withFileMode(0640));
    assertThat(LayerCommand.words("[\"/usr/bin/java\", \"-jar\", \"a b.jar\"]", "--entrypoint"))
        .containsExactly("/usr/bin/java", "-jar", "a b.jar");
    assertThat(LayerCommand.words("/usr/bin/java  -jar app.jar", "--entrypoint"))
        .containsExactly("/usr/bin/java", "-jar", "app.jar");
  }
}
