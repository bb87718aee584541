package dev.basalt.effects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.fs.Content;
import dev.basalt.fs.FileEntry;
import dev.basalt.fs.FileTree;
import dev.basalt.spec.ImageSpec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BusyboxAppletsEffectTest {
  private static final EffectContext CTX = new EffectContext("amd64", 77, List.of(), new ImageSpec.Accounts("nonroot"));

  private static byte[] binary(String table) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("\u007fELF junk [not a table\0 more".getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(table.getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(new byte[] {(byte) 0xff, 1, 2});
    return out.toByteArray();
  }

  private static FileTree treeWith(byte[] busybox) {
    FileTree tree = new FileTree();
    tree.putWithParents(new FileEntry.RegularFile("/usr/bin/busybox", 0755, 0, 0, 5, "busybox", Content.Inline.of(busybox)), 5);
    tree.putWithParents(new FileEntry.RegularFile("/usr/bin/ls", 0755, 0, 0, 5, "coreutils", Content.Inline.of("ls")), 5);
    return tree;
  }

  @Test
  void linksEveryAppletOfTheTableExceptWhatExists() throws Exception {
    FileTree tree = treeWith(binary("[\0[[\0ash\0busybox\0cat\0dpkg\0ls\0sh\0\0zzz-unsorted\0"));
    EffectResult r = new BusyboxAppletsEffect().apply(tree, CTX);
    assertThat(tree.get("/usr/bin/sh")).contains(new FileEntry.Symlink("/usr/bin/sh", "busybox", 0, 0, 77, null));
    assertThat(tree.get("/usr/bin/[[")).contains(new FileEntry.Symlink("/usr/bin/[[", "busybox", 0, 0, 77, null));
    assertThat(tree.get("/usr/bin/ls").orElseThrow()).isInstanceOf(FileEntry.RegularFile.class);
    assertThat(r.created()).containsExactly("/usr/bin/[", "/usr/bin/[[", "/usr/bin/ash", "/usr/bin/cat", "/usr/bin/sh");
    assertThat(r.notes()).containsExactly("5 busybox applet links in /usr/bin");
  }

  @Test
  void noBusyboxNoLinksAndAnUnrecognisedBinaryIsAnError() throws Exception {
    FileTree empty = new FileTree();
    assertThat(new BusyboxAppletsEffect().apply(empty, CTX).created()).isEmpty();
    assertThatThrownBy(() -> new BusyboxAppletsEffect().apply(treeWith("no table here".getBytes(StandardCharsets.US_ASCII)), CTX))
        .isInstanceOf(EffectException.class)
        .hasMessage("/usr/bin/busybox holds no applet table that basalt recognises; cannot create its applet links");
  }
}
