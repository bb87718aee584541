package dev.basalt.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shared reader of dpkg metadata, on status and status.d together. */
class DpkgStatusTest {
  private static FlatFile file(String path, String content) {
    return new FlatFile(path, FlatFile.Type.FILE, 0644, 0, 0, content.length(), null, false, java.util.Set.of(),
        content.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsInstalledPackagesAndCollectsProblems() {
    FlatFilesystem fs = FlatFilesystem.of(List.of(
        file("/var/lib/dpkg/status", """
            Package: libc6
            Status: install ok installed
            Version: 2.41-12
            Architecture: amd64

            Package: gone
            Status: deinstall ok config-files
            Version: 1.0
            Architecture: amd64

            Package: broken
            Version: 1
            """),
        file("/var/lib/dpkg/status.d/tzdata", "Package: tzdata\nVersion: 2025b-4\nArchitecture: all\n"),
        file("/var/lib/dpkg/status.d/tzdata.md5sums", "not deb822 at all: {\n"),
        file("/var/lib/dpkg/status.d/libc6", "Package: libc6\nVersion: 2.41-12\nArchitecture: amd64\n"),
        file("/var/lib/dpkg/status.d/wrong", "Package: zlib1g\nVersion: 1:1.3\nArchitecture: amd64\n")));
    assertThat(DpkgStatus.present(fs)).isTrue();
    DpkgStatus.Result r = DpkgStatus.read(fs);
    assertThat(r.installed()).extracting(i -> i.name() + " " + i.version() + " " + i.arch() + " " + i.file())
        .containsExactly("libc6 2.41-12 amd64 /var/lib/dpkg/status", "tzdata 2025b-4 all /var/lib/dpkg/status.d/tzdata",
            "zlib1g 1:1.3 amd64 /var/lib/dpkg/status.d/wrong");
    assertThat(r.problems()).containsExactly(
        new DpkgStatus.Problem(DpkgStatus.Kind.INCOMPLETE, "/var/lib/dpkg/status: a stanza lacks Package, Version or Architecture"),
        new DpkgStatus.Problem(DpkgStatus.Kind.DUPLICATE,
            "package libc6:amd64 is listed twice (/var/lib/dpkg/status and /var/lib/dpkg/status.d/libc6)"),
        new DpkgStatus.Problem(DpkgStatus.Kind.MISNAMED, "/var/lib/dpkg/status.d/wrong describes package zlib1g, not wrong"));
    assertThat(DpkgStatus.isStatusFile("/var/lib/dpkg/status.d/tzdata.md5sums")).isFalse();
    assertThat(DpkgStatus.present(FlatFilesystem.of(List.of(file("/etc/os-release", "ID=debian\n"))))).isFalse();
  }
}
