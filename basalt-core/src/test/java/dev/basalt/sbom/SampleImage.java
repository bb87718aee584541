package dev.basalt.sbom;

import dev.basalt.cache.Digest;
import dev.basalt.debian.Deb822;
import dev.basalt.debian.Deb822Exception;
import dev.basalt.debian.Stanza;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A small trixie image as the build would describe it: real package names, versions, sources,
 * maintainers and .deb digests (amd64), license expressions as {@link CopyrightLicenses} reads
 * them from those packages' copyright files, the resolver's edges (including the
 * libssl3t64/openssl-provider-legacy cycle), and files basalt generates.
 */
final class SampleImage {
  static final String TOOL_VERSION = "0.1.0-test";
  static final Digest IMAGE_DIGEST = Digest.parse("sha256:0c2b4ad35b71de2ac14f6bd2fd3bb5d2a8e7ee9ba44a7c3fd1e1bb9e2f2a9e41");
  static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");
  static final String PASSWD = "root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n";
  static final String GROUP = "root:x:0:\nnonroot:x:65532:\n";

  private SampleImage() {}

  static SbomInput input() {
    return input(IMAGE_DIGEST, packages());
  }

  static SbomInput input(Digest digest, List<SbomPackage> packages) {
    List<GeneratedFile> files = List.of(
        GeneratedFile.of("/etc/passwd", PASSWD.getBytes(StandardCharsets.UTF_8)),
        GeneratedFile.of("/etc/group", GROUP.getBytes(StandardCharsets.UTF_8)),
        GeneratedFile.of("/etc/ssl/certs/ca-certificates.crt", "-----BEGIN CERTIFICATE-----\n".getBytes(StandardCharsets.UTF_8)));
    return new SbomInput("basalt/base", digest, "amd64", "13", null, CREATED, packages, files);
  }

  static List<SbomPackage> packages() {
    List<SbomPackage> p = new ArrayList<>();
    p.add(pkg("base-files", null, "13.8+deb13u8", "amd64", "Santiago Vila <sanvila@debian.org>",
        "f5a0546098f38bad5843380521781fe7214e5a283d3bed63f79c505545f262af", null));
    p.add(pkg("gcc-14-base", "gcc-14", "14.2.0-19", "amd64", "Debian GCC Maintainers <debian-gcc@lists.debian.org>",
        "5b6825de4263824b78c4c51f6476414f3b4e89c2ab63e81dc8b9b5501e867cf6", null));
    p.add(pkg("libc6", "glibc", "2.41-12+deb13u5", "amd64", "GNU Libc Maintainers <debian-glibc@lists.debian.org>",
        "b59b0625cd1a791375d40dab23a4d5d3d0641e3d0a773501becdc3725b7f99cf", null, "libgcc-s1"));
    p.add(pkg("libcap2", "libcap2 (1:2.75-10+deb13u1)", "1:2.75-10+deb13u1+b3", "amd64", "Christian Kastner <ckk@debian.org>",
        "89fc4d34fc7a28ad6f0fcd0c561ab253b9dedf6f77f5a000b47c276c8295bf67",
        "(BSD-3-Clause OR GPL-2.0-only) AND (BSD-3-Clause OR GPL-2.0-or-later)", "libc6"));
    p.add(pkg("libgcc-s1", "gcc-14", "14.2.0-19", "amd64", "Debian GCC Maintainers <debian-gcc@lists.debian.org>",
        "3c71917b490d1a17aed43196a2787a256ecf060526cdb20216a74bedc061b150", null, "gcc-14-base", "libc6"));
    p.add(pkg("libssl3t64", "openssl", "3.5.9-1~deb13u1", "amd64",
        "Debian OpenSSL Team <pkg-openssl-devel@alioth-lists.debian.net>",
        "ffefb9af363e0e4592251b2533eb06453c8e470f7772e40263c4b2129251a6d5", null,
        "libc6", "libzstd1", "openssl-provider-legacy", "zlib1g"));
    p.add(pkg("libstdc++6", "gcc-14", "14.2.0-19", "amd64", "Debian GCC Maintainers <debian-gcc@lists.debian.org>",
        "ab1fa05837aa7a92aae748fd07a18a35f7d18bb4a71c4724fe2bbf0e32089de0", null, "gcc-14-base", "libc6", "libgcc-s1"));
    p.add(pkg("libzstd1", "libzstd", "1.5.7+dfsg-1+deb13u1", "amd64", "RPM packaging team <team+pkg-rpm@tracker.debian.org>",
        "23a6f8a774d5dceda5f759b4ecdcdd652dfbefbf8271912e6a7ab0ee3250dc75", "(BSD-3-Clause OR GPL-2.0-only) AND MIT AND Zlib",
        "libc6"));
    p.add(pkg("openssl-provider-legacy", "openssl", "3.5.9-1~deb13u1", "amd64",
        "Debian OpenSSL Team <pkg-openssl-devel@alioth-lists.debian.net>",
        "67c70904c8d494b4631e136a6bdb692cbb44515757d63c55e7bd1d2016f9f09f", null, "libc6", "libssl3t64"));
    p.add(pkg("tzdata", null, "2026f-0+deb13u1", "all", "GNU Libc Maintainers <debian-glibc@lists.debian.org>",
        "2c1c561091402883430d0d47c57a3c0aa00b44afc8a6239265065a87211a5c11", "LicenseRef-public-domain"));
    p.add(pkg("zlib1g", "zlib", "1:1.3.dfsg+really1.3.1-1+deb13u1", "amd64", "Mark Brown <broonie@debian.org>",
        "8c27c342230503b73dfde629642c3b352e87b554e06d60cf58772f236a305ceb", "Zlib", "libc6"));
    return p;
  }

  /** A package made, as the build makes it, from its control stanza. */
  static SbomPackage pkg(String name, String source, String version, String arch, String maintainer, String debSha256,
      String license, String... dependsOn) {
    String control = "Package: " + name + "\n" + (source == null ? "" : "Source: " + source + "\n")
        + "Version: " + version + "\nArchitecture: " + arch + "\nMaintainer: " + maintainer + "\n";
    Stanza stanza;
    try {
      stanza = Deb822.parse(control, name + "/control", false).get(0);
    } catch (Deb822Exception e) {
      throw new IllegalStateException(e);
    }
    return SbomPackage.of(stanza, new Digest(debSha256), license, List.of(dependsOn));
  }
}
