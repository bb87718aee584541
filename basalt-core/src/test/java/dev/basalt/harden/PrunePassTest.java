package dev.basalt.harden;

import static dev.basalt.testkit.Trees.dir;
import static dev.basalt.testkit.Trees.file;
import static dev.basalt.testkit.Trees.link;
import static dev.basalt.testkit.Trees.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.basalt.fs.FileEntry;
import dev.basalt.fs.FileTree;
import dev.basalt.harden.PrunePass.Category;
import dev.basalt.harden.PrunePass.Tally;
import dev.basalt.spec.ImageSpec;
import org.junit.jupiter.api.Test;

class PrunePassTest {
  private static final String DOC = "/usr/share/doc/";
  private static final String GCONV = "/usr/lib/x86_64-linux-gnu/gconv/";

  private static FileEntry.RegularFile sized(String path, int size, String pkg) {
    return file(path, 0644, new byte[size], pkg);
  }

  private static FileTree packages() {
    return tree(
        sized(DOC + "libfoo1/copyright", 100, "libfoo1"),
        sized(DOC + "libfoo1/changelog.Debian.gz", 300, "libfoo1"),
        sized(DOC + "libfoo1/README", 50, "libfoo1"),
        sized(DOC + "libfoo1/examples/ex.c", 20, "libfoo1"),
        sized(DOC + "libfoo1/examples/tool", 15, "libfoo1"),
        new FileEntry.Hardlink("/usr/bin/foo-tool", DOC + "libfoo1/examples/tool", 0755, 0, 0, 1000, "libfoo1"),
        link(DOC + "libfoo-dev", "libfoo1", "libfoo-dev"),
        link(DOC + "gone", "nothing-here", "gone"),
        sized(DOC + "docsonly/README.Debian", 10, "docsonly"),
        sized(DOC + "docsonly/changelog.gz", 7, "docsonly"),
        sized("/usr/share/man/man1/foo.1.gz", 40, "foo"),
        sized("/usr/share/man/de/man1/foo.1.gz", 30, "foo"),
        sized("/usr/share/info/foo.info.gz", 25, "foo"),
        sized("/usr/share/locale/de/LC_MESSAGES/foo.mo", 60, "foo"),
        sized("/usr/share/lintian/overrides/foo", 5, "foo"),
        sized(GCONV + "gconv-modules.cache", 70, "libc6"),
        sized(GCONV + "UTF-16.so", 80, "libc6"),
        sized("/usr/lib/x86_64-linux-gnu/libfoo.so.1", 90, "libfoo1"),
        sized("/usr/share/zoneinfo/UTC", 114, "tzdata"),
        dir("/srv", "base-files"));
  }

  @Test
  void prunesEachCategoryKeepingCopyrightsAndReportsExactBytes() {
    FileTree tree = packages();

    PrunePass.Report report = new PrunePass().apply(tree, ImageSpec.Harden.STRICT);

    assertThat(report.removed()).containsExactly(
        entry(Category.CHANGELOGS, new Tally(2, 307)),
        entry(Category.DOCS, new Tally(5, 80)),
        entry(Category.MAN, new Tally(6, 70)),
        entry(Category.INFO, new Tally(2, 25)),
        entry(Category.LOCALES, new Tally(4, 60)),
        entry(Category.LINTIAN, new Tally(3, 5)),
        entry(Category.GCONV, new Tally(3, 150)));
    assertThat(report.totalEntries()).isEqualTo(25);
    assertThat(report.totalBytes()).isEqualTo(697);
    assertThat(tree.entries().stream().map(FileEntry::path)).containsExactly(
        "/srv",
        "/usr",
        "/usr/bin",
        "/usr/bin/foo-tool",
        "/usr/lib",
        "/usr/lib/x86_64-linux-gnu",
        "/usr/lib/x86_64-linux-gnu/libfoo.so.1",
        "/usr/share",
        "/usr/share/doc",
        "/usr/share/doc/libfoo-dev",
        "/usr/share/doc/libfoo1",
        "/usr/share/doc/libfoo1/copyright",
        "/usr/share/doc/libfoo1/examples",
        "/usr/share/doc/libfoo1/examples/tool",
        "/usr/share/zoneinfo",
        "/usr/share/zoneinfo/UTC");
  }

  @Test
  void keepFlagsLeaveTheirCategoriesAlone() {
    FileTree tree = packages();
    int before = tree.size();
    ImageSpec.Harden keepAll = new ImageSpec.Harden(false, false, false, false, true, true, true, true, true, true, null);

    PrunePass.Report report = new PrunePass().apply(tree, keepAll);

    assertThat(report.removed()).containsExactly(entry(Category.LINTIAN, new Tally(3, 5)));
    assertThat(tree.size()).isEqualTo(before - 3);
    assertThat(tree.contains(DOC + "libfoo1/changelog.Debian.gz")).isTrue();
    assertThat(tree.contains(GCONV + "UTF-16.so")).isTrue();
  }

  @Test
  void directoriesLeftEmptyGoButOnesThatWereEmptyStay() {
    FileTree tree = tree(sized("/usr/share/man/man1/true.1.gz", 12, "coreutils"), sized("/usr/bin/true", 30, "coreutils"),
        dir("/usr/local/share", "base-files"));

    PrunePass.Report report = new PrunePass().apply(tree, ImageSpec.Harden.STRICT);

    assertThat(report.removed()).containsExactly(
        entry(Category.MAN, new Tally(3, 12)),
        entry(Category.EMPTY_DIRS, new Tally(1, 0)));
    assertThat(tree.entries().stream().map(FileEntry::path))
        .containsExactly("/usr", "/usr/bin", "/usr/bin/true", "/usr/local", "/usr/local/share");
  }

  @Test
  void aDocLinkWhoseTargetHasNoCopyrightGoes() {
    FileTree tree = tree(sized(DOC + "a/copyright", 3, "a"), link(DOC + "b", "a", "b"),
        sized(DOC + "c/README", 4, "c"), link(DOC + "d", "/usr/share/doc/c", "d"));

    PrunePass.Report report = new PrunePass().apply(tree, ImageSpec.Harden.STRICT);

    assertThat(report.removed()).containsExactly(entry(Category.DOCS, new Tally(3, 4)));
    assertThat(tree.below("/usr/share/doc").stream().map(FileEntry::path))
        .containsExactly(DOC + "a", DOC + "a/copyright", DOC + "b");
  }
}
