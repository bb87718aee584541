package dev.basalt.vuln;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.build.BuildStep;
import dev.basalt.image.ImageLocation;
import dev.basalt.testkit.FixtureImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build's gate on the fixture archive's image (libc6 2.41-12, its own source), and
 * {@code basalt scan} of the written image agreeing with what the gate saw.
 */
class VulnGateTest {
  static OsvRecord libc6(String id, String fixed, String vector) {
    return new OsvRecord(id, List.of(), null, List.of(new OsvRecord.Score("CVSS_V3", vector)), null,
        List.of(AffectedVersionsTest.affected(List.of(), "introduced=0,fixed=" + fixed)).stream()
            .map(a -> new OsvRecord.Affected("Debian:13", "libc6", a.ranges(), a.versions(), a.severity(), null))
            .toList(), id + ".json");
  }

  static final String CRITICAL = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
  static final String MEDIUM = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:L/A:N";

  @Test
  void aFindingAtTheThresholdFailsTheBuildAndWritesNothing(@TempDir Path work) {
    VulnGate gate = new VulnGate(VulnDatabase.of(List.of(libc6("DSA-9999-1", "2.41-12+deb13u1", CRITICAL))),
        Level.HIGH, null);
    assertThatThrownBy(() -> FixtureImages.twoArch(work, gate)).isInstanceOf(VulnGateException.class)
        .hasMessageContaining("image of app has 1 known vulnerability at high or above (or of unknown severity);"
            + " nothing was written:")
        .hasMessageContaining("  CRITICAL DSA-9999-1 libc6 2.41-12, fixed in 2.41-12+deb13u1, 9.8 " + CRITICAL)
        .satisfies(e -> assertThat(((VulnGateException) e).report().failing(Level.HIGH)).hasSize(1));
    assertThat(Files.exists(work.resolve("out/app"))).isFalse();
  }

  @Test
  void belowTheThresholdTheSummarySaysWhatWasFound(@TempDir Path work) throws Exception {
    VulnGate gate = new VulnGate(VulnDatabase.of(List.of(libc6("DSA-9998-1", "2.41-13", MEDIUM),
        libc6("DSA-9997-1", "2.41-11", CRITICAL))), Level.HIGH, null);
    BuildStep.Result built = FixtureImages.twoArch(work, gate);
    assertThat(built.images().get(0).notes()).contains("vulnerabilities: 0 critical, 0 high, 1 medium, 0 low, 0 none,"
        + " 0 unknown; 0 not applicable or suppressed (2 records, gate at high)");
    // The image on disk scans the same: basalt's dpkg metadata says what the gate saw.
    List<ScanReport> scanned = ImageScanner.scan(ImageLocation.parse("oci:" + work.resolve("out/app") + ":latest"),
        null, gate.db(), VexStatements.NONE, null);
    assertThat(scanned).extracting(ScanReport::arch).containsExactly("amd64", "arm64");
    assertThat(scanned.get(1).findings()).extracting(ScanTextReport::line).containsExactly(
        "  MEDIUM   DSA-9998-1 libc6 2.41-12, fixed in 2.41-13, 6.5 " + MEDIUM);
  }

  @Test
  void withoutADatabaseTheSummarySaysNoScanWasDone(@TempDir Path work) throws Exception {
    BuildStep.Result built = FixtureImages.twoArch(work);
    assertThat(built.images().get(0).notes()).contains(VulnGate.NOT_SCANNED);
    assertThat(VulnGate.NOT_SCANNED).isEqualTo("vulnerabilities: NOT SCANNED (no --vuln-db given); this build makes"
        + " no claim about known vulnerabilities");
  }
}
