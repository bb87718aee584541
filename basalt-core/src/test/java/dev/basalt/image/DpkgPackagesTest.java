package dev.basalt.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The one reader of an image's dpkg metadata: whole status, status.d, and md5sums in both places. */
class DpkgPackagesTest {
  static FlatFile file(String path, String content) {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    return new FlatFile(path, FlatFile.Type.FILE, 0644, 0, 0, bytes.length, null, false, Set.of(), bytes);
  }

  @Test
  void readsStatusAndStatusDWithTheFilesEachPackageShipped() throws Exception {
    FlatFilesystem fs = FlatFilesystem.of(List.of(
        file("/var/lib/dpkg/status", "Package: bash\nStatus: install ok installed\nVersion: 5.2.37-2\n"
            + "Architecture: amd64\n\nPackage: vim\nStatus: deinstall ok config-files\nVersion: 2:9.1.1230-2\n"
            + "Architecture: amd64\n\nPackage: broken\nVersion: 1\n"),
        file("/var/lib/dpkg/info/bash.md5sums", "aa  bin/bash\nbb  usr/share/doc/bash/copyright\n"),
        file("/var/lib/dpkg/info/vim:amd64.md5sums", "cc  usr/bin/vim.basic\n"),
        file("/var/lib/dpkg/status.d/libc6", "Package: libc6\nSource: glibc\nVersion: 2.41-12\nArchitecture: amd64\n"),
        file("/var/lib/dpkg/status.d/libc6.md5sums", "dd  usr/lib/x86_64-linux-gnu/libc.so.6\n"),
        file("/var/lib/dpkg/status.d/bash", "Package: bash\nVersion: 9.9-1\nArchitecture: amd64\n")));
    List<DpkgPackages.Entry> all = DpkgPackages.read(fs, "img");
    assertThat(all).extracting(DpkgPackages.Entry::name, DpkgPackages.Entry::version, DpkgPackages.Entry::installed)
        // The installed packages in file order (the status file first), then what dpkg only remembers.
        .containsExactly(org.assertj.core.groups.Tuple.tuple("bash", "5.2.37-2", true),
            org.assertj.core.groups.Tuple.tuple("libc6", "2.41-12", true),
            org.assertj.core.groups.Tuple.tuple("vim", "2:9.1.1230-2", false));
    assertThat(all.get(0).shippedFiles()).containsExactly("/bin/bash", "/usr/share/doc/bash/copyright");
    assertThat(all.get(1).shippedFiles()).containsExactly("/usr/lib/x86_64-linux-gnu/libc.so.6");
    assertThat(all.get(1).stanza().source()).isEqualTo("/var/lib/dpkg/status.d/libc6");
    assertThat(all.get(2).shippedFiles()).containsExactly("/usr/bin/vim.basic");
    assertThat(DpkgPackages.installed(fs, "img")).extracting(DpkgPackages.Entry::name).containsExactly("bash", "libc6");
    assertThat(DpkgPackages.isMetadata("/var/lib/dpkg/info/bash.list")).isFalse();
    assertThat(DpkgPackages.isMetadata("/var/lib/dpkg/info/bash.md5sums")).isTrue();
  }

  @Test
  void anUnparseableStatusNamesTheImageAndFile() {
    FlatFilesystem fs = FlatFilesystem.of(List.of(file("/var/lib/dpkg/status", " continuation first\n")));
    assertThatThrownBy(() -> DpkgPackages.read(fs, "oci:x")).isInstanceOf(ImageReadException.class)
        .hasMessageStartingWith("oci:x: /var/lib/dpkg/status does not parse: ");
  }
}
