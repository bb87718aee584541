package dev.basalt.testkit;

import dev.basalt.fs.Content;
import dev.basalt.fs.FileEntry;
import dev.basalt.fs.FileTree;
import dev.basalt.oci.Annotations;
import dev.basalt.oci.Compression;
import dev.basalt.oci.Descriptor;
import dev.basalt.oci.ImageConfig;
import dev.basalt.oci.Layer;
import dev.basalt.oci.LayerFile;
import dev.basalt.oci.LayerWriter;
import dev.basalt.oci.OciLayoutWriter;
import dev.basalt.oci.Platform;
import dev.basalt.oci.PlatformImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A layout shaped as a basalt build writes one, without running a build: an image index tagged
 * {@code latest} (with the spec name as title) over amd64 and arm64 manifests, and each
 * platform's SPDX document as an untagged OCI 1.1 referrer.
 */
public final class TestLayout {
  public static final long EPOCH = 1_700_000_000L;
  public static final String SPDX = "application/spdx+json";

  /** What was written: the index (as tagged) and the platform manifests, amd64 first. */
  public record Written(Path dir, Descriptor index, List<Descriptor> manifests) {}

  private TestLayout() {}

  /** Writes the layout at {@code dir}; {@code content} goes into a file, so different content gives other digests. */
  public static Written write(Path dir, String title, String content) throws IOException {
    List<PlatformImage> images = new ArrayList<>();
    for (String arch : List.of("amd64", "arm64")) {
      FileTree tree = new FileTree();
      tree.putWithParents(new FileEntry.RegularFile("/etc/content", 0644, 0, 0, EPOCH, null,
          Content.Inline.of(content + " for " + arch + "\n")), EPOCH);
      Path layerFile = dir.resolveSibling(dir.getFileName() + "-layer-" + arch + ".tar.gz");
      Layer layer = new LayerWriter(EPOCH, Compression.GZIP).write(tree, layerFile);
      ImageConfig config = ImageConfig.builder(Platform.ofDebian(arch), Instant.ofEpochSecond(EPOCH))
          .user("65532")
          .layer(layer.diffId(), "basalt build test.yaml", "test layer")
          .build();
      images.add(new PlatformImage(config, List.of(new LayerFile(layer, layerFile)), Map.of()));
    }
    OciLayoutWriter writer = new OciLayoutWriter(dir);
    Descriptor index = writer.write(images, Map.of(Annotations.TITLE, title), OciLayoutWriter.DEFAULT_REFERENCE);
    List<Descriptor> manifests = new ArrayList<>();
    List<Descriptor> referrers = new ArrayList<>();
    for (PlatformImage image : images) {
      Descriptor manifest = image.manifest().descriptor();
      manifests.add(manifest);
      byte[] spdx = ("{\"spdxVersion\":\"SPDX-2.3\",\"name\":\"" + title + " " + image.platform() + "\"}")
          .getBytes(StandardCharsets.UTF_8);
      referrers.add(writer.writeReferrer(manifest, SPDX, spdx, SPDX, Map.of(Annotations.CREATED, "2023-11-14T22:13:20Z")));
    }
    writer.tag(index, OciLayoutWriter.DEFAULT_REFERENCE, referrers);
    return new Written(dir, index, manifests);
  }
}
