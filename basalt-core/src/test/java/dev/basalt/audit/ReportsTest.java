package dev.basalt.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.basalt.image.ImageLocation;
import dev.basalt.testkit.TestImage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The three report formats, from an image with findings at every level, read end to end from a layout. */
class ReportsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SARIF_ID = "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json";
  private static final Schema SARIF = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7,
          b -> b.schemaIdResolvers(ids -> ids.mapPrefix(SARIF_ID, "classpath:audit/sarif-schema-2.1.0.json")))
      .getSchema(SchemaLocation.of(SARIF_ID));

  @TempDir Path dir;
  private List<AuditReport> reports;

  @BeforeEach
  void audit() throws Exception {
    Path layout = TestImage.linux("amd64")
        .config(c -> c.put("User", "root").putArray("Env").add("PATH=/usr/bin").add("API_TOKEN=abc"))
        .layer(l -> l.dir("/etc", 0755).file("/etc/passwd", "root:x:0:0:root:/root:/bin/bash\n", 0644)
            .dir("/usr", 0755).dir("/usr/bin", 0755).file("/usr/bin/bash", "sh", 0755).file("/usr/bin/su", "su", 04755))
        .writeLayout(dir.resolve("img"), "v1");
    reports = ImageAuditor.audit(ImageLocation.parse("oci:" + layout + ":v1"), null,
        new Auditor.Policy(Set.of(), Map.of("shell", "a debug image")), Instant.parse("2026-11-27T00:00:00Z"));
  }

  @Test
  void textGroupsFindingsByLevelWithASummaryLine() {
    String text = TextReport.render(reports);
    assertThat(text.lines().toList()).containsExactly(
        "oci:" + dir.resolve("img") + ":v1 (amd64)",
        "  FATAL  runs-as-root         Runs as root: User=root (uid 0 in /etc/passwd)",
        "  WARN   user-not-numeric     User is a name, not a numeric uid: User=root (uid 0)",
        "  WARN   setuid-setgid        Files with setuid or setgid bits: /usr/bin/su (4755, owner 0)",
        "  WARN   secret-env-name      An environment variable whose name suggests a secret: Env API_TOKEN",
        "  WARN   login-shell          An account with a login shell: root: /bin/bash",
        "  INFO   no-healthcheck       No HEALTHCHECK: config has no Healthcheck",
        "  INFO   os-release           No /etc/os-release: neither /etc/os-release nor /usr/lib/os-release is a file in the image",
        "  WAIVED shell                A shell is present: /usr/bin/bash",
        "        waived by the spec: a debug image",
        "summary: 1 fatal, 4 warn, 2 info, 1 waived, 19 passed; grade D");
  }

  @Test
  void jsonHasTheDocumentedShape() throws Exception {
    JsonNode doc = JSON.readTree(JsonReport.render(reports));
    assertThat(doc.get("image").asText()).isEqualTo("oci:" + dir.resolve("img") + ":v1");
    assertThat(doc.get("arch").asText()).isEqualTo("amd64");
    assertThat(doc.get("summary").toString())
        .isEqualTo("{\"fatal\":1,\"warn\":4,\"info\":2,\"waived\":1,\"pass\":19,\"grade\":\"D\"}");
    JsonNode first = doc.get("findings").get(0);
    assertThat(first.get("id").asText()).isEqualTo("runs-as-root");
    assertThat(first.get("level").asText()).isEqualTo("fatal");
    assertThat(first.get("title").asText()).isEqualTo("Runs as root");
    assertThat(first.get("evidence").toString()).isEqualTo("[\"User=root (uid 0 in /etc/passwd)\"]");
    assertThat(first.get("remediation").asText()).startsWith("Set the image's User");
    assertThat(first.get("references").toString()).contains("CIS Docker Benchmark 4.1", "Dockle CIS-DI-0001");
    assertThat(doc.get("findings").findValuesAsText("waived")).containsExactly("a debug image");
  }

  @Test
  void sarifIsValidAgainstTheOasisSchema() throws Exception {
    String sarif = SarifReport.render(reports);
    List<String> errors = SARIF.validate(sarif, InputFormat.JSON).stream()
        .map(e -> e.getInstanceLocation() + ": " + e.getMessage()).toList();
    assertThat(errors).isEmpty();
    JsonNode run = JSON.readTree(sarif).get("runs").get(0);
    assertThat(run.get("tool").get("driver").get("rules")).hasSize(Rules.ALL.size());
    JsonNode setuid = run.get("results").get(2);
    assertThat(setuid.get("ruleId").asText()).isEqualTo("setuid-setgid");
    assertThat(setuid.get("level").asText()).isEqualTo("warning");
    assertThat(setuid.get("locations").get(0).get("physicalLocation").get("artifactLocation").get("uri").asText())
        .isEqualTo("usr/bin/su");
    JsonNode shell = run.get("results").get(3);
    assertThat(shell.get("ruleId").asText()).isEqualTo("shell");
    assertThat(shell.get("suppressions").get(0).get("justification").asText()).isEqualTo("a debug image");
  }

  @Test
  void aBrokenDocumentFailsTheSarifSchema() {
    String broken = SarifReport.render(reports).replace("\"version\":\"2.1.0\"", "\"version\":\"9\"");
    assertThat(SARIF.validate(broken, InputFormat.JSON)).isNotEmpty();
  }
}
