package dev.basalt.image;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * An image read from disk (or pulled from a registry into the cache first): the images it holds
 * (one per platform) and their layers as uncompressed tar streams. Every blob is checked against
 * the digest and size that name it; a layer's stream fails when it ends with the wrong digest.
 */
public interface ImageSource extends Closeable {
  ImageLocation location();

  /** The images, in the order the source lists them. */
  List<SourceImage> images();

  /**
   * The digest that names the whole image (an index over its platforms, or its one manifest),
   * or null where the source has none (a docker-archive).
   */
  default dev.basalt.cache.Digest rootDigest() {
    return null;
  }

  /**
   * The uncompressed tar of layer {@code layer} of {@code image} (gzip and zstd are recognised
   * by their magic bytes, whatever the media type says). Reading it to the end, or closing it,
   * checks its digest; a mismatch is an {@link IOException} naming the blob.
   */
  InputStream openLayer(SourceImage image, SourceImage.LayerBlob layer) throws IOException;

  /**
   * The artifacts (OCI 1.1 referrers) that the source lists for the manifest {@code subject}: SBOMs,
   * signatures, attestations. Empty for sources that cannot hold any.
   */
  default List<Referrer> referrers(dev.basalt.cache.Digest subject) throws ImageReadException {
    return List.of();
  }

  /** The bytes of a small blob (an artifact's content), checked against its digest and size. */
  default byte[] readBlob(dev.basalt.cache.Digest digest, long size) throws ImageReadException {
    throw new ImageReadException(location().display() + " holds no blob " + digest);
  }

  /** An artifact manifest that refers to an image manifest, and its blobs. */
  record Referrer(dev.basalt.cache.Digest manifest, String artifactType, List<SourceImage.LayerBlob> blobs,
      java.util.Map<String, String> annotations) {
    public Referrer {
      blobs = List.copyOf(blobs);
      annotations = java.util.Map.copyOf(annotations);
    }
  }

  /**
   * The bytes of layer {@code layer} exactly as the source stores them (compressed or not), for
   * copying into another image unchanged. Reading to the end checks them against the blob's digest
   * where the source names one; the caller checks the rest.
   */
  default InputStream openStoredLayer(SourceImage image, SourceImage.LayerBlob layer) throws IOException {
    throw new IOException(location().display() + " cannot give its layer blobs as stored");
  }

  /**
   * The file holding layer {@code layer}'s stored bytes, when the source keeps each blob in a file
   * of its own (a layout, a pull into the cache), else null. Nothing is checked: a caller that
   * copies or links it must check its digest.
   */
  default java.nio.file.Path storedLayerFile(SourceImage image, SourceImage.LayerBlob layer) {
    return null;
  }

  /** The bytes of {@code image}'s config blob, checked against its digest. */
  default byte[] configBytes(SourceImage image) throws ImageReadException {
    return readBlob(image.configDigest(), -1);
  }

  /**
   * Checks that layer {@code layer} is intact (its digest), reading as little as that needs; the
   * default reads the whole layer.
   */
  default void checkLayer(SourceImage image, SourceImage.LayerBlob layer) throws IOException {
    try (InputStream in = openLayer(image, layer)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
  }

  /** Opens the image at {@code location}, reading its index, manifests and configs. */
  static ImageSource open(ImageLocation location) throws ImageReadException {
    if (location instanceof ImageLocation.Layout l) {
      return OciLayoutSource.open(l);
    }
    if (location instanceof ImageLocation.Registry r) {
      return dev.basalt.registry.RegistryImageSource.open(r);
    }
    return DockerArchiveSource.open((ImageLocation.DockerArchive) location);
  }

  /** The images for architecture {@code arch} (all of them when null). */
  default List<SourceImage> images(String arch) throws ImageReadException {
    if (arch == null) {
      return images();
    }
    List<SourceImage> match = images().stream().filter(i -> i.arch().equals(arch)).toList();
    if (match.isEmpty()) {
      throw new ImageReadException(location().display() + " has no image for architecture " + arch + "; it has "
          + String.join(", ", images().stream().map(SourceImage::platformName).toList()));
    }
    return match;
  }
}
