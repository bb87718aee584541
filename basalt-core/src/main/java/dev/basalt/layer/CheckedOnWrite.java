package dev.basalt.layer;

import dev.basalt.cache.Digest;
import dev.basalt.image.ImageLocation;
import dev.basalt.image.ImageReadException;
import dev.basalt.image.ImageSource;
import dev.basalt.image.SourceImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * A base image source whose layers, when their changes come from the cache, are not hashed a
 * first time: every base blob with a digest is hashed once, by {@link BackgroundChecks} while the
 * image is made, before anything is published, so a blob that does not match fails the build
 * all the same. A blob without a digest is checked as usual. Hashing a JDK's layer once instead
 * of twice is most of a warm layering's time.
 */
final class CheckedOnWrite implements ImageSource {
  private final ImageSource source;

  CheckedOnWrite(ImageSource source) {
    this.source = source;
  }

  @Override
  public void checkLayer(SourceImage image, SourceImage.LayerBlob layer) throws IOException {
    if (layer.digest() == null || layer.size() < 0 || source.storedLayerFile(image, layer) == null) {
      source.checkLayer(image, layer);
    }
  }

  @Override
  public ImageLocation location() {
    return source.location();
  }

  @Override
  public List<SourceImage> images() {
    return source.images();
  }

  @Override
  public Digest rootDigest() {
    return source.rootDigest();
  }

  @Override
  public InputStream openLayer(SourceImage image, SourceImage.LayerBlob layer) throws IOException {
    return source.openLayer(image, layer);
  }

  @Override
  public InputStream openStoredLayer(SourceImage image, SourceImage.LayerBlob layer) throws IOException {
    return source.openStoredLayer(image, layer);
  }

  @Override
  public Path storedLayerFile(SourceImage image, SourceImage.LayerBlob layer) {
    return source.storedLayerFile(image, layer);
  }

  @Override
  public byte[] configBytes(SourceImage image) throws ImageReadException {
    return source.configBytes(image);
  }

  @Override
  public List<Referrer> referrers(Digest subject) throws ImageReadException {
    return source.referrers(subject);
  }

  @Override
  public byte[] readBlob(Digest digest, long size) throws ImageReadException {
    return source.readBlob(digest, size);
  }

  @Override
  public void close() throws IOException {
    source.close();
  }
}
