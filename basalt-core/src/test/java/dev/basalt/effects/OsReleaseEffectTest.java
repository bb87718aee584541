package dev.basalt.effects;

import static dev.basalt.testkit.Trees.file;
import static dev.basalt.testkit.Trees.link;
import static dev.basalt.testkit.Trees.text;
import static dev.basalt.testkit.Trees.tree;
import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.fs.FileEntry;
import dev.basalt.fs.FileTree;
import dev.basalt.spec.ImageSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class OsReleaseEffectTest {
  private static final long EPOCH = 1_700_000_000L;
  private static final EffectContext CTX =
      new EffectContext("amd64", EPOCH, List.of(), new ImageSpec.Accounts("nonroot"));

  private static final String TRIXIE = """
      PRETTY_NAME="Debian GNU/Linux 13 (trixie)"
      NAME="Debian GNU/Linux"
      VERSION_ID="13"
      VERSION="13 (trixie)"
      VERSION_CODENAME=trixie
      DEBIAN_VERSION_FULL=13.1
      ID=debian
      HOME_URL="https://www.debian.org/"
      SUPPORT_URL="https://www.debian.org/support"
      BUG_REPORT_URL="https://bugs.debian.org/"
      """;

  private static FileTree trixie() {
    return tree(file("/usr/lib/os-release", TRIXIE, "base-files"),
        link("/etc/os-release", "../usr/lib/os-release", "base-files"),
        file("/etc/debian_version", "13.1\n", "base-files"));
  }

  @Test
  void rewritesOnlyThePrettyNameOfTheFileEtcOsReleaseLeadsTo() throws Exception {
    FileTree tree = trixie();
    FileEntry debianVersion = tree.get("/etc/debian_version").orElseThrow();

    EffectResult result = new OsReleaseEffect().apply(tree, CTX);

    assertThat(text(tree, "/usr/lib/os-release")).isEqualTo("""
        PRETTY_NAME="basalt (Debian GNU/Linux 13 (trixie))"
        NAME="Debian GNU/Linux"
        VERSION_ID="13"
        VERSION="13 (trixie)"
        VERSION_CODENAME=trixie
        DEBIAN_VERSION_FULL=13.1
        ID=debian
        HOME_URL="https://www.debian.org/"
        SUPPORT_URL="https://www.debian.org/support"
        BUG_REPORT_URL="https://bugs.debian.org/"
        """);
    FileEntry rewritten = tree.get("/usr/lib/os-release").orElseThrow();
    assertThat(List.of(rewritten.mode(), rewritten.uid(), rewritten.gid())).containsExactly(0644, 0, 0);
    assertThat(rewritten.mtime()).isEqualTo(EPOCH);
    assertThat(rewritten.owner()).isEqualTo("base-files");
    assertThat(tree.get("/etc/os-release").orElseThrow()).isEqualTo(link("/etc/os-release", "../usr/lib/os-release", "base-files"));
    assertThat(tree.get("/etc/debian_version").orElseThrow()).isSameAs(debianVersion);
    assertThat(result.replaced()).containsExactly("/usr/lib/os-release");
    assertThat(result.created()).isEmpty();
  }

  @Test
  void applyingTwiceChangesNothingMore() throws Exception {
    FileTree tree = trixie();
    new OsReleaseEffect().apply(tree, CTX);
    FileEntry once = tree.get("/usr/lib/os-release").orElseThrow();
    EffectResult again = new OsReleaseEffect().apply(tree, CTX);
    assertThat(tree.get("/usr/lib/os-release").orElseThrow()).isSameAs(once);
    assertThat(again.replaced()).isEmpty();
  }

  @Test
  void aRegularEtcOsReleaseIsRewrittenInPlace() throws Exception {
    FileTree tree = tree(file("/etc/os-release", "NAME=Debian\nPRETTY_NAME='Debian \"sid\"'\n", "base-files"));
    new OsReleaseEffect().apply(tree, CTX);
    assertThat(text(tree, "/etc/os-release")).isEqualTo("NAME=Debian\nPRETTY_NAME=\"basalt (Debian \\\"sid\\\")\"\n");
  }

  @Test
  void aFileWithoutPrettyNameGetsOneFromName() throws Exception {
    FileTree tree = tree(file("/usr/lib/os-release", "NAME=\"Debian GNU/Linux\"\nID=debian\n", "base-files"));
    new OsReleaseEffect().apply(tree, CTX);
    assertThat(text(tree, "/usr/lib/os-release"))
        .isEqualTo("PRETTY_NAME=\"basalt (Debian GNU/Linux)\"\nNAME=\"Debian GNU/Linux\"\nID=debian\n");
  }

  @Test
  void valuesAreUnquotedAsTheShellWould() {
    assertThat(OsReleaseEffect.unquote("\"a \\\"b\\\" \\$c \\x\"")).isEqualTo("a \"b\" $c \\x");
    assertThat(OsReleaseEffect.unquote("'a \\b'")).isEqualTo("a \\b");
    assertThat(OsReleaseEffect.unquote("plain\\ word")).isEqualTo("plain word");
    assertThat(OsReleaseEffect.quote("a \"b\" $c `d` \\")).isEqualTo("\"a \\\"b\\\" \\$c \\`d\\` \\\\\"");
  }

  @Test
  void withoutOsReleaseThereIsNothingToDo() throws Exception {
    FileTree tree = new FileTree();
    EffectResult result = new OsReleaseEffect().apply(tree, CTX);
    assertThat(tree.size()).isZero();
    assertThat(result.notes())
        .containsExactly("no os-release in the tree (base-files not installed): nothing to rewrite");
  }
}
