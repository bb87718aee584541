package dev.basalt.debian;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.fs.Content;
import dev.basalt.fs.FileEntry;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a changelog path is followed through doc-directory links inside one package. */
class PackageChangelogsTest {
  private static Map<String, FileEntry> entries(FileEntry... es) {
    Map<String, FileEntry> map = new HashMap<>();
    for (FileEntry e : es) {
      map.put(e.path(), e);
    }
    return map;
  }

  private static FileEntry link(String path, String target) {
    return new FileEntry.Symlink(path, target, 0, 0, 0, "pkg");
  }

  private static FileEntry file(String path) {
    return new FileEntry.RegularFile(path, 0644, 0, 0, 0, "pkg", Content.Inline.of("x"));
  }

  @Test
  void relativeAbsoluteAndClimbingLinksAreFollowed() {
    String log = "/usr/share/doc/libgcc-s1/changelog.Debian.gz";
    assertThat(PackageChangelogs.resolveLinks(entries(link("/usr/share/doc/libgcc-s1", "gcc-14-base")), log))
        .isEqualTo("/usr/share/doc/gcc-14-base/changelog.Debian.gz");
    assertThat(PackageChangelogs.resolveLinks(entries(link("/usr/share/doc/libgcc-s1", "/usr/share/doc/gcc-14-base")), log))
        .isEqualTo("/usr/share/doc/gcc-14-base/changelog.Debian.gz");
    assertThat(PackageChangelogs.resolveLinks(entries(link("/usr/share/doc/libgcc-s1", "../doc/./gcc-14-base/")), log))
        .isEqualTo("/usr/share/doc/gcc-14-base/changelog.Debian.gz");
    // The file itself a link, as some packages ship it, and ".." never climbing above the root.
    assertThat(PackageChangelogs.resolveLinks(entries(link(log, "../../../../../../x/changelog.gz"), file("/x/changelog.gz")), log))
        .isEqualTo("/x/changelog.gz");
    assertThat(PackageChangelogs.resolveLinks(entries(file(log)), log)).isEqualTo(log);
  }

  @Test
  void loopingLinksLeadNowhere() {
    assertThat(PackageChangelogs.resolveLinks(entries(link("/usr/share/doc/a", "b"), link("/usr/share/doc/b", "a")),
        "/usr/share/doc/a/changelog.Debian.gz")).isNull();
  }
}
