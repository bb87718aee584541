package dev.basalt.effects;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.effects.MaintainerScriptReport.Finding;
import dev.basalt.effects.MaintainerScriptReport.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class MaintainerScriptReportTest {
  private static InstalledPackage pkg(String name, String... scripts) {
    return new InstalledPackage(name, "1.0", "amd64", "Package: " + name + "\n", null, List.of(scripts));
  }

  /** The base preset's packages with the scripts their trixie versions ship. */
  private static final List<InstalledPackage> BASE = List.of(
      pkg("base-files", "preinst", "postinst", "postrm", "triggers"),
      pkg("ca-certificates", "config", "postinst", "postrm", "triggers"),
      pkg("libc6", "preinst", "postinst", "postrm", "triggers"),
      pkg("libssl3t64", "triggers"),
      pkg("media-types"),
      pkg("netbase", "postinst", "postrm"),
      pkg("tzdata", "config", "postinst", "postrm"));

  @Test
  void theBasePresetLacksBaseFilesAndNetbasePostinsts() {
    assertThat(MaintainerScriptReport.uncovered(BASE)).containsExactly("base-files", "netbase");
    assertThat(MaintainerScriptReport.summary(BASE)).containsExactly(
        "postinst of base-files not emulated: /var/run and /var/lock stay directories instead of links to /run;"
            + " no /run/lock, /etc/profile, root's dotfiles, /etc/motd, /mnt, /srv, /opt, /media, /usr/local tree"
            + " or utmp logs",
        "postinst of netbase not emulated: no /etc/hosts (container runtimes usually mount one) and no"
            + " /etc/networks");
  }

  @Test
  void everyScriptGetsAFindingInOrder() {
    List<Finding> findings = MaintainerScriptReport.findings(List.of(
        pkg("ca-certificates", "config", "postinst", "postrm", "triggers"),
        pkg("libstdc++6", "prerm", "triggers")));

    assertThat(findings).extracting(f -> f.pkg() + " " + f.script() + " " + f.verdict()).containsExactly(
        "ca-certificates config HARMLESS",
        "ca-certificates postinst EMULATED",
        "ca-certificates postrm HARMLESS",
        "ca-certificates triggers HARMLESS",
        "libstdc++6 prerm HARMLESS",
        "libstdc++6 triggers HARMLESS");
    assertThat(findings.get(1).reason()).isEqualTo("CaBundleEffect writes /etc/ca-certificates.conf and"
        + " /etc/ssl/certs; /usr/local/share/ca-certificates, for certificates added by hand, is not made");
    assertThat(findings.get(2).reason()).isEqualTo(MaintainerScriptReport.REMOVAL);
    assertThat(findings.get(3).reason()).isEqualTo(MaintainerScriptReport.TRIGGERS);
  }

  @Test
  void unknownInstallScriptsAreReportedWithoutAReason() {
    List<InstalledPackage> packages = List.of(pkg("frobnicator", "preinst", "postinst", "prerm"),
        pkg("libfoo1", "triggers"), pkg("quux", "postrm"));

    assertThat(MaintainerScriptReport.uncovered(packages)).containsExactly("frobnicator");
    assertThat(MaintainerScriptReport.summary(packages))
        .containsExactly("preinst of frobnicator not emulated", "postinst of frobnicator not emulated");
    assertThat(MaintainerScriptReport.findings(packages).get(0))
        .isEqualTo(new Finding("frobnicator", "preinst", Verdict.NOT_EMULATED, MaintainerScriptReport.UNKNOWN));
  }

  @Test
  void aJavaImageHasEveryScriptCovered() {
    List<InstalledPackage> java = List.of(
        pkg("ca-certificates-java", "preinst", "postinst", "postrm", "triggers"),
        pkg("java-common", "postinst", "postrm"),
        pkg("openjdk-21-jre-headless", "postinst", "postrm", "prerm"),
        pkg("openjdk-25-jdk-headless", "postinst", "prerm"));

    assertThat(MaintainerScriptReport.uncovered(java)).isEmpty();
    assertThat(MaintainerScriptReport.summary(java)).isEmpty();
  }

  @Test
  void ofPamOnlyThePamAuthUpdateConfigurationIsMissing() {
    List<InstalledPackage> pam = List.of(
        pkg("libpam-modules", "preinst", "postinst", "postrm"),
        pkg("libpam-modules-bin", "postinst", "postrm", "prerm"),
        pkg("libpam-runtime", "postinst", "postrm", "prerm"),
        pkg("libpam0g", "postinst", "postrm", "triggers"),
        pkg("util-linux", "postinst", "postrm", "prerm"));

    assertThat(MaintainerScriptReport.summary(pam)).containsExactly("postinst of libpam-runtime not emulated:"
        + " no /etc/pam.d/common-* (pam-auth-update): a program that authenticates through PAM finds no rules");
  }

  @Test
  void pythonAndNodeScriptsAreCovered() {
    List<InstalledPackage> packages = List.of(
        pkg("libpython3.13-minimal", "postinst", "postrm", "prerm"),
        pkg("libpython3.13-stdlib", "prerm"),
        pkg("python3", "preinst", "postinst", "postrm", "prerm"),
        pkg("python3-minimal", "postinst", "prerm"),
        pkg("python3.13", "postinst", "prerm"),
        pkg("python3.13-minimal", "preinst", "postinst", "postrm", "prerm"),
        pkg("node-undici", "preinst", "postinst", "postrm", "prerm"),
        pkg("nodejs", "postinst", "prerm"),
        pkg("libnode115", "triggers"));

    assertThat(MaintainerScriptReport.uncovered(packages)).isEmpty();
    assertThat(MaintainerScriptReport.findings(packages))
        .filteredOn(f -> f.pkg().equals("python3.13") && f.script().equals("postinst"))
        .extracting(Finding::reason)
        .containsExactly("compiles the standard library; " + MaintainerScriptReport.BYTE_COMPILE);
  }

  @Test
  void everyPackageOfTheAlternativesTableHasItsPostinstEmulated() {
    for (String name : AlternativesTable.standard().packages()) {
      List<Finding> findings = MaintainerScriptReport.findings(List.of(pkg(name, "postinst")));
      assertThat(findings).hasSize(1);
      assertThat(findings.get(0).verdict()).as(name).isEqualTo(Verdict.EMULATED);
      assertThat(findings.get(0).reason()).as(name).startsWith("AlternativesEffect links ");
    }
  }

  @Test
  void aPackageWithoutScriptsHasNoFindings() {
    assertThat(MaintainerScriptReport.findings(List.of(pkg("media-types")))).isEmpty();
    assertThat(MaintainerScriptReport.uncovered(List.of())).isEmpty();
  }
}
