package dev.basalt.effects;

import static dev.basalt.testkit.Trees.dir;
import static dev.basalt.testkit.Trees.file;
import static dev.basalt.testkit.Trees.link;
import static dev.basalt.testkit.Trees.resource;
import static dev.basalt.testkit.Trees.tree;
import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.fs.FileEntry;
import dev.basalt.fs.FileTree;
import dev.basalt.harden.HardenReport;
import dev.basalt.harden.Hardener;
import dev.basalt.spec.ImageSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class EffectsTest {
  private static final ImageSpec.Accounts NONROOT = new ImageSpec.Accounts("nonroot");

  @Test
  void standardEffectsThenHardeningLeaveAnImageThePassesHaveNothingToFixIn() throws Exception {
    FileTree tree = tree(
        link("/bin", "usr/bin", "base-files"),
        new FileEntry.Directory("/tmp", 01777, 0, 0, 1000, "base-files"),
        file("/usr/lib/os-release", "PRETTY_NAME=\"Debian GNU/Linux 13 (trixie)\"\nID=debian\n", "base-files"),
        link("/etc/os-release", "../usr/lib/os-release", "base-files"),
        dir("/etc/ssl/certs", "ca-certificates"),
        file("/usr/share/ca-certificates/mozilla/gamma.crt", 0644, resource("/effects/gamma.crt"), "ca-certificates"),
        file("/usr/share/doc/ca-certificates/copyright", "(c)\n", "ca-certificates"),
        link("/usr/lib/jvm/java-21-openjdk-amd64/lib/security/cacerts", "/etc/ssl/certs/java/cacerts",
            "openjdk-21-jre-headless"));
    EffectContext ctx = new EffectContext("amd64", 1_700_000_000L, List.of(
        new InstalledPackage("base-files", "13.8", "amd64", "Package: base-files\n", null, List.of("postinst")),
        new InstalledPackage("ca-certificates", "20250419", "all", "Package: ca-certificates\n", "", List.of("postinst"))),
        NONROOT);

    List<EffectResult> results = Effects.applyStandard(tree, ctx);
    HardenReport report = new Hardener(ImageSpec.Harden.STRICT, NONROOT).harden(tree);

    assertThat(results.stream().map(EffectResult::effect))
        .containsExactly("accounts", "os-release", "ca-certificates", "ca-certificates-java", "alternatives",
            "locale", "busybox-applets", "dpkg-status", "ld.so.cache");
    assertThat(report.permissions().modes()).isEmpty();
    assertThat(report.permissions().owners()).isEmpty();
    assertThat(report.prune().removed()).isEmpty();
    assertThat(tree.get("/home/nonroot").orElseThrow().uid()).isEqualTo(AccountsEffect.NONROOT_UID);
    assertThat(tree.contains("/etc/ssl/certs/c51cfe34.0")).isTrue();
    assertThat(tree.get(JavaCacertsEffect.CACERTS).orElseThrow().mode()).isEqualTo(0644);
    assertThat(tree.contains("/var/lib/dpkg/status.d/ca-certificates.md5sums")).isTrue();
  }
}
