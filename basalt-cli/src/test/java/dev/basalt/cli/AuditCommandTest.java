package dev.basalt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.testkit.TestImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** basalt audit: formats, fail levels, ignored rules and exit codes. */
class AuditCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  Path layout;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  @BeforeEach
  void image() throws Exception {
    // Nonroot, no shell; only a setuid file (warn) and no health check (info).
    layout = TestImage.linux("amd64").config(c -> c.put("User", "65532"))
        .layer(l -> l.dir("/usr", 0755).dir("/usr/bin", 0755).file("/usr/bin/mount", "m", 04755)
            .dir("/etc", 0755).file("/etc/os-release", "ID=alpine\n", 0644))
        .writeLayout(dir.resolve("img"), "v1");
  }

  private int run(String... args) {
    return Main.run(new PrintWriter(out), new PrintWriter(err), args);
  }

  @Test
  void exitCodeFollowsTheFailLevel() {
    assertThat(run("audit", "oci:" + layout + ":v1")).isEqualTo(1);
    assertThat(out.toString()).contains("  WARN   setuid-setgid        Files with setuid or setgid bits: /usr/bin/mount (4755, owner 0)")
        .contains("summary: 0 fatal, 1 warn, 1 info, 0 waived, 25 passed; grade B");
    assertThat(run("audit", layout.toString(), "--fail-level", "fatal")).isZero();
    assertThat(run("audit", layout.toString(), "--ignore", "setuid-setgid")).isZero();
    assertThat(run("audit", layout.toString(), "--ignore", "setuid-setgid", "--fail-level", "info")).isEqualTo(1);
  }

  @Test
  void jsonAndSarifGoToStandardOutput() throws Exception {
    assertThat(run("audit", layout.toString(), "--format", "json", "--arch", "amd64")).isEqualTo(1);
    JsonNode doc = JSON.readTree(out.toString());
    assertThat(doc.get("summary").get("warn").asInt()).isEqualTo(1);
    assertThat(doc.get("findings").get(0).get("id").asText()).isEqualTo("setuid-setgid");
    out.getBuffer().setLength(0);
    assertThat(run("audit", layout.toString(), "--format", "sarif")).isEqualTo(1);
    assertThat(JSON.readTree(out.toString()).get("version").asText()).isEqualTo("2.1.0");
  }

  @Test
  void badArgumentsAndUnreadableImagesExitWithTwo() throws Exception {
    assertThat(run("audit", layout.toString(), "--format", "xml")).isEqualTo(2);
    assertThat(err.toString()).contains("--format must be text, json or sarif, not 'xml'");
    assertThat(run("audit", layout.toString(), "--ignore", "setuid")).isEqualTo(2);
    assertThat(err.toString()).contains("--ignore: no rule 'setuid'; did you mean 'setuid-setgid'?");
    assertThat(run("audit", layout.toString(), "--arch", "arm64")).isEqualTo(2);
    assertThat(err.toString()).contains("has no image for architecture arm64; it has linux/amd64");
    assertThat(run("audit", "oci:" + dir.resolve("nothing"))).isEqualTo(2);
    assertThat(err.toString()).contains("basalt: error: oci:" + dir.resolve("nothing") + ": " + dir.resolve("nothing")
        + " is not a directory");
    Files.writeString(layout.resolve("index.json"), "{not json");
    assertThat(run("audit", layout.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("index.json is not valid JSON");
    assertThat(err.toString()).doesNotContain("internal error");
  }

  @Test
  void rulesAreListed() {
    assertThat(run("audit", "--rules", "x")).isZero();
    assertThat(out.toString()).contains("runs-as-root         fatal Runs as root");
  }
}
