package dev.basalt.effects;

import static dev.basalt.testkit.Trees.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.fs.FileEntry;
import dev.basalt.fs.FileTree;
import dev.basalt.spec.ImageSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class DpkgStatusEffectTest {
  private static final long EPOCH = 1_700_000_000L;

  private static final String TZDATA = """
      Package: tzdata
      Version: 2025b-4
      Architecture: all
      Maintainer: GNU Libc Maintainers <debian-glibc@lists.debian.org>
      Installed-Size: 1303
      Depends: debconf (>= 0.5) | debconf-2.0
      Provides: tzdata-trixie
      Section: localization
      Priority: required
      Multi-Arch: foreign
      Description: time zone and daylight-saving time data
       This package contains data required for the implementation of
       standard local time for many representative locations around the globe.
      """;
  private static final String TZDATA_MD5 = "0b0fa2b8ed2e3c5cb8e9b5ff1e6c6e74  usr/share/zoneinfo/UTC\n";
  private static final String NETBASE = """
      Package: netbase
      Version: 6.5
      Architecture: all
      Description: Basic TCP/IP networking system
      """;

  private static EffectContext ctx(InstalledPackage... packages) {
    return new EffectContext("amd64", EPOCH, List.of(packages), new ImageSpec.Accounts("nonroot"));
  }

  @Test
  void writesEachControlStanzaAsShippedAndMd5sumsWhenThePackageHasThem() throws Exception {
    FileTree tree = new FileTree();
    EffectResult result = new DpkgStatusEffect().apply(tree, ctx(
        new InstalledPackage("tzdata", "2025b-4", "all", TZDATA, TZDATA_MD5, List.of("config", "postinst", "postrm")),
        new InstalledPackage("netbase", "6.5", "all", NETBASE, null, List.of())));

    assertThat(text(tree, "/var/lib/dpkg/status.d/tzdata")).isEqualTo(TZDATA);
    assertThat(text(tree, "/var/lib/dpkg/status.d/tzdata.md5sums")).isEqualTo(TZDATA_MD5);
    assertThat(text(tree, "/var/lib/dpkg/status.d/netbase")).isEqualTo(NETBASE);
    assertThat(tree.contains("/var/lib/dpkg/status.d/netbase.md5sums")).isFalse();
    assertThat(tree.contains("/var/lib/dpkg/status")).isFalse();
    for (String dir : List.of("/var", "/var/lib", "/var/lib/dpkg", "/var/lib/dpkg/status.d")) {
      assertThat(tree.get(dir).orElseThrow()).isEqualTo(new FileEntry.Directory(dir, 0755, 0, 0, EPOCH, null));
    }
    FileEntry status = tree.get("/var/lib/dpkg/status.d/tzdata").orElseThrow();
    assertThat(List.of(status.mode(), status.uid(), status.gid())).containsExactly(0644, 0, 0);
    assertThat(status.mtime()).isEqualTo(EPOCH);
    assertThat(result.created()).containsExactly("/var", "/var/lib", "/var/lib/dpkg", "/var/lib/dpkg/status.d",
        "/var/lib/dpkg/status.d/tzdata", "/var/lib/dpkg/status.d/tzdata.md5sums", "/var/lib/dpkg/status.d/netbase");
    assertThat(result.notes()).containsExactly("2 packages recorded in /var/lib/dpkg/status.d");
  }

  @Test
  void aPackageListedTwiceIsRefused() {
    InstalledPackage netbase = new InstalledPackage("netbase", "6.5", "all", NETBASE, null, List.of());
    assertThatThrownBy(() -> new DpkgStatusEffect().apply(new FileTree(), ctx(netbase, netbase)))
        .isInstanceOf(EffectException.class)
        .hasMessage("package netbase appears twice among the installed packages; /var/lib/dpkg/status.d holds one file per package name");
  }

  @Test
  void aNameThatIsNotAPackageNameIsMisuse() {
    assertThatThrownBy(() -> new InstalledPackage("../etc/passwd", "1", "all", "", null, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a Debian package name: ../etc/passwd");
  }
}
