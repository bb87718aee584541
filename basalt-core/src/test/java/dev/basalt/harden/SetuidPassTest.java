package dev.basalt.harden;

import static dev.basalt.testkit.Trees.file;
import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.fs.FileEntry;
import dev.basalt.fs.FileTree;
import dev.basalt.testkit.Trees;
import org.junit.jupiter.api.Test;

class SetuidPassTest {
  private static FileTree tree() {
    return Trees.tree(
        file("/usr/bin/passwd", 04755, new byte[1], "passwd"),
        file("/usr/bin/wall", 02755, new byte[1], "util-linux"),
        file("/usr/bin/env", 0755, new byte[1], "coreutils"),
        new FileEntry.Hardlink("/usr/bin/su", "/usr/bin/passwd", 06755, 0, 0, 1000, "util-linux"),
        new FileEntry.Directory("/var/mail", 02775, 0, 8, 1000, "base-files"));
  }

  @Test
  void stripsSetuidAndSetgidFromFilesOnly() {
    FileTree tree = tree();

    SetuidPass.Report report = new SetuidPass().apply(tree, false);

    assertThat(report.stripped()).containsExactly(
        new SetuidPass.Change("/usr/bin/passwd", "passwd", 04755, 0755),
        new SetuidPass.Change("/usr/bin/su", "util-linux", 06755, 0755),
        new SetuidPass.Change("/usr/bin/wall", "util-linux", 02755, 0755));
    assertThat(report.allowed()).isEmpty();
    assertThat(tree.get("/usr/bin/passwd").orElseThrow().mode()).isEqualTo(0755);
    assertThat(tree.get("/usr/bin/su").orElseThrow().mode()).isEqualTo(0755);
    assertThat(tree.get("/usr/bin/wall").orElseThrow().mode()).isEqualTo(0755);
    assertThat(tree.get("/var/mail").orElseThrow().mode()).isEqualTo(02775);
  }

  @Test
  void allowSetuidKeepsTheBitsAndReportsThem() {
    FileTree tree = tree();
    SetuidPass.Report report = new SetuidPass().apply(tree, true);
    assertThat(report.stripped()).isEmpty();
    assertThat(report.allowed()).containsExactly("/usr/bin/passwd", "/usr/bin/su", "/usr/bin/wall");
    assertThat(tree.get("/usr/bin/passwd").orElseThrow().mode()).isEqualTo(04755);
  }
}
