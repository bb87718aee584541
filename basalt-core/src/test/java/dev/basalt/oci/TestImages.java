package dev.basalt.oci;

import dev.basalt.fs.Content;
import dev.basalt.fs.FileEntry;
import dev.basalt.fs.FileTree;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Small, fixed single-layer images per architecture, for the layout and archive writers. */
final class TestImages {
  static final long EPOCH = ReproducibleLayerTest.EPOCH;
  static final Instant CREATED = Instant.ofEpochSecond(EPOCH);

  private TestImages() {}

  /** A one-layer image for {@code debianArch}, its layer written into {@code dir}. */
  static PlatformImage image(Path dir, String debianArch) throws IOException {
    FileTree t = new FileTree();
    t.putWithParents(new FileEntry.RegularFile("/etc/debian_arch", 0644, 0, 0, EPOCH, null,
        Content.Inline.of(debianArch + "\n")), EPOCH);
    t.putWithParents(new FileEntry.Directory("/home/nonroot", 0700, 65532, 65532, EPOCH, null), EPOCH);
    Layer layer = new LayerWriter(EPOCH, Compression.GZIP).write(t, dir.resolve("layer-" + debianArch + ".tar.gz"));
    ImageConfig config = ImageConfig.builder(Platform.ofDebian(debianArch), CREATED)
        .user("65532")
        .env("PATH", "/usr/bin:/bin")
        .workingDir("/home/nonroot")
        .layer(layer.diffId(), "basalt build test.yaml", "test layer")
        .build();
    return new PlatformImage(config, List.of(new LayerFile(layer, dir.resolve("layer-" + debianArch + ".tar.gz"))),
        Map.of(Annotations.CREATED, "2026-01-01T00:00:00Z"));
  }
}
