package dev.basalt.debian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The changelog parser on real changelogs of trixie packages (see the fixtures' README). */
class ChangelogTest {
  private static Changelog real(String name) throws Exception {
    try (InputStream in = ChangelogTest.class.getResourceAsStream("/debian/changelog/" + name)) {
      return Changelog.readGzip(in, name);
    }
  }

  private static DebianVersion v(String text) {
    return DebianVersion.parse(text);
  }

  @Test
  void opensslSecurityUploadsNameTheirCves() throws Exception {
    Changelog log = real("openssl.changelog.Debian.gz");
    assertThat(log.entries()).extracting(Changelog.Entry::version).containsExactly(
        "3.5.9-1~deb13u1", "3.5.7-1~deb13u3", "3.5.7-1~deb13u2", "3.5.7-1~deb13u1",
        "3.5.6-1~deb13u2", "3.5.6-1~deb13u1", "3.5.5-1~deb13u2", "3.5.5-1~deb13u1");
    Changelog.Entry first = log.entries().get(0);
    assertThat(first.source()).isEqualTo("openssl");
    assertThat(first.distributions()).isEqualTo("trixie");
    assertThat(first.urgency()).isEqualTo("medium");
    assertThat(first.changes()).containsExactly("  * Import 3.5.9");
    assertThat(first.maintainer()).isEqualTo("Sebastian Andrzej Siewior <sebastian@breakpoint.cc>");
    assertThat(first.date()).isEqualTo("Sat, 03 Oct 2026 18:00:50 +0200");
    assertThat(first.cves()).isEmpty();
    Changelog.Entry security = log.entries().get(1);
    assertThat(security.distributions()).isEqualTo("trixie-security");
    // Two CVEs share one line ("CVE-2026-42772 and CVE-2026-54873").
    assertThat(security.cves()).containsExactly(
        "CVE-2026-84782", "CVE-2026-35189", "CVE-2026-35191", "CVE-2026-54872", "CVE-2026-54875",
        "CVE-2026-72897", "CVE-2026-75804", "CVE-2026-75805", "CVE-2026-75806", "CVE-2026-77696",
        "CVE-2026-84784", "CVE-2026-42772", "CVE-2026-54873");
  }

  @Test
  void entriesBetweenTwoVersionsAndTheirCvesInOrder() throws Exception {
    Changelog log = real("openssl.changelog.Debian.gz");
    List<Changelog.Entry> between = log.between(v("3.5.6-1~deb13u1"), v("3.5.9-1~deb13u1"));
    assertThat(between).extracting(Changelog.Entry::version).containsExactly(
        "3.5.9-1~deb13u1", "3.5.7-1~deb13u3", "3.5.7-1~deb13u2", "3.5.7-1~deb13u1", "3.5.6-1~deb13u2");
    assertThat(Changelog.cves(between)).containsExactly(
        "CVE-2026-7383", "CVE-2026-9076", "CVE-2026-14456", "CVE-2026-14457", "CVE-2026-18798",
        "CVE-2026-34180", "CVE-2026-34181", "CVE-2026-34182", "CVE-2026-34183", "CVE-2026-35189",
        "CVE-2026-35191", "CVE-2026-42764", "CVE-2026-42766", "CVE-2026-42767", "CVE-2026-42768",
        "CVE-2026-42769", "CVE-2026-42770", "CVE-2026-42772", "CVE-2026-45445", "CVE-2026-45446",
        "CVE-2026-45447", "CVE-2026-54872", "CVE-2026-54873", "CVE-2026-54874", "CVE-2026-54875",
        "CVE-2026-63072", "CVE-2026-63073", "CVE-2026-63074", "CVE-2026-63075", "CVE-2026-63076",
        "CVE-2026-72897", "CVE-2026-75803", "CVE-2026-75804", "CVE-2026-75805", "CVE-2026-75806",
        "CVE-2026-77696", "CVE-2026-84782", "CVE-2026-84784");
    // The upper bound is inclusive, the lower exclusive: one step back is one entry.
    assertThat(log.between(v("3.5.7-1~deb13u3"), v("3.5.9-1~deb13u1")))
        .extracting(Changelog.Entry::version).containsExactly("3.5.9-1~deb13u1");
    assertThat(log.between(v("3.5.9-1~deb13u1"), v("3.5.9-1~deb13u1"))).isEmpty();
  }

  @Test
  void wholeChangelogWithTrailingCommentsParses() throws Exception {
    Changelog log = real("libcap2.changelog.Debian.gz");
    assertThat(log.entries()).hasSize(35);
    assertThat(log.entries().get(0).version()).isEqualTo("1:2.75-10+deb13u1");
    assertThat(log.entries().get(0).distributions()).isEqualTo("trixie");
    assertThat(log.entries().get(34).version()).isEqualTo("1:2.27-1");
    assertThat(log.entries().get(34).date()).isEqualTo("Mon, 28 Oct 2019 10:39:04 +0100");
    assertThat(Changelog.cves(log.entries())).containsExactly(
        "CVE-2023-2602", "CVE-2023-2603", "CVE-2025-1390", "CVE-2026-4878");
    assertThat(Changelog.cves(log.between(v("1:2.75-10"), v("1:2.75-10+deb13u1+b3"))))
        .containsExactly("CVE-2026-4878");
  }

  @Test
  void binNmuChangelogsHaveBinaryOnlyEntries() throws Exception {
    Changelog cap = real("libcap2.changelog.Debian.amd64.gz");
    assertThat(cap.entries()).hasSize(1);
    Changelog.Entry e = cap.entries().get(0);
    assertThat(e.source()).isEqualTo("libcap2");
    assertThat(e.version()).isEqualTo("1:2.75-10+deb13u1+b3");
    assertThat(e.urgency()).isEqualTo("low");
    assertThat(e.changes()).containsExactly(
        "  * Binary-only non-maintainer upload for amd64; no source changes.",
        "  * Rebuild for outdated Built-Using (glibc/2.41-12+deb13u3)");
    assertThat(e.maintainer()).isEqualTo(
        "amd64 / i386 Build Daemon (x86-ubc-01) <buildd_amd64-x86-ubc-01@buildd.debian.org>");
    Changelog acl = real("acl.changelog.Debian.amd64.gz");
    assertThat(acl.entries()).extracting(Changelog.Entry::version).containsExactly("2.3.2-2+b1");
    assertThat(acl.entries().get(0).distributions()).isEqualTo("sid");
  }

  @Test
  void gccChangelogWithoutCves() throws Exception {
    Changelog log = real("gcc-14.changelog.Debian.gz");
    assertThat(log.entries()).extracting(Changelog.Entry::version)
        .containsExactly("14.2.0-19", "14.2.0-18", "14.2.0-17", "14.2.0-16");
    assertThat(log.entries().get(0).source()).isEqualTo("gcc-14");
    assertThat(Changelog.cves(log.entries())).isEmpty();
  }

  @Test
  void anEntryWithoutItsTrailerIsRefusedWithTheLine() {
    assertThatThrownBy(() -> Changelog.parse("foo (1.0-1) unstable; urgency=low\n\n  * x\n\nfoo (0.9-1) unstable;"
        + " urgency=low\n", "foo/changelog"))
        .isInstanceOf(ArchiveException.class)
        .hasMessage("foo/changelog:5: a new entry starts before the entry of line 1 has its ' -- maintainer  date' line");
    assertThatThrownBy(() -> Changelog.parse("foo (1.0-1) unstable; urgency=low\n  * x\n", "c"))
        .hasMessage("c:1: the entry for 1.0-1 has no ' -- maintainer  date' line");
    assertThatThrownBy(() -> Changelog.readGzip(new java.io.ByteArrayInputStream(new byte[] {1, 2, 3}), "c.gz"))
        .isInstanceOf(ArchiveException.class).hasMessageStartingWith("c.gz is not a readable gzip file: ");
  }
}
