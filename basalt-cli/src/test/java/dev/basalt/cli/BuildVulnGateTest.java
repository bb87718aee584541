package dev.basalt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.testkit.FixtureArchive;
import dev.basalt.testkit.FixtureArchive.Pkg;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** build --vuln-db: the gate's exit codes, and the summary's plain statement when no scan was done. */
class BuildVulnGateTest {
  @TempDir Path dir;
  FixtureArchive archive;
  URI base;
  Path spec;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  @BeforeEach
  void setUp() throws Exception {
    archive = new FixtureArchive(BuildCommandTest.KEY);
    archive.suite("trixie").add(Pkg.of("libc6", "2.41-12").file("/usr/lib/x86_64-linux-gnu/libc.so.6", "libc"));
    base = archive.start();
    Files.write(dir.resolve("k.asc"), BuildCommandTest.KEY.publicKeyringArmored());
    spec = dir.resolve("app.yaml");
    Files.writeString(spec, """
        name: app
        archs: [amd64]
        contents:
          repositories:
            - archive: debian
              suites: [trixie]
              keyring: ./k.asc
          packages: [libc6]
        """);
    Path db = Files.createDirectories(dir.resolve("db"));
    Files.writeString(db.resolve("DSA-9999-1.json"), """
        {"id": "DSA-9999-1", "affected": [{"package": {"ecosystem": "Debian", "name": "libc6"},
          "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2.41-12+deb13u1"}]}]}],
         "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N"}]}
        """);
  }

  @AfterEach
  void tearDown() {
    archive.close();
  }

  private int run(String... args) {
    return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void theGateFailsAtItsLevelAndTheSummarySaysWhatWasScanned() {
    String db = dir.resolve("db").toString();
    Path gated = dir.resolve("out/gated");
    assertThat(run("build", spec.toString(), "--mirror", "debian=" + base, "--out", gated.toString(),
        "--vuln-db", db, "--fail-on", "medium")).as(err.toString()).isEqualTo(1);
    assertThat(err.toString()).contains("has 1 known vulnerability at medium or above (or of unknown severity);"
        + " nothing was written").contains("  MEDIUM   DSA-9999-1 libc6 2.41-12, fixed in 2.41-12+deb13u1, 6.1");
    assertThat(gated).doesNotExist();

    assertThat(run("build", spec.toString(), "--mirror", "debian=" + base, "--out", gated.toString(),
        "--vuln-db", db)).as(err.toString()).isZero();
    assertThat(out.toString()).contains("  vulnerabilities: 0 critical, 0 high, 1 medium, 0 low, 0 none, 0 unknown;"
        + " 0 not applicable or suppressed (1 records, gate at high)");

    assertThat(run("build", spec.toString(), "--mirror", "debian=" + base, "--out", dir.resolve("out/plain").toString()))
        .as(err.toString()).isZero();
    assertThat(out.toString()).contains("  vulnerabilities: NOT SCANNED (no --vuln-db given); this build makes no claim"
        + " about known vulnerabilities");
  }

  @Test
  void failOnWithoutADatabaseIsAUsageError() {
    assertThat(run("build", spec.toString(), "--fail-on", "high")).isEqualTo(2);
    assertThat(err.toString()).contains("--fail-on and --vex need --vuln-db");
  }
}
