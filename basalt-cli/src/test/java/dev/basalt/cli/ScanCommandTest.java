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

/** basalt scan: formats, --fail-on, VEX in and out, and exit codes for bad input. */
class ScanCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  Path layout;
  Path db;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  /** A docker-archive-like third-party image: a whole dpkg status, libssl3t64 from openssl 3.5.1-1. */
  @BeforeEach
  void image() throws Exception {
    layout = TestImage.linux("amd64").config(c -> c.put("User", "65532"))
        .layer(l -> l.dir("/etc", 0755).file("/etc/os-release", "ID=debian\nVERSION_ID=\"13\"\n", 0644)
            .dir("/var", 0755).dir("/var/lib", 0755).dir("/var/lib/dpkg", 0755)
            .file("/var/lib/dpkg/status", "Package: libssl3t64\nStatus: install ok installed\nSource: openssl\n"
                + "Version: 3.5.1-1\nArchitecture: amd64\n\nPackage: tzdata\nStatus: install ok installed\n"
                + "Version: 2025b-4\nArchitecture: all\n", 0644))
        .writeLayout(dir.resolve("img"), "v1");
    db = Files.createDirectories(dir.resolve("db"));
    Files.writeString(db.resolve("DSA-6015-1.json"), """
        {"id": "DSA-6015-1", "aliases": ["CVE-2025-9230"],
         "affected": [{"package": {"ecosystem": "Debian:13", "name": "openssl"},
                       "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "3.5.4-1~deb13u1"}]}]}],
         "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H"}]}
        """);
  }

  private int run(String... args) {
    out.getBuffer().setLength(0);
    return Main.run(new PrintWriter(out), new PrintWriter(err), args);
  }

  @Test
  void exitCodeFollowsFailOn() {
    assertThat(run("scan", "oci:" + layout + ":v1", "--db", db.toString())).isZero();
    assertThat(out.toString().lines().toList()).containsExactly(
        "oci:" + layout + ":v1 (amd64), Debian 13: 2 packages against 1 records",
        "  HIGH     DSA-6015-1 libssl3t64 3.5.1-1 (source openssl 3.5.1-1), fixed in 3.5.4-1~deb13u1, 8.1"
            + " CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H, aliases CVE-2025-9230",
        "vulnerabilities: 0 critical, 1 high, 0 medium, 0 low, 0 none, 0 unknown; 0 not applicable or suppressed");
    assertThat(run("scan", layout.toString(), "--db", db.toString(), "--fail-on", "high")).isEqualTo(1);
    assertThat(run("scan", layout.toString(), "--db", db.toString(), "--fail-on", "critical")).isZero();
  }

  @Test
  void jsonSarifAndVex() throws Exception {
    assertThat(run("scan", layout.toString(), "--db", db.toString(), "--format", "json")).isZero();
    JsonNode doc = JSON.readTree(out.toString());
    assertThat(doc.get("findings").get(0).get("fixed").asText()).isEqualTo("3.5.4-1~deb13u1");
    assertThat(run("scan", layout.toString(), "--db", db.toString(), "--format", "sarif")).isZero();
    assertThat(JSON.readTree(out.toString()).get("runs").get(0).get("results").get(0).get("ruleId").asText())
        .isEqualTo("DSA-6015-1");
    Path vex = dir.resolve("vex.json");
    Files.writeString(vex, "{\"statements\": [{\"vulnerability\": {\"name\": \"CVE-2025-9230\"}, \"products\":"
        + " [{\"@id\": \"pkg:deb/debian/openssl?arch=source\"}], \"status\": \"fixed\"}]}");
    Path openvex = dir.resolve("out.vex.json");
    assertThat(run("scan", layout.toString(), "--db", db.toString(), "--fail-on", "low", "--vex", vex.toString(),
        "--openvex-out", openvex.toString())).isZero();
    assertThat(out.toString()).contains("[suppressed: fixed, fixed (" + vex + ")]");
    // Nothing was pruned or absent: the document holds no statement.
    assertThat(JSON.readTree(openvex.toFile()).get("statements")).isEmpty();
  }

  @Test
  void badArgumentsAndDatabasesExitWithTwo() throws Exception {
    assertThat(run("scan", layout.toString(), "--db", db.toString(), "--fail-on", "severe")).isEqualTo(2);
    assertThat(err.toString()).contains("--fail-on must be low, medium, high or critical, not 'severe'");
    assertThat(run("scan", layout.toString(), "--db", db.toString(), "--offline")).isEqualTo(2);
    assertThat(err.toString()).contains("--offline applies to a --db URL, and " + db + " is a path");
    Files.writeString(db.resolve("broken.json"), "{\"id\": \"X\", \"affected\": [{\"package\": {\"ecosystem\":"
        + " \"Debian\", \"name\": \"openssl\"}, \"versions\": [\"1.0 rc\"]}]}");
    assertThat(run("scan", layout.toString(), "--db", db.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("basalt: error: " + db.resolve("broken.json") + ": /affected/0/versions/0 '1.0 rc'"
        + " is not a Debian version");
    assertThat(run("scan", layout.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required option: '--db=PATH|URL'").doesNotContain("internal error");
  }
}
