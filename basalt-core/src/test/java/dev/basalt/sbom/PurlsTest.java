package dev.basalt.sbom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.cache.Digest;
import org.junit.jupiter.api.Test;

class PurlsTest {
  private static final Digest DIGEST = Digest.parse("244fd47e07d1004f0aed9c156aa09083c26ba8c2d6bf51e4a7ff0d9a76b6a0b7");

  private static String deb(String name, String version, String sourceField) {
    return Purls.deb(name, version, "amd64", "debian-13", SourcePackage.of(sourceField, name, version));
  }

  @Test
  void aPackageBuiltFromASourceOfAnotherNameNamesItAsUpstream() {
    assertThat(deb("libc6", "2.41-12+deb13u5", "glibc"))
        .isEqualTo("pkg:deb/debian/libc6@2.41-12%2Bdeb13u5?arch=amd64&distro=debian-13&upstream=glibc");
  }

  @Test
  void aBinNmuNamesTheSourceVersionAfterAnEncodedAtSign() {
    assertThat(deb("libcap2", "1:2.75-10+deb13u1+b3", "libcap2 (1:2.75-10+deb13u1)"))
        .isEqualTo("pkg:deb/debian/libcap2@1:2.75-10%2Bdeb13u1%2Bb3?arch=amd64&distro=debian-13"
            + "&upstream=libcap2%401:2.75-10%2Bdeb13u1");
  }

  @Test
  void aPackageThatIsItsOwnSourceHasNoUpstream() {
    assertThat(Purls.deb("tzdata", "2026f-0+deb13u1", "all", "debian-13", SourcePackage.of(null, "tzdata", "2026f-0+deb13u1")))
        .isEqualTo("pkg:deb/debian/tzdata@2026f-0%2Bdeb13u1?arch=all&distro=debian-13");
  }

  @Test
  void epochColonStaysAndPlusIsEncodedWhileTildeStays() {
    assertThat(deb("libfoo1", "1:2.3+dfsg-1~deb13u1", null))
        .isEqualTo("pkg:deb/debian/libfoo1@1:2.3%2Bdfsg-1~deb13u1?arch=amd64&distro=debian-13");
    assertThat(deb("libstdc++6", "14.2.0-19", "gcc-14"))
        .isEqualTo("pkg:deb/debian/libstdc%2B%2B6@14.2.0-19?arch=amd64&distro=debian-13&upstream=gcc-14");
  }

  @Test
  void matchesTheCanonicalFormsOfThePurlSpecificationsOwnDebTests() {
    assertThat(Purls.deb("attr", "1:2.4.47-2+b1", "amd64", null, SourcePackage.of(null, "attr", "1:2.4.47-2+b1")))
        .isEqualTo("pkg:deb/debian/attr@1:2.4.47-2%2Bb1?arch=amd64");
    assertThat(Purls.deb("curl", "7.50.3-1", "i386", "jessie", SourcePackage.of(null, "curl", "7.50.3-1")))
        .isEqualTo("pkg:deb/debian/curl@7.50.3-1?arch=i386&distro=jessie");
  }

  @Test
  void anImageInALocalLayoutHasNoRepositoryUrl() {
    assertThat(Purls.oci("basalt/Base", DIGEST, "arm64", null))
        .isEqualTo("pkg:oci/base@sha256:244fd47e07d1004f0aed9c156aa09083c26ba8c2d6bf51e4a7ff0d9a76b6a0b7?arch=arm64");
  }

  @Test
  void aPublishedImageHasItsRepositoryUrlEncodedAfterArch() {
    assertThat(Purls.oci("docker.io/library/debian", DIGEST, "amd64", "docker.io/library/debian"))
        .isEqualTo("pkg:oci/debian@sha256:244fd47e07d1004f0aed9c156aa09083c26ba8c2d6bf51e4a7ff0d9a76b6a0b7"
            + "?arch=amd64&repository_url=docker.io%2Flibrary%2Fdebian");
    assertThatThrownBy(() -> Purls.oci("ghcr.io/acme/", DIGEST, "amd64", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no image name in repository ghcr.io/acme/");
  }

  @Test
  void encodesUtf8BytesAndSpacesAsUpperCaseTriplets() {
    assertThat(Purls.encode("a b/é?#@&=%")).isEqualTo("a%20b%2F%C3%A9%3F%23%40%26%3D%25");
    assertThat(Purls.encode("AZaz09.-_~:")).isEqualTo("AZaz09.-_~:");
    assertThat(Purls.debianDistro("13")).isEqualTo("debian-13");
  }
}
