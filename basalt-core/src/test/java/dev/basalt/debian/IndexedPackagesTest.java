package dev.basalt.debian;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.cache.Digest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

class IndexedPackagesTest {
  private static final IndexOrigin ORIGIN = new IndexOrigin("debian", "trixie", "main");
  private static final String PACKAGES = """
      Package: mawk
      Version: 1.3.4.20250131-1
      Architecture: amd64
      Multi-Arch: foreign
      Priority: required
      Provides: awk
      Depends: libc6 (>= 2.38)
      Filename: pool/main/m/mawk/mawk_1.3.4.20250131-1_amd64.deb
      Size: 140812
      Installed-Size: 264
      SHA256: 1111111111111111111111111111111111111111111111111111111111111111

      Package: libfoo2
      Source: foo (2.1-3)
      Version: 2.1-3+b1
      Architecture: amd64
      Provides: libfoo-abi (= 2.1), awk
      Filename: pool/main/f/foo/libfoo2_2.1-3+b1_amd64.deb
      Size: 10
      SHA256: 2222222222222222222222222222222222222222222222222222222222222222

      Package: mawk
      Version: 1.3.3-1
      Architecture: all
      Filename: pool/main/m/mawk/mawk_1.3.3-1_all.deb
      Size: 5
      SHA256: 3333333333333333333333333333333333333333333333333333333333333333
      """;

  private static List<BinaryPackage> parsed() throws Exception {
    return PackagesIndex.parse(new ByteArrayInputStream(PACKAGES.getBytes(StandardCharsets.UTF_8)), "test", ORIGIN);
  }

  @Test
  void roundTripsEveryFieldAndFindsNamesAndProvides() throws Exception {
    List<BinaryPackage> packages = parsed();
    IndexedPackages index = IndexedPackages.of(packages, ORIGIN);
    assertThat(index.size()).isEqualTo(3);
    assertThat(index.all()).isEqualTo(packages);
    assertThat(index.lookup("mawk")).containsExactly(0, 2);
    assertThat(index.lookup("libfoo2")).containsExactly(1);
    assertThat(index.lookup("gawk")).isEmpty();
    assertThat(index.architecture(2)).isEqualTo("all");
    assertThat(index.get(1).sourceName()).isEqualTo("foo");
    assertThat(index.get(1).sourceVersion()).isEqualTo("2.1-3");
    assertThat(index.providersOf("awk")).containsExactly(
        new IndexedPackages.Provided("awk", 0, null), new IndexedPackages.Provided("awk", 1, null));
    assertThat(index.providersOf("libfoo-abi")).containsExactly(new IndexedPackages.Provided("libfoo-abi", 1, "2.1"));
    assertThat(index.providersOf("aaa")).isEmpty();
    assertThat(index.providersOf("zzz")).isEmpty();
  }

  @Test
  void anyFlippedByteMakesTheFormUnusable() throws Exception {
    byte[] encoded = IndexedPackages.encode(parsed());
    for (int at : new int[] {0, 25, encoded.length / 2, encoded.length - 9, encoded.length - 1}) {
      byte[] copy = encoded.clone();
      copy[at] ^= 0x10;
      assertThat(IndexedPackages.decode(copy, ORIGIN)).as("flipped byte %d", at).isNull();
    }
    assertThat(IndexedPackages.decode(java.util.Arrays.copyOf(encoded, encoded.length - 1), ORIGIN)).isNull();
  }

  @Test
  void aDamagedParsedCacheIsDiscardedAndRebuiltFromTheVerifiedIndex(@TempDir Path dir) throws Exception {
    ByteArrayOutputStream xz = new ByteArrayOutputStream();
    try (XZOutputStream out = new XZOutputStream(xz, new LZMA2Options(1))) {
      out.write(PACKAGES.getBytes(StandardCharsets.UTF_8));
    }
    Path blob = dir.resolve("Packages.xz");
    Files.write(blob, xz.toByteArray());
    Digest digest = Digest.of(xz.toByteArray());
    PackagesIndex packagesIndex = new PackagesIndex(dir.resolve("parsed"));
    assertThat(packagesIndex.cached(digest, ORIGIN)).isNull();

    assertThat(packagesIndex.read(blob, digest, "main/binary-amd64/Packages.xz", ORIGIN).size()).isEqualTo(3);
    Path cacheFile = dir.resolve("parsed").resolve(digest.hex() + ".pkgidx");
    assertThat(packagesIndex.cached(digest, ORIGIN).all()).isEqualTo(parsed());

    byte[] damaged = Files.readAllBytes(cacheFile);
    damaged[damaged.length / 3] ^= 1;
    Files.write(cacheFile, damaged);
    assertThat(packagesIndex.cached(digest, ORIGIN)).isNull();
    assertThat(cacheFile).doesNotExist();
    assertThat(packagesIndex.read(blob, digest, "main/binary-amd64/Packages.xz", ORIGIN).all()).isEqualTo(parsed());
    assertThat(cacheFile).exists();
  }

  @Test
  void unsafePoolPathsAreRefused() {
    String evil = PACKAGES.replace("Filename: pool/main/f/foo/", "Filename: ../../etc/");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> PackagesIndex.parse(
            new ByteArrayInputStream(evil.getBytes(StandardCharsets.UTF_8)), "evil", ORIGIN))
        .isInstanceOf(Deb822Exception.class)
        .hasMessage("evil:13: package libfoo2 has an unsafe Filename or a malformed SHA256");
  }
}
