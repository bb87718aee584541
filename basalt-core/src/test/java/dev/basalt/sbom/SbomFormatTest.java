package dev.basalt.sbom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SbomFormatTest {
  @Test
  void namesTheFormatsAsTheCommandLineDoes() {
    assertThat(SbomFormat.of("spdx")).isEqualTo(SbomFormat.SPDX);
    assertThat(SbomFormat.of("CycloneDX")).isEqualTo(SbomFormat.CYCLONEDX);
    assertThat(SbomFormat.SPDX.mediaType()).isEqualTo("application/spdx+json");
    assertThat(SbomFormat.CYCLONEDX.fileSuffix()).isEqualTo(".cdx.json");
    assertThatThrownBy(() -> SbomFormat.of("swid"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown SBOM format 'swid'; use spdx or cyclonedx");
  }

  @Test
  void writesWithThisBasaltsVersionAsTheTool() {
    SbomInput input = SampleImage.input();
    assertThat(SbomFormat.SPDX.write(input)).isEqualTo(new SpdxWriter().write(input));
    assertThat(SbomFormat.CYCLONEDX.write(input)).isEqualTo(new CycloneDxWriter().write(input));
    assertThat(SbomSchemas.spdxErrors(SbomFormat.SPDX.write(input))).isEmpty();
    assertThat(SbomSchemas.cycloneDxErrors(SbomFormat.CYCLONEDX.write(input))).isEmpty();
  }
}
