package dev.basalt.harden;

import static dev.basalt.testkit.Trees.link;
import static dev.basalt.testkit.Trees.tree;
import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.fs.Content;
import dev.basalt.fs.FileEntry;
import dev.basalt.fs.FileTree;
import org.junit.jupiter.api.Test;

class PermissionsPassTest {
  private static FileEntry.Directory dir(String path, int mode, int uid, int gid) {
    return new FileEntry.Directory(path, mode, uid, gid, 1000, "pkg");
  }

  private static FileEntry.RegularFile file(String path, int mode, int uid, int gid) {
    return new FileEntry.RegularFile(path, mode, uid, gid, 1000, "pkg", Content.Inline.of("x"));
  }

  @Test
  void onlyTmpStaysWorldWritableAndEverythingButTheHomeIsRoots() {
    FileTree tree = tree(
        dir("/tmp", 0777, 0, 0),
        dir("/var/tmp", 01777, 0, 0),
        file("/etc/app.conf", 0666, 0, 0),
        dir("/var/games", 0775, 0, 60),
        file("/usr/games/x", 0755, 5, 5),
        new FileEntry.Symlink("/usr/bin/x", "../games/x", 5, 5, 1000, "pkg"),
        dir("/home/nonroot", 0700, 65532, 65532),
        file("/home/nonroot/.profile", 0644, 65532, 65532),
        file("/home/nonroot/other", 0644, 1000, 1000),
        dir("/data", 0755, 65532, 65532),
        link("/usr/lib/x", "y", "pkg"));

    PermissionsPass.Report report = new PermissionsPass().apply(tree);

    assertThat(report.modes()).containsExactly(
        new PermissionsPass.ModeChange("/etc/app.conf", "pkg", 0666, 0664),
        new PermissionsPass.ModeChange("/tmp", "pkg", 0777, 01777),
        new PermissionsPass.ModeChange("/var/tmp", "pkg", 01777, 01775));
    assertThat(report.owners()).containsExactly(
        new PermissionsPass.OwnerChange("/data", "pkg", 65532, 65532, 0, 0),
        new PermissionsPass.OwnerChange("/home/nonroot/other", "pkg", 1000, 1000, 0, 0),
        new PermissionsPass.OwnerChange("/usr/bin/x", "pkg", 5, 5, 0, 0),
        new PermissionsPass.OwnerChange("/usr/games/x", "pkg", 5, 5, 0, 0),
        new PermissionsPass.OwnerChange("/var/games", "pkg", 0, 60, 0, 0));
    assertThat(tree.get("/tmp").orElseThrow()).isEqualTo(dir("/tmp", 01777, 0, 0));
    assertThat(tree.get("/var/games").orElseThrow()).isEqualTo(dir("/var/games", 0775, 0, 0));
    assertThat(tree.get("/home/nonroot").orElseThrow()).isEqualTo(dir("/home/nonroot", 0700, 65532, 65532));
    assertThat(tree.get("/home/nonroot/.profile").orElseThrow().uid()).isEqualTo(65532);
    assertThat(tree.entries()).allSatisfy(e -> {
      boolean inHome = e.path().startsWith("/home/nonroot");
      assertThat(e.uid() == 0 && e.gid() == 0 || inHome).as(e.path()).isTrue();
      assertThat(e instanceof FileEntry.Symlink || (e.mode() & 0002) == 0 || e.path().equals("/tmp")).as(e.path()).isTrue();
    });
  }

  @Test
  void aTreeThatIsAlreadyRightIsLeftAlone() {
    FileTree tree = tree(dir("/tmp", 01777, 0, 0), file("/etc/passwd", 0644, 0, 0));
    PermissionsPass.Report report = new PermissionsPass().apply(tree);
    assertThat(report.modes()).isEmpty();
    assertThat(report.owners()).isEmpty();
  }
}
