package dev.basalt.oci;

import dev.basalt.cache.Digest;
import java.util.Objects;

/**
 * A written layer: the digest and size of its compressed blob, and the digest ({@code diffId})
 * and size of the tar inside it.
 */
public record Layer(Digest digest, long size, Digest diffId, long uncompressedSize, String mediaType) {
  public Layer {
    Objects.requireNonNull(digest, "digest == null");
    Objects.requireNonNull(diffId, "diffId == null");
    Objects.requireNonNull(mediaType, "mediaType == null");
    if (size < 0 || uncompressedSize < 0) {
      throw new IllegalArgumentException("negative layer size: " + size + ", " + uncompressedSize);
    }
  }

  /** The descriptor a manifest lists for this layer. */
  public Descriptor descriptor() {
    return Descriptor.of(mediaType, digest, size);
  }
}
