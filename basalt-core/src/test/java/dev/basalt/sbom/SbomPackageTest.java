package dev.basalt.sbom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.cache.Digest;
import java.util.List;
import org.junit.jupiter.api.Test;

class SbomPackageTest {
  private static final Digest DEB = Digest.parse("b59b0625cd1a791375d40dab23a4d5d3d0641e3d0a773501becdc3725b7f99cf");

  @Test
  void takesNameVersionArchitectureSourceAndMaintainerFromTheControlStanza() {
    SbomPackage libcap2 = SampleImage.pkg("libcap2", "libcap2 (1:2.75-10+deb13u1)", "1:2.75-10+deb13u1+b3", "amd64",
        "Christian Kastner <ckk@debian.org>", DEB.hex(), "MIT", "zlib1g", "libc6", "libc6");
    assertThat(libcap2).isEqualTo(new SbomPackage("libcap2", "1:2.75-10+deb13u1+b3", "amd64",
        new SourcePackage("libcap2", "1:2.75-10+deb13u1"), "Christian Kastner <ckk@debian.org>", DEB, "MIT",
        List.of("libc6", "zlib1g")));
    assertThat(libcap2.supplier()).isEqualTo(new Supplier("Christian Kastner", "ckk@debian.org", false));
    assertThat(libcap2.purl("debian-13")).isEqualTo("pkg:deb/debian/libcap2@1:2.75-10%2Bdeb13u1%2Bb3?arch=amd64"
        + "&distro=debian-13&upstream=libcap2%401:2.75-10%2Bdeb13u1");
  }

  @Test
  void aPackageWithoutMaintainerHasNoSupplier() {
    SbomPackage p = new SbomPackage("libfoo1", "1", "amd64", new SourcePackage("foo", "1"), null, DEB, null, List.of());
    assertThat(p.supplier()).isNull();
  }

  @Test
  void refusesWhatNoInstalledPackageCanBe() {
    SourcePackage src = new SourcePackage("foo", "1");
    assertThatThrownBy(() -> new SbomPackage("Foo", "1", "amd64", src, null, DEB, null, List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("not a Debian package name: Foo");
    assertThatThrownBy(() -> new SbomPackage("foo", "1", "amd64", src, null, DEB, null, List.of("foo")))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("foo depends on itself");
    assertThatThrownBy(() -> new SbomPackage("foo", "1", "amd64", src, null, DEB, "NOASSERTION", List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("license of foo: use null for NOASSERTION, not 'NOASSERTION'");
  }
}
