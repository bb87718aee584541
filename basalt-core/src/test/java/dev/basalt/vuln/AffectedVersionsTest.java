package dev.basalt.vuln;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.debian.DebianVersion;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** OSV ranges under Debian version ordering. */
class AffectedVersionsTest {
  /** An affected entry with one range per argument, each "kind=version,kind=version". */
  static OsvRecord.Affected affected(List<String> versions, String... ranges) {
    List<OsvRecord.Range> out = new ArrayList<>();
    for (String range : ranges) {
      List<OsvRecord.Event> events = new ArrayList<>();
      for (String e : range.split(",")) {
        String[] kv = e.split("=", 2);
        events.add(new OsvRecord.Event(OsvRecord.Kind.valueOf(kv[0].toUpperCase(java.util.Locale.ROOT)), kv[1]));
      }
      out.add(new OsvRecord.Range(events));
    }
    return new OsvRecord.Affected("Debian:13", "openssl", out, versions, List.of(), null);
  }

  static String fixedFor(OsvRecord.Affected a, String version) {
    AffectedVersions.Match m = AffectedVersions.match(a, DebianVersion.parse(version));
    return m == null ? "not affected" : m.fixed() == null ? "affected, no fix" : "fixed in " + m.fixed();
  }

  @Test
  void introducedZeroCoversEverythingBelowTheFix() {
    OsvRecord.Affected a = affected(List.of(), "introduced=0,fixed=3.5.4-1~deb13u1");
    assertThat(fixedFor(a, "0.1")).isEqualTo("fixed in 3.5.4-1~deb13u1");
    assertThat(fixedFor(a, "3.5.1-1")).isEqualTo("fixed in 3.5.4-1~deb13u1");
    assertThat(fixedFor(a, "3.5.4-1~deb13u1")).isEqualTo("not affected");
    assertThat(fixedFor(a, "3.5.4-1")).isEqualTo("not affected");
  }

  @Test
  void tildeSortsBeforeTheReleaseItBackports() {
    OsvRecord.Affected a = affected(List.of(), "introduced=0,fixed=3.5.4-1");
    // A backport 3.5.4-1~deb13u1 is below 3.5.4-1: still affected by a fix that landed in 3.5.4-1.
    assertThat(fixedFor(a, "3.5.4-1~deb13u1")).isEqualTo("fixed in 3.5.4-1");
    assertThat(fixedFor(a, "3.5.4-1~")).isEqualTo("fixed in 3.5.4-1");
  }

  @Test
  void securitySuffixesOrderAfterTheirBase() {
    OsvRecord.Affected a = affected(List.of(), "introduced=0,fixed=2.41-12+deb13u2");
    assertThat(fixedFor(a, "2.41-12")).isEqualTo("fixed in 2.41-12+deb13u2");
    assertThat(fixedFor(a, "2.41-12+deb13u1")).isEqualTo("fixed in 2.41-12+deb13u2");
    assertThat(fixedFor(a, "2.41-12+deb13u2")).isEqualTo("not affected");
    assertThat(fixedFor(a, "2.41-12+deb13u10")).isEqualTo("not affected");
  }

  @Test
  void epochsOutrankEverythingElse() {
    OsvRecord.Affected a = affected(List.of(), "introduced=0,fixed=1:1.3.dfsg-3");
    assertThat(fixedFor(a, "1.3.dfsg+really1.3.1-1")).isEqualTo("fixed in 1:1.3.dfsg-3");
    assertThat(fixedFor(a, "9.9-1")).isEqualTo("fixed in 1:1.3.dfsg-3");
    assertThat(fixedFor(a, "1:1.3.dfsg+really1.3.1-1+deb13u1")).isEqualTo("not affected");
    assertThat(fixedFor(a, "0:1.3.dfsg-2")).isEqualTo("fixed in 1:1.3.dfsg-3");
  }

  @Test
  void lastAffectedIncludesItsVersionAndFixedDoesNot() {
    OsvRecord.Affected last = affected(List.of(), "introduced=0,last_affected=2.3-1");
    assertThat(fixedFor(last, "2.3-1")).isEqualTo("affected, no fix");
    assertThat(fixedFor(last, "2.3-1+b1")).isEqualTo("not affected");
    OsvRecord.Affected fixed = affected(List.of(), "introduced=0,fixed=2.3-1");
    assertThat(fixedFor(fixed, "2.3-1")).isEqualTo("not affected");
    assertThat(fixedFor(fixed, "2.2-9")).isEqualTo("fixed in 2.3-1");
  }

  @Test
  void introducedAfterZeroLeavesOlderVersionsAlone() {
    OsvRecord.Affected a = affected(List.of(), "introduced=2.0-1,fixed=2.4-1");
    assertThat(fixedFor(a, "1.9-5")).isEqualTo("not affected");
    assertThat(fixedFor(a, "2.0-1")).isEqualTo("fixed in 2.4-1");
    assertThat(fixedFor(a, "2.0~rc1-1")).isEqualTo("not affected");
  }

  @Test
  void multipleRangesAndEventsInAnyOrder() {
    // Two affected stretches in one range, events listed out of order, and a second range.
    OsvRecord.Affected a = affected(List.of(), "fixed=1.5-1,introduced=3.0-1,introduced=1.0-1,fixed=3.2-1",
        "introduced=5.0-1");
    assertThat(fixedFor(a, "0.9-1")).isEqualTo("not affected");
    assertThat(fixedFor(a, "1.2-1")).isEqualTo("fixed in 1.5-1");
    assertThat(fixedFor(a, "2.0-1")).isEqualTo("not affected");
    assertThat(fixedFor(a, "3.1-1")).isEqualTo("fixed in 3.2-1");
    assertThat(fixedFor(a, "4.0-1")).isEqualTo("not affected");
    assertThat(fixedFor(a, "5.1-1")).isEqualTo("affected, no fix");
  }

  @Test
  void limitBoundsTheRange() {
    OsvRecord.Affected a = affected(List.of(), "introduced=0,limit=2.0-1");
    assertThat(fixedFor(a, "1.9-1")).isEqualTo("affected, no fix");
    assertThat(fixedFor(a, "2.0-1")).isEqualTo("not affected");
    assertThat(fixedFor(affected(List.of(), "introduced=0,limit=*"), "99-1")).isEqualTo("affected, no fix");
  }

  @Test
  void explicitVersionsMatchByDpkgEquality() {
    OsvRecord.Affected a = affected(List.of("1.0-1", "1:2.0-3"));
    assertThat(fixedFor(a, "1.0-1")).isEqualTo("affected, no fix");
    assertThat(fixedFor(a, "0:1.0-1")).isEqualTo("affected, no fix");
    assertThat(fixedFor(a, "2.0-3")).isEqualTo("not affected");
    assertThat(fixedFor(a, "1:2.0-3")).isEqualTo("affected, no fix");
  }

  @Test
  void binNmuSuffixIsDroppedForTheSourceVersion() {
    assertThat(VulnMatcher.withoutBinNmu("1:2.75-10+deb13u1+b3")).isEqualTo("1:2.75-10+deb13u1");
    assertThat(VulnMatcher.withoutBinNmu("1.2-3+b12")).isEqualTo("1.2-3");
    assertThat(VulnMatcher.withoutBinNmu("1.2+bzr5-1")).isEqualTo("1.2+bzr5-1");
  }
}
