package dev.basalt.harden;

import static dev.basalt.testkit.Trees.file;
import static dev.basalt.testkit.Trees.link;
import static dev.basalt.testkit.Trees.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.fs.FileTree;
import org.junit.jupiter.api.Test;

class ShellPolicyTest {
  @Test
  void aShellIsRefusedNamingThePackageThePathAndTheKey() {
    FileTree tree = tree(link("/bin", "usr/bin", "base-files"), file("/usr/bin/bash", "elf", "bash"),
        file("/usr/bin/env", "elf", "coreutils"));
    assertThatThrownBy(() -> new ShellPolicy().check(tree, false))
        .isInstanceOfSatisfying(PolicyViolationException.class, e -> {
          assertThat(e.key()).isEqualTo("allow-shell");
          assertThat(e.exitCode()).isEqualTo(2);
        })
        .hasMessage("package bash installs a shell (/usr/bin/bash); the image must not contain shells."
            + " Remove it, or set harden: {allow-shell: true} for a debug variant.");
  }

  @Test
  void severalPackagesAreNamedEachWithItsPaths() {
    FileTree tree = tree(file("/usr/bin/bash", "elf", "bash"), file("/usr/bin/dash", "elf", "dash"),
        link("/usr/bin/sh", "dash", "dash"), link("/usr/local/bin/zsh", "/opt/zsh", null),
        file("/opt/zsh", "elf", null));
    assertThatThrownBy(() -> new ShellPolicy().check(tree, false))
        .hasMessage("package bash installs a shell (/usr/bin/bash), package dash installs a shell"
            + " (/usr/bin/dash, /usr/bin/sh) and the image has a shell not from any package (/usr/local/bin/zsh);"
            + " the image must not contain shells. Remove them, or set harden: {allow-shell: true} for a debug variant.");
  }

  @Test
  void whenAllowedShellsAreReported() throws Exception {
    FileTree tree = tree(file("/usr/bin/busybox", "elf", "busybox"), link("/usr/bin/sh", "busybox", "busybox"));
    assertThat(new ShellPolicy().check(tree, true).found()).containsExactly(
        new ProgramPolicy.Found("/usr/bin/busybox", "busybox"), new ProgramPolicy.Found("/usr/bin/sh", "busybox"));
  }

  @Test
  void aDanglingLinkOrAShellElsewhereIsNoShell() throws Exception {
    FileTree tree = tree(link("/usr/bin/sh", "dash", "dash"), file("/usr/share/doc/bash/bash", "text", "bash-doc"));
    assertThat(new ShellPolicy().check(tree, false).found()).isEmpty();
  }
}
