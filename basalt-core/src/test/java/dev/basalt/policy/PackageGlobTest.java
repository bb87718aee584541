package dev.basalt.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PackageGlobTest {
  /** The default deny list's entries that deny {@code name}, as their patterns. */
  private static List<String> deniedBy(String name) {
    return DefaultDenyList.RULES.stream().filter(r -> r.denies(name)).map(r -> r.glob().pattern())
        .collect(Collectors.toList());
  }

  @Test
  void globsMatchWholeNamesWithStarQuestionMarkAndSets() {
    assertThat(PackageGlob.of("ksh*").matches("ksh")).isTrue();
    assertThat(PackageGlob.of("ksh*").matches("ksh93")).isTrue();
    assertThat(PackageGlob.of("ksh*").matches("mksh")).isFalse();
    assertThat(PackageGlob.of("lib?").matches("libc")).isTrue();
    assertThat(PackageGlob.of("lib?").matches("lib")).isFalse();
    assertThat(PackageGlob.of("gcc-[0-9]*").matches("gcc-14")).isTrue();
    assertThat(PackageGlob.of("gcc-[0-9]*").matches("gcc-x")).isFalse();
    assertThat(PackageGlob.of("gcc-[!0-9]*").matches("gcc-x")).isTrue();
    assertThat(PackageGlob.of("gcc-[^0-9]*").matches("gcc-1")).isFalse();
    assertThat(PackageGlob.of("libstdc++6").matches("libstdc++6")).isTrue();
    assertThat(PackageGlob.of("libstdc++6").matches("libstdc6")).isFalse();
    assertThat(PackageGlob.of("a.b").matches("axb")).as("a dot is a dot").isFalse();
  }

  @Test
  void theDefaultDenyListDeniesCompilersButNotTheirRuntimeBase() {
    assertThat(deniedBy("gcc-14")).containsExactly("gcc-[0-9]*");
    assertThat(deniedBy("gcc-14-base")).isEmpty();
    assertThat(deniedBy("gcc-12-base")).isEmpty();
    assertThat(deniedBy("gcc-14-x86-64-linux-gnu")).containsExactly("gcc-[0-9]*");
    assertThat(deniedBy("g++-14")).containsExactly("g++-*");
    assertThat(deniedBy("cpp-14")).containsExactly("cpp-*");
    assertThat(deniedBy("clang-19")).containsExactly("clang-*");
    assertThat(deniedBy("libgcc-s1")).isEmpty();
    assertThat(deniedBy("libstdc++6")).isEmpty();
    assertThat(deniedBy("gcc")).as("the unversioned driver package is not on the list").isEmpty();
  }

  @Test
  void theDefaultDenyListDeniesShellsPackageManagersAndRemoteLogins() {
    assertThat(deniedBy("bash")).containsExactly("bash");
    assertThat(deniedBy("bash-completion")).isEmpty();
    assertThat(deniedBy("dash")).containsExactly("dash");
    assertThat(deniedBy("zsh")).containsExactly("zsh");
    assertThat(deniedBy("ksh93")).containsExactly("ksh*");
    assertThat(deniedBy("busybox-static")).containsExactly("busybox*");
    assertThat(deniedBy("apt")).containsExactly("apt");
    assertThat(deniedBy("apt-utils")).isEmpty();
    assertThat(deniedBy("dpkg")).containsExactly("dpkg");
    assertThat(deniedBy("sudo")).containsExactly("sudo");
    assertThat(deniedBy("openssh-server")).containsExactly("openssh-server");
    assertThat(deniedBy("openssh-client")).isEmpty();
    assertThat(deniedBy("telnetd")).containsExactly("telnet*");
    assertThat(deniedBy("rsh-client")).containsExactly("rsh-*");
    assertThat(deniedBy("ftp")).containsExactly("ftp");
    assertThat(deniedBy("ftpd")).isEmpty();
    assertThat(DefaultDenyList.RULES.stream().filter(PackagePolicy.DenyName::shell).map(r -> r.glob().pattern()))
        .containsExactly("bash", "dash", "zsh", "ksh*", "busybox*");
  }

  @Test
  void malformedGlobsAreRefusedWithTheReason() {
    assertThatThrownBy(() -> PackageGlob.of("gcc-[0-9"))
        .hasMessage("'gcc-[0-9' has a '[' without its closing ']'");
    assertThatThrownBy(() -> PackageGlob.of("Bash"))
        .hasMessage("'Bash' is not a package name or glob (lowercase letters, digits, '+', '-', '.', and the glob"
            + " characters '*', '?', '[...]')");
    assertThatThrownBy(() -> PackageGlob.of("a]b")).hasMessage("'a]b' has a stray ']' outside '[...]'");
    assertThatThrownBy(() -> PackageGlob.of("a[9-0]")).hasMessage("'a[9-0]' has an invalid '[...]' range");
  }
}
