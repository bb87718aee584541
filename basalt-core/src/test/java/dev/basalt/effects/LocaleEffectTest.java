package dev.basalt.effects;

import static dev.basalt.testkit.Trees.file;
import static dev.basalt.testkit.Trees.link;
import static dev.basalt.testkit.Trees.text;
import static dev.basalt.testkit.Trees.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.fs.Content;
import dev.basalt.fs.FileEntry;
import dev.basalt.fs.FileTree;
import dev.basalt.spec.ImageSpec;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocaleEffectTest {
  private static final long EPOCH = 1_700_000_000L;

  private static EffectContext ctx(String... packages) {
    return new EffectContext("amd64", EPOCH, Arrays.stream(packages)
        .map(n -> new InstalledPackage(n, "1.0", "amd64", "Package: " + n + "\n", null, List.of()))
        .toList(), new ImageSpec.Accounts("nonroot"));
  }

  /** tzdata's own layout: Etc/UTC a file, UTC a link to it. */
  private static FileTree withTzdata(FileEntry... more) {
    FileTree tree = tree(file("/usr/share/zoneinfo/Etc/UTC", "TZif2 UTC\n", "tzdata"),
        link("/usr/share/zoneinfo/UTC", "Etc/UTC", "tzdata"),
        link("/usr/share/zoneinfo/localtime", "/etc/localtime", "tzdata"));
    for (FileEntry e : more) {
      tree.putWithParents(e, 1000);
    }
    return tree;
  }

  @Test
  void tzdataGetsEtcLocaltimeLinkedToUtc() throws Exception {
    FileTree tree = withTzdata();

    EffectResult result = new LocaleEffect().apply(tree, ctx("tzdata"));

    assertThat(tree.get("/etc/localtime").orElseThrow())
        .isEqualTo(new FileEntry.Symlink("/etc/localtime", "/usr/share/zoneinfo/Etc/UTC", 0, 0, EPOCH, null));
    assertThat(tree.contains("/etc/timezone")).isFalse();
    assertThat(result.effect()).isEqualTo("locale");
    assertThat(result.created()).containsExactly("/etc", "/etc/localtime");
    assertThat(result.notes()).containsExactly("time zone Etc/UTC");
  }

  @Test
  void anExistingEtcTimezoneIsRewrittenAsThePostinstDoes() throws Exception {
    FileTree tree = withTzdata(new FileEntry.RegularFile("/etc/timezone", 0644, 0, 0, 1000, null,
        Content.Inline.of("Europe/Paris\n")));

    EffectResult result = new LocaleEffect().apply(tree, ctx("tzdata"));

    assertThat(text(tree, "/etc/timezone")).isEqualTo("Etc/UTC\n");
    FileEntry timezone = tree.get("/etc/timezone").orElseThrow();
    assertThat(List.of(timezone.mode(), timezone.uid(), timezone.gid())).containsExactly(0644, 0, 0);
    assertThat(timezone.mtime()).isEqualTo(EPOCH);
    assertThat(result.replaced()).containsExactly("/etc/timezone");
  }

  @Test
  void tzdataWithoutEtcUtcIsAnError() {
    FileTree tree = tree(file("/usr/share/zoneinfo/Europe/Paris", "TZif2\n", "tzdata"));

    assertThatThrownBy(() -> new LocaleEffect().apply(tree, ctx("tzdata")))
        .isInstanceOf(EffectException.class)
        .hasMessage("tzdata is installed but /usr/share/zoneinfo/Etc/UTC is not a file of the tree;"
            + " /etc/localtime would dangle (is the tzdata package complete?)");
  }

  @Test
  void withoutTzdataThereIsNoTimeZone() throws Exception {
    FileTree tree = withTzdata();

    EffectResult result = new LocaleEffect().apply(tree, ctx("libc-bin"));

    assertThat(tree.contains("/etc/localtime")).isFalse();
    assertThat(result.created()).isEmpty();
    assertThat(result.notes()).isEmpty();
  }

  @Test
  void cUtf8ShippedByLibcBinNeedsNothing() throws Exception {
    FileTree tree = tree(file("/usr/lib/locale/C.utf8/LC_CTYPE", "ctype", "libc-bin"),
        file("/usr/lib/locale/C.utf8/LC_COLLATE", "collate", "libc-bin"));
    int before = tree.size();

    EffectResult result = new LocaleEffect().apply(tree, ctx("libc6", "libc-bin"));

    assertThat(tree.size()).isEqualTo(before);
    assertThat(result.notes()).isEmpty();
  }

  @Test
  void aGlibcImageWithoutCUtf8IsReported() throws Exception {
    FileTree tree = tree(file("/usr/lib/x86_64-linux-gnu/libc.so.6", "libc", "libc6"));

    EffectResult result = new LocaleEffect().apply(tree, ctx("libc6"));

    assertThat(result.created()).isEmpty();
    assertThat(result.notes()).containsExactly("no C.UTF-8 locale: /usr/lib/locale/C.utf8 comes with libc-bin,"
        + " which is not installed; setlocale() falls back to the C locale");
  }

  @Test
  void anImageWithoutGlibcHasNoLocaleToReport() throws Exception {
    EffectResult result = new LocaleEffect().apply(new FileTree(), ctx("base-files", "netbase"));

    assertThat(result.notes()).isEmpty();
  }
}
