package dev.basalt.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.audit.AuditInspector;
import dev.basalt.cache.Digest;
import dev.basalt.testkit.TestImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerChangesCacheTest {
  @TempDir Path dir;

  private Path layout() throws Exception {
    return TestImage.linux("amd64")
        .layer(l -> l.dir("/etc", 0755).file("/etc/passwd", "root:x:0:0::/root:/bin/bash\n", 0644)
            .file("/etc/shadow", "root:*:1::::::\n", 0640).file("/usr/bin/su", "su", 04755)
            .file("/root/key.pem", "-----BEGIN PRIVATE KEY-----\n", 0600))
        .layer(l -> l.whiteout("/etc/shadow").charDevice("/dev/null", 1, 3).symlink("/bin", "usr/bin"))
        .writeLayout(dir.resolve("img"), null);
  }

  private static List<String> describe(FlatFilesystem fs) {
    return fs.files().stream().map(f -> f.path() + " " + f.type() + " " + Integer.toOctalString(f.mode()) + " "
        + f.linkTarget() + " " + f.marks() + " " + (f.content() == null ? "-" : new String(f.content()))).toList();
  }

  private FlatFilesystem flatten(Path layout, LayerChangesCache cache) throws Exception {
    try (ImageSource source = ImageSource.open(ImageLocation.parse(layout.toString()))) {
      return LayerApplier.flatten(source, source.images().get(0), new AuditInspector(), cache);
    }
  }

  private List<Path> entries() throws Exception {
    Path d = dir.resolve("cache/layer-changes/audit-1");
    if (!Files.isDirectory(d)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(d)) {
      return s.sorted().toList();
    }
  }

  @Test
  void aCachedLayerGivesTheSameFilesystemAndADamagedEntryIsReadAgain() throws Exception {
    Path layout = layout();
    LayerChangesCache cache = new LayerChangesCache(dir.resolve("cache"));
    List<String> fresh = describe(flatten(layout, null));
    assertThat(entries()).isEmpty();
    assertThat(describe(flatten(layout, cache))).isEqualTo(fresh);
    assertThat(entries()).hasSize(2);
    assertThat(describe(flatten(layout, cache))).isEqualTo(fresh);
    assertThat(fresh).contains("/root/key.pem FILE 600 null [private-key] -", "/dev/null CHAR_DEVICE 666 1:3 [] -",
        "/etc/passwd FILE 644 null [] root:x:0:0::/root:/bin/bash\n").doesNotContain("/etc/shadow");

    Path entry = entries().get(0);
    byte[] bytes = Files.readAllBytes(entry);
    bytes[bytes.length / 2] ^= 0x20;
    Files.write(entry, bytes);
    assertThat(describe(flatten(layout, cache))).isEqualTo(fresh);
    assertThat(Files.readAllBytes(entry)).isNotEqualTo(bytes);
  }

  @Test
  void aCacheHitStillChecksTheLayerBlob() throws Exception {
    Path layout = layout();
    LayerChangesCache cache = new LayerChangesCache(dir.resolve("cache"));
    flatten(layout, cache);
    String hex = entries().get(0).getFileName().toString();
    Path blob = layout.resolve("blobs/sha256").resolve(hex);
    byte[] bytes = Files.readAllBytes(blob);
    bytes[bytes.length - 6] ^= 0x01;
    Files.write(blob, bytes);
    assertThatThrownBy(() -> flatten(layout, cache))
        .isInstanceOf(ImageReadException.class)
        .hasMessageContaining("layer " + new Digest(hex) + " has digest")
        .hasMessageContaining("the blob is corrupt or was tampered with");
  }

  @Test
  void anInspectorWithoutACacheKeyCachesNothing() throws Exception {
    Path layout = layout();
    try (ImageSource source = ImageSource.open(ImageLocation.parse(layout.toString()))) {
      LayerApplier.flatten(source, source.images().get(0), FileInspector.NONE, new LayerChangesCache(dir.resolve("cache")));
    }
    assertThat(entries()).isEmpty();
  }
}
