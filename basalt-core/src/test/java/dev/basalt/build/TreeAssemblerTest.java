package dev.basalt.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.fs.Content;
import dev.basalt.fs.FileEntry;
import dev.basalt.fs.FileTree;
import java.util.List;
import org.junit.jupiter.api.Test;

class TreeAssemblerTest {
  private static FileEntry dir(String path, String owner) {
    return new FileEntry.Directory(path, 0755, 0, 0, 100, owner);
  }

  private static FileEntry file(String path, String owner, String text) {
    return new FileEntry.RegularFile(path, 0644, 0, 0, 100, owner, Content.Inline.of(text));
  }

  private static String text(FileTree tree, String path) throws Exception {
    FileEntry.RegularFile f = (FileEntry.RegularFile) tree.get(path).orElseThrow();
    try (var in = f.content().open()) {
      return new String(in.readAllBytes());
    }
  }

  @Test
  void filesUnderTopLevelBinAndLibLandUnderUsrBehindLinks() throws Exception {
    FileTree tree = TreeAssembler.assemble(List.of(
        new TreeAssembler.Input("libc6", null, List.of(dir("/lib", "libc6"), dir("/lib64", "libc6"),
            file("/lib64/ld-linux-x86-64.so.2", "libc6", "ld"), dir("/usr", "libc6"), dir("/usr/lib", "libc6"),
            file("/usr/lib/x86_64-linux-gnu/libc.so.6", "libc6", "libc"))),
        new TreeAssembler.Input("old-tool", null, List.of(dir("/bin", "old-tool"), file("/bin/tool", "old-tool", "t")))),
        42);
    assertThat(tree.get("/bin")).contains(new FileEntry.Symlink("/bin", "usr/bin", 0, 0, 42, null));
    assertThat(tree.get("/lib")).contains(new FileEntry.Symlink("/lib", "usr/lib", 0, 0, 42, null));
    assertThat(tree.get("/lib64")).contains(new FileEntry.Symlink("/lib64", "usr/lib64", 0, 0, 42, null));
    assertThat(tree.contains("/lib32")).isFalse();
    assertThat(text(tree, "/usr/lib64/ld-linux-x86-64.so.2")).isEqualTo("ld");
    assertThat(text(tree, "/usr/bin/tool")).isEqualTo("t");
    assertThat(tree.get("/usr/lib/x86_64-linux-gnu")).contains(new FileEntry.Directory("/usr/lib/x86_64-linux-gnu", 0755, 0, 0, 42, null));
    assertThat(tree.entries()).extracting(FileEntry::path).containsExactly("/bin", "/lib", "/lib64", "/sbin", "/usr",
        "/usr/bin", "/usr/bin/tool", "/usr/lib", "/usr/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu/libc.so.6",
        "/usr/lib64", "/usr/lib64/ld-linux-x86-64.so.2", "/usr/sbin");
  }

  @Test
  void twoPackagesShippingOnePathNeedReplaces() throws Exception {
    List<FileEntry> a = List.of(file("/usr/bin/x", "alpha", "a"));
    List<FileEntry> b = List.of(file("/usr/bin/x", "beta", "b"));
    assertThatThrownBy(() -> TreeAssembler.assemble(List.of(
            new TreeAssembler.Input("alpha", null, a), new TreeAssembler.Input("beta", null, b)), 1))
        .isInstanceOf(AssemblyException.class)
        .hasMessage("packages alpha and beta both ship /usr/bin/x and neither declares Replaces on the other; exclude one of them");

    FileTree replaced = TreeAssembler.assemble(List.of(
        new TreeAssembler.Input("alpha", null, a), new TreeAssembler.Input("beta", "alpha (<< 2), gamma", b)), 1);
    assertThat(text(replaced, "/usr/bin/x")).isEqualTo("b");

    FileTree kept = TreeAssembler.assemble(List.of(
        new TreeAssembler.Input("alpha", "beta", a), new TreeAssembler.Input("beta", null, b)), 1);
    assertThat(text(kept, "/usr/bin/x")).isEqualTo("a");
  }

  @Test
  void aDirectoryWhereAFileIsIsAnError() {
    assertThatThrownBy(() -> TreeAssembler.assemble(List.of(
            new TreeAssembler.Input("alpha", null, List.of(file("/etc/x", "alpha", "a"))),
            new TreeAssembler.Input("beta", null, List.of(dir("/etc/x", "beta")))), 1))
        .hasMessage("alpha has a file at /etc/x but beta ships a directory there; a directory and a non-directory cannot share a path");
  }

  @Test
  void sharedDirectoriesMergeAndHardlinkTargetsFollowTheMove() throws Exception {
    FileTree tree = TreeAssembler.assemble(List.of(
        new TreeAssembler.Input("a", null, List.of(dir("/etc", "a"), file("/bin/one", "a", "1"),
            new FileEntry.Hardlink("/bin/two", "/bin/one", 0755, 0, 0, 100, "a"))),
        new TreeAssembler.Input("b", null, List.of(dir("/etc", "b")))), 7);
    assertThat(tree.get("/etc")).contains(dir("/etc", "a"));
    assertThat(tree.get("/usr/bin/two")).contains(new FileEntry.Hardlink("/usr/bin/two", "/usr/bin/one", 0755, 0, 0, 100, "a"));
  }
}
