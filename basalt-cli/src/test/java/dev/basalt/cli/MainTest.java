package dev.basalt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The top-level command line: subcommands are added only as needed, and nothing shows it. */
class MainTest {
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  private int run(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void helpListsEveryCommand() {
    assertThat(run("--help")).isZero();
    for (String name : new String[] {"resolve", "lock", "outdated", "build", "audit", "sbom", "keygen", "sign", "verify",
        "profile", "run", "test", "push", "pull", "scan", "cache", "layer", "help"}) {
      assertThat(out.toString()).containsPattern("(?m)^  " + name + " ");
    }
  }

  @Test
  void aNamedCommandKeepsItsFullNameInUsageAndErrors() {
    assertThat(run("push", "--help")).isZero();
    assertThat(out.toString()).startsWith("Usage: basalt push [-hV]");

    assertThat(run("push")).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required parameters: 'IMAGE', 'DESTINATION'")
        .contains("Usage: basalt push");
  }

  @Test
  void helpForACommandAndUnknownCommandsStillWork() {
    assertThat(run("help", "pull")).isZero();
    assertThat(out.toString()).startsWith("Usage: basalt pull");

    assertThat(run("puhs")).isEqualTo(2);
    assertThat(err.toString()).contains("Unmatched argument at index 0: 'puhs'").contains("Did you mean: basalt pu");
  }

  @Test
  void versionNeedsNoCommand() {
    assertThat(run("--version")).isZero();
    assertThat(out.toString()).startsWith("basalt ");
  }
}
