package dev.basalt.vuln;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JSON and SARIF forms of a scan with an applicable, a pruned and an absent finding. */
class ScanReportsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SARIF_ID =
      "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json";
  private static final Schema SARIF = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7,
          b -> b.schemaIdResolvers(ids -> ids.mapPrefix(SARIF_ID, "classpath:audit/sarif-schema-2.1.0.json")))
      .getSchema(SchemaLocation.of(SARIF_ID));

  @Test
  void jsonHasTheDocumentedShape() throws Exception {
    VulnMatcherTest.load();
    JsonNode doc = JSON.readTree(ScanJsonReport.render(List.of(VulnMatcherTest.scan(null))));
    assertThat(doc.get("summary").toString()).isEqualTo(
        "{\"critical\":0,\"high\":1,\"medium\":0,\"low\":0,\"none\":0,\"unknown\":0,\"notApplicable\":2}");
    assertThat(doc.get("findings").get(0).toString()).isEqualTo("{\"id\":\"DSA-6015-1\",\"aliases\":[\"CVE-2025-9230\","
        + "\"CVE-2025-9231\",\"CVE-2025-9232\"],\"summary\":\"openssl - security update\",\"package\":\"libssl3t64\","
        + "\"arch\":\"amd64\",\"version\":\"3.5.1-1+b1\",\"source\":\"openssl\",\"sourceVersion\":\"3.5.1-1\","
        + "\"fixed\":\"3.5.4-1~deb13u1\",\"severity\":\"high\",\"score\":8.1,"
        + "\"rating\":\"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H\",\"purl\":\"pkg:deb/debian/libssl3t64@3.5.1-1%2Bb1"
        + "?arch=amd64&distro=debian-13&upstream=openssl\",\"status\":\"affected\"}");
    assertThat(doc.get("findings").get(1).get("status").asText()).isEqualTo("not_affected");
    assertThat(doc.get("findings").get(1).get("origin").asText()).isEqualTo("basalt");
    assertThat(doc.get("image").asText()).isEqualTo("oci:img");
    assertThat(doc.get("records").asInt()).isEqualTo(3);
  }

  @Test
  void sarifIsValidAgainstTheOasisSchema() throws Exception {
    VulnMatcherTest.load();
    String sarif = ScanSarifReport.render(List.of(VulnMatcherTest.scan(null)));
    List<String> errors = SARIF.validate(sarif, InputFormat.JSON).stream()
        .map(e -> e.getInstanceLocation() + ": " + e.getMessage()).toList();
    assertThat(errors).isEmpty();
    JsonNode run = JSON.readTree(sarif).get("runs").get(0);
    assertThat(run.get("tool").get("driver").get("rules")).hasSize(1);
    assertThat(run.get("tool").get("driver").get("rules").get(0).get("properties").get("security-severity").asText())
        .isEqualTo("8.1");
    JsonNode first = run.get("results").get(0);
    assertThat(first.get("level").asText()).isEqualTo("error");
    assertThat(first.get("locations").get(0).get("physicalLocation").get("artifactLocation").get("uri").asText())
        .isEqualTo("var/lib/dpkg/status.d/libssl3t64");
    assertThat(first.has("suppressions")).isFalse();
    JsonNode absent = run.get("results").get(1);
    assertThat(absent.get("locations").get(0).get("physicalLocation").get("artifactLocation").get("uri").asText())
        .isEqualTo("var/lib/dpkg/status");
    assertThat(absent.get("suppressions").get(0).get("justification").asText())
        .isEqualTo("component_not_present: dpkg lists openssl as 'deinstall ok config-files': it is not installed");
  }
}
