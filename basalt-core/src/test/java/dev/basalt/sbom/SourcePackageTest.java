package dev.basalt.sbom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.debian.Deb822;
import org.junit.jupiter.api.Test;

class SourcePackageTest {
  @Test
  void noSourceFieldMeansThePackageIsItsOwnSource() {
    assertThat(SourcePackage.of(null, "tzdata", "2026f-0+deb13u1")).isEqualTo(new SourcePackage("tzdata", "2026f-0+deb13u1"));
    assertThat(SourcePackage.of("  ", "tzdata", "2026f-0+deb13u1")).isEqualTo(new SourcePackage("tzdata", "2026f-0+deb13u1"));
    assertThat(SourcePackage.of(null, "tzdata", "1").differsFrom("tzdata", "1")).isFalse();
  }

  @Test
  void aSourceNameAloneKeepsTheBinaryVersion() {
    SourcePackage glibc = SourcePackage.of("glibc", "libc6", "2.41-12+deb13u5");
    assertThat(glibc).isEqualTo(new SourcePackage("glibc", "2.41-12+deb13u5"));
    assertThat(glibc.differsFrom("libc6", "2.41-12+deb13u5")).isTrue();
    assertThat(glibc.toString()).isEqualTo("glibc 2.41-12+deb13u5");
  }

  @Test
  void aVersionInParenthesesIsTheSourceVersion() {
    assertThat(SourcePackage.of("libcap2 (1:2.75-10+deb13u1)", "libcap2", "1:2.75-10+deb13u1+b3"))
        .isEqualTo(new SourcePackage("libcap2", "1:2.75-10+deb13u1"));
    assertThatThrownBy(() -> SourcePackage.of("libcap2 (1:2.75", "libcap2", "1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unbalanced parenthesis in Source field: libcap2 (1:2.75");
  }

  @Test
  void readsAControlStanza() throws Exception {
    var stanza = Deb822.parse("Package: libssl3t64\nSource: openssl\nVersion: 3.5.9-1~deb13u1\n", "control", false).get(0);
    assertThat(SourcePackage.of(stanza)).isEqualTo(new SourcePackage("openssl", "3.5.9-1~deb13u1"));
    var noVersion = Deb822.parse("Package: libssl3t64\n", "control", false).get(0);
    assertThatThrownBy(() -> SourcePackage.of(noVersion))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("control:1: no Version field");
  }
}
