package dev.basalt.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DebianLicensesTest {
  @Test
  void everyIdentifierTheMappingProducesIsOnTheSpdxLicenseList() throws Exception {
    // The SPDX license and exception list (3.28) as CycloneDX 1.6 ships it.
    Set<String> spdx = new HashSet<>();
    try (InputStream in = getClass().getResourceAsStream("/sbom/schemas/cyclonedx-spdx.schema.json")) {
      for (JsonNode id : new ObjectMapper().readTree(in).get("enum")) {
        spdx.add(id.asText());
      }
    }
    assertThat(spdx).hasSizeGreaterThan(700);
    assertThat(DebianLicenses.knownIdentifiers()).hasSizeGreaterThan(120).allMatch(spdx::contains);
  }

  @Test
  void versionsWithTrailingZerosAreTheSameVersion() {
    assertThat(DebianLicenses.license("GPL-2")).contains("GPL-2.0-only");
    assertThat(DebianLicenses.license("GPL-2.0")).contains("GPL-2.0-only");
    assertThat(DebianLicenses.license("gpl-2.0.0+")).contains("GPL-2.0-or-later");
    assertThat(DebianLicenses.license("LGPL-2.1+")).contains("LGPL-2.1-or-later");
    assertThat(DebianLicenses.license("Apache-2")).contains("Apache-2.0");
    assertThat(DebianLicenses.license("CC-BY-3")).contains("CC-BY-3.0");
  }

  @Test
  void namesWithoutOneExactMeaningDoNotMap() {
    assertThat(DebianLicenses.license("GPL")).isEmpty();
    assertThat(DebianLicenses.license("GPL-4")).isEmpty();
    assertThat(DebianLicenses.license("Artistic-1.0")).isEmpty();
    assertThat(DebianLicenses.license("BSD-3-clause+")).isEmpty();
    assertThat(DebianLicenses.license("GPL-2+-with-link-exception")).isEmpty();
    assertThat(DebianLicenses.exception("Autoconf")).isEmpty();
    assertThat(DebianLicenses.exception("Classpath-exception-2.0")).contains("Classpath-exception-2.0");
  }
}
