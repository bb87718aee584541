package dev.basalt.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.ZstdInputStream;
import dev.basalt.cache.Digest;
import dev.basalt.fs.Content;
import dev.basalt.fs.ContentMismatchException;
import dev.basalt.fs.FileEntry;
import dev.basalt.fs.FileTree;
import dev.basalt.fs.ReproducibleTarWriter;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden digests for one fixed tree: the reproducibility contract. If one of these changes, every
 * image basalt builds changes digest; that must be a deliberate, announced decision.
 */
class ReproducibleLayerTest {
  static final long EPOCH = 1_767_225_600L; // 2026-01-01T00:00:00Z

  static final String GOLDEN_DIFF_ID = "sha256:c409095846df77818aabb3b512e7ac6b34133949812478beb11a7fe9443ffdf1";
  static final String GOLDEN_GZIP = "sha256:0cac6330c62a625dfe00dc89c1e27633d23e9d1983312c4da928dffc3f33bbe8";
  static final String GOLDEN_ZSTD = "sha256:06937c54be31c8922c2200eadab8eb427ca3bd6a8eaee52be13a3229e474e34a";

  @TempDir Path tmp;

  /** A tree with every kind of entry and every rule that shapes the tar bytes. */
  static FileTree fixedTree() {
    long later = EPOCH + 86_400;
    FileTree t = new FileTree();
    t.putWithParents(new FileEntry.RegularFile("/etc/os-release", 0644, 0, 0, later, "base-files",
        Content.Inline.of("PRETTY_NAME=\"basalt\"\nID=debian\n")), later);
    t.put(new FileEntry.RegularFile("/etc/passwd", 0644, 0, 0, 1_000, null,
        Content.Inline.of("root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532::/home/nonroot:/sbin/nologin\n")));
    t.putWithParents(new FileEntry.Directory("/home/nonroot", 0700, 65532, 65532, EPOCH, null), EPOCH);
    t.put(new FileEntry.Directory("/tmp", 01777, 0, 0, 0, null));
    t.putWithParents(new FileEntry.RegularFile("/usr/lib/libbig.so.1", 0644, 0, 0, later, "libbig1",
        Content.Inline.of(CompressionSamples.text(200_000))), later);
    t.put(new FileEntry.Symlink("/usr/lib/libbig.so", "libbig.so.1", 0, 0, later, "libbig1"));
    t.putWithParents(new FileEntry.RegularFile("/usr/bin/tool", 0755, 0, 0, later, "tool",
        Content.Inline.of("#!tool\n")), later);
    t.put(new FileEntry.Hardlink("/usr/bin/a-tool", "/usr/bin/tool", 0755, 0, 0, later, "tool"));
    t.put(new FileEntry.Symlink("/bin", "usr/bin", 0, 0, later, "base-files"));
    String deep = "/usr/share/" + "deep-directory-name/".repeat(6) + "file-with-a-long-name";
    t.putWithParents(new FileEntry.Symlink(deep, "../".repeat(40) + "etc/os-release", 0, 0, later, null), later);
    t.putWithParents(new FileEntry.RegularFile("/usr/share/zoneinfo/Am\u00e9rica", 0644, 0, 0, later, "tzdata",
        Content.Inline.of("TZif")), later);
    return t;
  }

  @Test
  void gzipLayerHasItsGoldenDigests() throws Exception {
    Layer layer = new LayerWriter(EPOCH, Compression.GZIP).write(fixedTree(), tmp.resolve("layer.tar.gz"));
    assertThat(layer.diffId()).hasToString(GOLDEN_DIFF_ID);
    assertThat(layer.digest()).hasToString(GOLDEN_GZIP);
    assertThat(layer.mediaType()).isEqualTo("application/vnd.oci.image.layer.v1.tar+gzip");
    assertThat(layer.size()).isEqualTo(Files.size(tmp.resolve("layer.tar.gz"))).isEqualTo(43_914);
    assertThat(layer.uncompressedSize()).isEqualTo(219_648);

    byte[] blob = Files.readAllBytes(tmp.resolve("layer.tar.gz"));
    assertThat(Digest.of(blob)).isEqualTo(layer.digest());
    byte[] tar;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(tmp.resolve("layer.tar.gz")))) {
      tar = in.readAllBytes();
    }
    assertThat(Digest.of(tar)).isEqualTo(layer.diffId());
    assertThat((long) tar.length).isEqualTo(layer.uncompressedSize());
    ByteArrayOutputStream direct = new ByteArrayOutputStream();
    new ReproducibleTarWriter(EPOCH).write(fixedTree(), direct);
    assertThat(tar).isEqualTo(direct.toByteArray());
  }

  @Test
  void zstdAndPlainLayersShareTheDiffId() throws Exception {
    Layer zstd = new LayerWriter(EPOCH, Compression.ZSTD).write(fixedTree(), tmp.resolve("layer.tar.zst"));
    assertThat(zstd.diffId()).hasToString(GOLDEN_DIFF_ID);
    assertThat(zstd.digest()).hasToString(GOLDEN_ZSTD);
    assertThat(zstd.mediaType()).isEqualTo("application/vnd.oci.image.layer.v1.tar+zstd");
    try (InputStream in = new ZstdInputStream(Files.newInputStream(tmp.resolve("layer.tar.zst")))) {
      assertThat(Digest.of(in.readAllBytes())).isEqualTo(zstd.diffId());
    }
    Layer plain = new LayerWriter(EPOCH, Compression.NONE).write(fixedTree(), tmp.resolve("layer.tar"));
    assertThat(plain.digest()).isEqualTo(plain.diffId()).hasToString(GOLDEN_DIFF_ID);
    assertThat(plain.size()).isEqualTo(plain.uncompressedSize()).isEqualTo(zstd.uncompressedSize());
  }

  @Test
  void sameInputsSameBytesAndTheEpochMatters() throws Exception {
    Layer first = new LayerWriter(EPOCH, Compression.GZIP).write(fixedTree(), tmp.resolve("a"));
    Layer second = new LayerWriter(EPOCH, Compression.GZIP).write(fixedTree().copy(), tmp.resolve("b"));
    assertThat(second).isEqualTo(first);
    assertThat(Files.readAllBytes(tmp.resolve("b"))).isEqualTo(Files.readAllBytes(tmp.resolve("a")));
    Layer earlier = new LayerWriter(EPOCH - 1, Compression.GZIP).write(fixedTree(), tmp.resolve("c"));
    assertThat(earlier.diffId()).isNotEqualTo(first.diffId());
  }

  @Test
  void aCorruptFileLeavesNoLayerBehind() throws Exception {
    Path cached = tmp.resolve("cached");
    Files.writeString(cached, "good");
    FileTree t = fixedTree();
    t.put(new FileEntry.RegularFile("/etc/good", 0644, 0, 0, 0, null,
        new Content.Stored(cached, 4, Digest.of("bad!".getBytes(StandardCharsets.UTF_8)))));
    Path target = tmp.resolve("out/layer.tar.gz");
    assertThatThrownBy(() -> new LayerWriter(EPOCH, Compression.GZIP).write(t, target))
        .isInstanceOf(ContentMismatchException.class)
        .hasMessageStartingWith("/etc/good: content has digest " + Digest.of("good".getBytes(StandardCharsets.UTF_8)));
    try (var files = Files.list(target.getParent())) {
      assertThat(files).isEmpty();
    }
  }
}
