package dev.basalt.harden;

import static dev.basalt.testkit.Trees.file;
import static dev.basalt.testkit.Trees.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.fs.FileTree;
import org.junit.jupiter.api.Test;

class PackageManagerPolicyTest {
  @Test
  void aPackageManagerIsRefusedNamingThePackageThePathAndTheKey() {
    FileTree tree = tree(file("/usr/bin/dpkg", "elf", "dpkg"), file("/usr/bin/dpkg-deb", "elf", "dpkg"));
    assertThatThrownBy(() -> new PackageManagerPolicy().check(tree, false))
        .isInstanceOfSatisfying(PolicyViolationException.class, e -> assertThat(e.key()).isEqualTo("allow-package-manager"))
        .hasMessage("package dpkg installs a package manager (/usr/bin/dpkg); the image must not contain package managers."
            + " Remove it, or set harden: {allow-package-manager: true} for a debug variant.");
  }

  @Test
  void whenAllowedTheyAreReported() throws Exception {
    FileTree tree = tree(file("/usr/bin/apt-get", "elf", "apt"), file("/usr/bin/pip3.13", "py", "python3-pip"),
        file("/usr/bin/pipx", "py", "pipx"));
    assertThat(new PackageManagerPolicy().check(tree, true).found()).containsExactly(
        new ProgramPolicy.Found("/usr/bin/apt-get", "apt"), new ProgramPolicy.Found("/usr/bin/pip3.13", "python3-pip"));
  }
}
