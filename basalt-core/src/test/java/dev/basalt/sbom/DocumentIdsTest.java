package dev.basalt.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class DocumentIdsTest {
  @Test
  void makesVersion5NameBasedUuidsAsRfc4122Does() {
    // Python's uuid.uuid5 on the same namespaces and names.
    assertThat(DocumentIds.nameBased(DocumentIds.URL_NAMESPACE, "https://www.python.org/"))
        .isEqualTo(UUID.fromString("5406f80d-92e9-51cd-a176-77445955e733"));
    assertThat(DocumentIds.nameBased(UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), "python.org"))
        .isEqualTo(UUID.fromString("886313e1-3b8a-5372-9b90-0c9aee199e5d"));
  }

  @Test
  void theIdentityOfADocumentFollowsImageFormatAndTool() {
    SbomInput input = SampleImage.input();
    UUID spdx = DocumentIds.of(input, "SPDX-2.3", "1.0");
    assertThat(spdx.version()).isEqualTo(5);
    assertThat(DocumentIds.of(input, "SPDX-2.3", "1.0")).isEqualTo(spdx);
    assertThat(DocumentIds.of(input, "cyclonedx-1.6", "1.0")).isNotEqualTo(spdx);
    assertThat(DocumentIds.of(input, "SPDX-2.3", "1.1")).isNotEqualTo(spdx);
  }
}
