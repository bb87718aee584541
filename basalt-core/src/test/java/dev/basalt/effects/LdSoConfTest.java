package dev.basalt.effects;

import static dev.basalt.testkit.Trees.dir;
import static dev.basalt.testkit.Trees.file;
import static dev.basalt.testkit.Trees.link;
import static dev.basalt.testkit.Trees.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.fs.FileTree;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LdSoConfTest {
  private static final String LIBC6_CONF =
      "# Multiarch support\n/usr/local/lib/x86_64-linux-gnu\n/lib/x86_64-linux-gnu\n/usr/lib/x86_64-linux-gnu\n";

  @Test
  void includesAreReadInCLocaleOrderAtTheLineThatIncludesThem() throws Exception {
    FileTree tree = tree(
        file("/etc/ld.so.conf", "/first\ninclude /etc/ld.so.conf.d/*.conf\n/last\n", "libc-bin"),
        file("/etc/ld.so.conf.d/x86_64-linux-gnu.conf", LIBC6_CONF, "libc6"),
        file("/etc/ld.so.conf.d/libc.conf", "# libc default configuration\n/usr/local/lib\n", "libc-bin"),
        file("/etc/ld.so.conf.d/Zed.conf", "/zed\n", "x"),
        file("/etc/ld.so.conf.d/.hidden.conf", "/hidden\n", "x"),
        file("/etc/ld.so.conf.d/notes.txt", "/txt\n", "x"));

    assertThat(directories(tree, new ArrayList<>())).containsExactly("/first", "/zed", "/usr/local/lib",
        "/usr/local/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/last");
  }

  @Test
  void linesAreCutAtHashTrimmedAndStrippedOfTypesAndTrailingSlashes() throws Exception {
    FileTree tree = tree(file("/etc/ld.so.conf",
        "  /a/lib/  # comment\n\t/b/lib\t\n/c/lib=libc6\n#/commented\n/\nhwcap 0 nosegneg\nHWCAP\t1 x\n/d lib//\n", "x"));
    List<String> notes = new ArrayList<>();

    assertThat(directories(tree, notes)).containsExactly("/a/lib", "/b/lib", "/c/lib", "/d lib");
    assertThat(notes).containsExactly("/etc/ld.so.conf:6: hwcap directive ignored", "/etc/ld.so.conf:7: hwcap directive ignored");
  }

  @Test
  void relativeIncludesAreTakenFromTheIncludingFilesDirectoryAndMissingOnesIgnored() throws Exception {
    FileTree tree = tree(
        file("/etc/ld.so.conf", "include ld.so.conf.d/*.conf /etc/missing/*.conf /etc/none.conf\n", "libc-bin"),
        file("/etc/ld.so.conf.d/a.conf", "/a\ninclude sub/[bc].conf\n", "x"),
        file("/etc/ld.so.conf.d/sub/b.conf", "/b\n", "x"),
        file("/etc/ld.so.conf.d/sub/c.conf", "/c\n", "x"),
        file("/etc/ld.so.conf.d/sub/d.conf", "/d\n", "x"));

    assertThat(directories(tree, new ArrayList<>())).containsExactly("/a", "/b", "/c");
  }

  @Test
  void includedFilesAndDirectoriesAreFollowedThroughLinks() throws Exception {
    FileTree tree = tree(
        file("/etc/ld.so.conf", "include /etc/conf.d/*.conf\n", "libc-bin"),
        link("/etc/conf.d", "/usr/share/conf", "x"),
        file("/usr/share/conf/one.conf", "/one\n", "x"),
        link("/usr/share/conf/two.conf", "one.conf", "x"),
        link("/usr/share/conf/three.conf", "gone.conf", "x"),
        dir("/usr/share/conf/four.conf", "x"));

    assertThat(directories(tree, new ArrayList<>())).containsExactly("/one", "/one");
  }

  @Test
  void withoutLdSoConfLibcBinsOwnIsAssumed() throws Exception {
    FileTree tree = tree(file("/etc/ld.so.conf.d/x86_64-linux-gnu.conf", LIBC6_CONF, "libc6"));
    List<String> notes = new ArrayList<>();

    assertThat(directories(tree, notes))
        .containsExactly("/usr/local/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu");
    assertThat(notes).containsExactly(
        "no /etc/ld.so.conf (libc-bin not installed): read as libc-bin ships it, \"include /etc/ld.so.conf.d/*.conf\"");
  }

  @Test
  void anIncludeLoopFailsSayingSo() {
    FileTree tree = tree(file("/etc/ld.so.conf", "include /etc/ld.so.conf\n", "x"));

    assertThatThrownBy(() -> directories(tree, new ArrayList<>()))
        .isInstanceOf(EffectException.class)
        .hasMessageContaining("/etc/ld.so.conf is included more than 32 levels deep");
  }

  @Test
  void globsMatchAsFnmatchDoes() {
    assertThat(LdSoConf.fnmatch("*.conf").matcher("x86_64-linux-gnu.conf").matches()).isTrue();
    assertThat(LdSoConf.fnmatch("*.conf").matcher("x.conf.bak").matches()).isFalse();
    assertThat(LdSoConf.fnmatch("lib?.conf").matcher("libc.conf").matches()).isTrue();
    assertThat(LdSoConf.fnmatch("[!a-c]*").matcher("b.conf").matches()).isFalse();
    assertThat(LdSoConf.fnmatch("[!a-c]*").matcher("d.conf").matches()).isTrue();
    assertThat(LdSoConf.fnmatch("[]x]y").matcher("]y").matches()).isTrue();
    assertThat(LdSoConf.fnmatch("a\\*b").matcher("a*b").matches()).isTrue();
    assertThat(LdSoConf.fnmatch("a\\*b").matcher("axb").matches()).isFalse();
    assertThat(LdSoConf.fnmatch("a.(b)+").matcher("a.(b)+").matches()).isTrue();
  }

  private static List<String> directories(FileTree tree, List<String> notes) throws EffectException {
    return LdSoConf.directories(tree, notes::add);
  }
}
