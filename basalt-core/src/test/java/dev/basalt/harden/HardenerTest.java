package dev.basalt.harden;

import static dev.basalt.testkit.Trees.dir;
import static dev.basalt.testkit.Trees.file;
import static dev.basalt.testkit.Trees.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.fs.FileEntry;
import dev.basalt.fs.FileTree;
import dev.basalt.spec.ImageSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class HardenerTest {
  private static final ImageSpec.Accounts NONROOT = new ImageSpec.Accounts("nonroot");

  private static FileTree image() {
    return tree(
        new FileEntry.Directory("/tmp", 01777, 0, 0, 1000, "base-files"),
        file("/usr/share/doc/libc6/copyright", 0644, new byte[10], "libc6"),
        file("/usr/share/doc/libc6/changelog.Debian.gz", 0644, new byte[200], "libc6"),
        file("/usr/share/locale/de/LC_MESSAGES/libc.mo", 0644, new byte[300], "libc6"),
        file("/usr/bin/ping", 04755, new byte[40], "iputils-ping"),
        dir("/var/mail", "base-files").withMode(02775).withOwnership(0, 8));
  }

  @Test
  void runsEveryPassAndCombinesTheReports() throws Exception {
    FileTree tree = image();

    HardenReport report = new Hardener(ImageSpec.Harden.STRICT, NONROOT).harden(tree);

    assertThat(report.prunedBytes()).isEqualTo(500);
    assertThat(report.strippedSetuidPaths()).containsExactly("/usr/bin/ping");
    assertThat(report.permissions().owners()).containsExactly(
        new PermissionsPass.OwnerChange("/var/mail", "base-files", 0, 8, 0, 0));
    assertThat(report.shells().found()).isEmpty();
    assertThat(report.summary()).containsExactly(
        "pruned changelogs: 1 entries, 200 bytes",
        "pruned locales: 4 entries, 300 bytes",
        "stripped setuid/setgid: /usr/bin/ping",
        "given to root: 1 paths");
    assertThat(tree.get("/usr/bin/ping").orElseThrow().mode()).isEqualTo(0755);
    assertThat(tree.contains("/usr/share/doc/libc6/copyright")).isTrue();
  }

  @Test
  void aRefusalLeavesTheTreeUntouched() {
    FileTree tree = image();
    tree.putWithParents(file("/usr/bin/bash", 0755, new byte[5], "bash"), 1000);
    List<FileEntry> before = List.copyOf(tree.entries());

    assertThatThrownBy(() -> new Hardener(ImageSpec.Harden.STRICT, NONROOT).harden(tree))
        .isInstanceOf(PolicyViolationException.class)
        .hasMessage("package bash installs a shell (/usr/bin/bash); the image must not contain shells."
            + " Remove it, or set harden: {allow-shell: true} for a debug variant.");
    assertThat(tree.entries()).containsExactlyElementsOf(before);
  }

  @Test
  void allowFlagsAreHonoured() throws Exception {
    FileTree tree = image();
    tree.putWithParents(file("/usr/bin/bash", 0755, new byte[5], "bash"), 1000);
    tree.putWithParents(file("/usr/bin/dpkg", 0755, new byte[5], "dpkg"), 1000);
    ImageSpec.Harden debug = new ImageSpec.Harden(true, true, true, true, false, false, false, false, false, false, null);

    HardenReport report = new Hardener(debug, new ImageSpec.Accounts("root")).harden(tree);

    assertThat(report.shells().found()).containsExactly(new ProgramPolicy.Found("/usr/bin/bash", "bash"));
    assertThat(report.packageManagers().found()).containsExactly(new ProgramPolicy.Found("/usr/bin/dpkg", "dpkg"));
    assertThat(report.setuid().allowed()).containsExactly("/usr/bin/ping");
    assertThat(tree.get("/usr/bin/ping").orElseThrow().mode()).isEqualTo(04755);
  }

  @Test
  void runningAsRootNeedsAllowRoot() {
    assertThatThrownBy(() -> new Hardener(ImageSpec.Harden.STRICT, new ImageSpec.Accounts("root")).harden(image()))
        .isInstanceOfSatisfying(PolicyViolationException.class, e -> assertThat(e.key()).isEqualTo("allow-root"))
        .hasMessage("accounts: {run-as: root} would run the image as root; images run as nonroot (65532)."
            + " Remove run-as, or set harden: {allow-root: true}.");
  }
}
