package dev.basalt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.testkit.TestImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** basalt test: a failing structure test exits 1 and says what was expected and what was found. */
class TestCommandTest {
  @TempDir Path dir;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.run(new PrintWriter(out), new PrintWriter(err), args);
  }

  @Test
  void passingAndFailingTests() throws Exception {
    Path layout = TestImage.linux("amd64").config(c -> c.put("User", "65532"))
        .layer(l -> l.dir("/etc", 0755).file("/etc/os-release", "ID=debian\n", 0644))
        .writeLayout(dir.resolve("img"), null);
    String spec = """
        name: app
        contents:
          repositories: [{archive: debian, suites: [trixie], keyring: debian-trixie}]
          packages: [base-files]
        tests:
          metadata: {user: "65532"}
          files:
            - {path: /etc/os-release, exists: true, mode: "%s"}
        """;
    Files.writeString(dir.resolve("good.yaml"), spec.formatted("0644"));
    Files.writeString(dir.resolve("bad.yaml"), spec.formatted("0600"));
    assertThat(run("test", layout.toString(), "--spec", dir.resolve("good.yaml").toString())).isZero();
    assertThat(out.toString()).endsWith(layout + ": 2 passed, 0 failed\n");
    out.getBuffer().setLength(0);
    assertThat(run("test", layout.toString(), "--spec", dir.resolve("bad.yaml").toString())).isEqualTo(1);
    assertThat(out.toString()).contains("  FAIL files: /etc/os-release exists\n       expected: mode 0600\n"
        + "       actual:   file /etc/os-release mode 0644 uid 0 gid 0\n");
    out.getBuffer().setLength(0);
    assertThat(run("test", layout.toString(), "--spec", dir.resolve("bad.yaml").toString(), "--format", "junit")).isEqualTo(1);
    assertThat(out.toString()).contains("<testsuite name=\"" + layout + "\" tests=\"2\" failures=\"1\"");
    assertThat(run("test", layout.toString(), "--spec", dir.resolve("good.yaml").toString(), "--format", "xml")).isEqualTo(2);
  }
}
