package dev.basalt.sbom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class SbomInputTest {
  @Test
  void sortsPackagesByNameAndFilesByPath() {
    List<SbomPackage> shuffled = new ArrayList<>(SampleImage.packages());
    Collections.reverse(shuffled);
    SbomInput input = SampleImage.input(SampleImage.IMAGE_DIGEST, shuffled);
    assertThat(input.packages()).extracting(SbomPackage::name).containsExactly("base-files", "gcc-14-base", "libc6",
        "libcap2", "libgcc-s1", "libssl3t64", "libstdc++6", "libzstd1", "openssl-provider-legacy", "tzdata", "zlib1g");
    assertThat(input.files()).extracting(GeneratedFile::path)
        .containsExactly("/etc/group", "/etc/passwd", "/etc/ssl/certs/ca-certificates.crt");
    assertThat(input).isEqualTo(SampleImage.input());
  }

  @Test
  void namesTheImageAndTheDistroAsPurlsDo() {
    SbomInput input = SampleImage.input();
    assertThat(input.imagePurl())
        .isEqualTo("pkg:oci/base@sha256:0c2b4ad35b71de2ac14f6bd2fd3bb5d2a8e7ee9ba44a7c3fd1e1bb9e2f2a9e41?arch=amd64");
    assertThat(input.distro()).isEqualTo("debian-13");
  }

  @Test
  void keepsTheBuildDateToWholeSeconds() {
    SbomInput input = new SbomInput("basalt/base", SampleImage.IMAGE_DIGEST, "amd64", "13", null,
        Instant.parse("2026-01-01T00:00:00.999Z"), List.of(), List.of());
    assertThat(input.created()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
  }

  @Test
  void refusesAPackageTwiceADependencyOutsideTheImageAndAFileTwice() {
    List<SbomPackage> twice = new ArrayList<>(SampleImage.packages());
    twice.add(twice.get(0));
    assertThatThrownBy(() -> SampleImage.input(SampleImage.IMAGE_DIGEST, twice))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("package base-files is listed twice; an image installs each name once");

    List<SbomPackage> dangling = SampleImage.packages().stream().filter(p -> !p.name().equals("libgcc-s1")).toList();
    assertThatThrownBy(() -> SampleImage.input(SampleImage.IMAGE_DIGEST, dangling))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("libc6 depends on libgcc-s1, which is not in the image");

    GeneratedFile passwd = GeneratedFile.of("/etc/passwd", new byte[0]);
    assertThatThrownBy(() -> new SbomInput("basalt/base", SampleImage.IMAGE_DIGEST, "amd64", "13", null,
        SampleImage.CREATED, List.of(), List.of(passwd, passwd)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("file /etc/passwd is listed twice");
  }

  @Test
  void refusesAnImageNameWithADigestAndAReleaseThatIsNoVersionId() {
    assertThatThrownBy(() -> new SbomInput("basalt/base@sha256:00", SampleImage.IMAGE_DIGEST, "amd64", "13", null,
        SampleImage.CREATED, List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not an image repository name: basalt/base@sha256:00");
    assertThatThrownBy(() -> new SbomInput("basalt/base", SampleImage.IMAGE_DIGEST, "amd64", "Debian 13", null,
        SampleImage.CREATED, List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a Debian VERSION_ID: Debian 13");
  }
}
