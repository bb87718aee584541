package dev.basalt.layer;

import dev.basalt.cache.Digest;
import dev.basalt.sign.InTotoStatement;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A layered image as written: the index's digest, the layout and reference it is under, the base
 * it was made on (its root digest, null for a docker-archive base, which has none) and each
 * platform's image, plus the unsigned provenance attached to it.
 */
public record LayerResult(
    String name, Digest digest, Path layout, String reference, String base, Digest baseDigest,
    List<ArchImage> images, InTotoStatement provenance) {
  public LayerResult {
    Objects.requireNonNull(digest, "digest == null");
    images = List.copyOf(images);
  }

  /**
   * One platform: its manifest's digest, the base's layer blobs kept as they were, the layers
   * added on top (bottom first), and notes for the summary (waived audit findings...).
   */
  public record ArchImage(String arch, Digest manifest, List<Digest> baseLayers, List<AddedLayer> added,
      List<String> notes) {
    public ArchImage {
      baseLayers = List.copyOf(baseLayers);
      added = List.copyOf(added);
      notes = List.copyOf(notes);
    }
  }

  /**
   * One added layer: its name, compressed blob digest and size, uncompressed {@code diffId}, and
   * how many entries it holds. An unchanged layer keeps its digest from build to build.
   */
  public record AddedLayer(String name, Digest digest, long size, Digest diffId, int entries) {}
}
