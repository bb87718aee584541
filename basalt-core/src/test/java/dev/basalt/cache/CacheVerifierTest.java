package dev.basalt.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of cache entry, good and damaged, and what verification and repair make of them. */
class CacheVerifierTest {
  private static final byte[] HELLO = "hello\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SEALED = SealedBinary.seal("basalt-test-v1\nbody".getBytes(StandardCharsets.US_ASCII));
  private static final String LAYER_ENTRY = "digest=" + Digest.of(HELLO) + "\nsize=6\ndiffId=" + Digest.of(HELLO)
      + "\nuncompressedSize=6\nmediaType=application/vnd.oci.image.layer.v1.tar+gzip\n";

  @TempDir Path root;
  Path goodBlob;
  Path goodFile;

  @BeforeEach
  void fill() throws Exception {
    goodBlob = new BlobStore(root).putBytes(HELLO, "test");
    goodFile = new FileStore(root.resolve("files")).put(new ByteArrayInputStream(HELLO), HELLO.length).file();
    write("debs/" + "a".repeat(64) + ".contents", SEALED);
    write("parsed/" + "b".repeat(64) + ".pkgidx", SEALED);
    write("layer-changes/files/" + "c".repeat(64), SEALED);
    write("layers/k1.properties", LAYER_ENTRY.getBytes(StandardCharsets.UTF_8));
    write("locks/sha256/" + "d".repeat(64) + ".lock", new byte[0]);
    write("rootfs/x/etc/passwd", "not an entry".getBytes(StandardCharsets.UTF_8));
  }

  private Path write(String relative, byte[] bytes) throws Exception {
    Path p = root.resolve(relative);
    Files.createDirectories(p.getParent());
    return Files.write(p, bytes);
  }

  @Test
  void anIntactCacheVerifiesClean() throws Exception {
    CacheVerifier.Report report = CacheVerifier.verify(root, false);

    assertThat(report.bad()).isEmpty();
    assertThat(report.temps()).isEmpty();
    assertThat(report.entries()).isEqualTo(6);
    assertThat(report.bytes()).isEqualTo(6 + 6 + 3L * SEALED.length + LAYER_ENTRY.length());
    assertThat(report.summary()).isEqualTo("checked 6 cache entries (" + report.bytes() + " bytes) in " + root
        + ": 0 bad, 0 leftover temp files");
  }

  @Test
  void damagedEntriesAndTempFilesAreReportedAndRepairRemovesThem() throws Exception {
    Files.write(goodBlob, "hellO\n".getBytes(StandardCharsets.US_ASCII));
    Files.write(goodFile, "jello\n".getBytes(StandardCharsets.US_ASCII));
    byte[] broken = SEALED.clone();
    broken[17] ^= 1;
    Path debs = write("debs/" + "a".repeat(64) + ".contents", broken);
    Path parsed = write("parsed/" + "b".repeat(64) + ".pkgidx", "basalt-packages-v5\n".getBytes(StandardCharsets.US_ASCII));
    Path layer = write("layers/k2.properties", "digest=sha256:zz\n".getBytes(StandardCharsets.UTF_8));
    Path misnamed = write("blobs/sha256/not-a-digest", HELLO);
    Path temp = write("blobs/sha256/." + "e".repeat(64) + ".123.tmp", "half".getBytes(StandardCharsets.UTF_8));
    Path incoming = write("files/blobs/sha256/.incoming.456.tmp", "half".getBytes(StandardCharsets.UTF_8));

    CacheVerifier.Report report = CacheVerifier.verify(root, false);

    assertThat(report.bad()).extracting(CacheVerifier.Problem::path)
        .containsExactlyInAnyOrder(goodBlob, goodFile, debs, parsed, layer, misnamed);
    assertThat(report.bad()).filteredOn(p -> p.path().equals(goodBlob)).extracting(CacheVerifier.Problem::reason)
        .containsExactly("content has digest " + Digest.of("hellO\n".getBytes(StandardCharsets.US_ASCII))
            + ", not the one it is named by");
    assertThat(report.bad()).filteredOn(p -> p.path().equals(debs)).extracting(CacheVerifier.Problem::reason)
        .containsExactly("seal broken (wrong magic or CRC32C)");
    assertThat(report.temps()).containsExactlyInAnyOrder(temp, incoming);
    assertThat(report.clean()).isFalse();
    assertThat(Files.exists(goodBlob)).as("verify alone changes nothing").isTrue();

    CacheVerifier.Report repaired = CacheVerifier.verify(root, true);

    assertThat(repaired.bad()).hasSize(6);
    assertThat(repaired.summary()).endsWith(": 6 bad, 2 leftover temp files (removed)");
    for (Path p : List.of(goodBlob, goodFile, debs, parsed, layer, misnamed, temp, incoming)) {
      assertThat(Files.exists(p)).as(p.toString()).isFalse();
    }
    CacheVerifier.Report after = CacheVerifier.verify(root, false);
    assertThat(after.clean()).isTrue();
    assertThat(after.temps()).isEmpty();
    assertThat(after.entries()).isEqualTo(2);
  }

  @Test
  void aMissingCacheIsEmptyAndClean() throws Exception {
    CacheVerifier.Report report = CacheVerifier.verify(root.resolve("absent"), false);
    assertThat(report.entries()).isZero();
    assertThat(report.clean()).isTrue();
  }
}
