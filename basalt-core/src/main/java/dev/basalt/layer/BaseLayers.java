package dev.basalt.layer;

import dev.basalt.cache.Digest;
import dev.basalt.fs.AtomicFiles;
import dev.basalt.image.ImageSource;
import dev.basalt.image.SourceImage;
import dev.basalt.oci.Layer;
import dev.basalt.oci.LayerFile;
import dev.basalt.oci.MediaTypes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies a base image's layer blobs exactly as stored (never recompressed, so they keep their
 * digests and a registry that has them needs them not again), checking each against its digest
 * or, where the source names none (an old docker-archive), against its diff id.
 */
final class BaseLayers {
  private static final byte[] GZIP_MAGIC = {0x1f, (byte) 0x8b};
  private static final byte[] ZSTD_MAGIC = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd};

  private BaseLayers() {}

  /**
   * The base's layers, their blobs placed in {@code blobDir} (named by digest). A blob the source
   * keeps in a file is hard-linked (copied across file systems) and handed to {@code checks},
   * which hashes it while the rest of the image is made; nothing is published before those
   * checks pass. A blob without a known digest is hashed on the way in and checked against its
   * diff id.
   */
  static List<LayerFile> copy(ImageSource source, SourceImage image, Path blobDir, BackgroundChecks checks)
      throws IOException, LayerException {
    List<LayerFile> out = new ArrayList<>();
    for (SourceImage.LayerBlob blob : image.layers()) {
      if (blob.diffId() == null) {
        throw new LayerException(source.location().display() + ": layer " + blob.location() + " has no diff id");
      }
      Path file = blob.digest() == null || blob.size() < 0 ? null : source.storedLayerFile(image, blob);
      if (file != null && Files.isRegularFile(file)) {
        LayerFile linked = linked(blob, file, blobDir);
        checks.check(linked.layer().descriptor(), linked.file(), source.location().display() + ": layer "
            + blob.location());
        out.add(linked);
      } else {
        out.add(copied(source, image, blob, blobDir));
      }
    }
    return out;
  }

  private static LayerFile linked(SourceImage.LayerBlob blob, Path file, Path blobDir) throws IOException {
    Path target = blobDir.resolve(blob.digest().hex());
    if (!Files.exists(target)) {
      try {
        Files.createLink(target, file);
      } catch (FileAlreadyExistsException linkedByAnotherPlatform) {
        // The same blob, placed by the platform being layered beside this one.
      } catch (IOException | UnsupportedOperationException crossDevice) {
        AtomicFiles.write(target, out -> Files.copy(file, out));
      }
    }
    byte[] head;
    try (InputStream in = Files.newInputStream(target)) {
      head = in.readNBytes(ZSTD_MAGIC.length);
    }
    // The tar's size is not needed to write a manifest; 0 says it was not measured.
    return new LayerFile(new Layer(blob.digest(), blob.size(), blob.diffId(), 0, mediaType(head)), target);
  }

  private static LayerFile copied(ImageSource source, SourceImage image, SourceImage.LayerBlob blob, Path blobDir)
      throws IOException, LayerException {
    Path tmp = AtomicFiles.tempSibling(blobDir.resolve("incoming"));
    try {
      long size;
      byte[] head;
      MessageDigest sha = Digest.newSha256();
      try (InputStream in = new DigestInputStream(source.openStoredLayer(image, blob), sha);
          OutputStream copy = Files.newOutputStream(tmp)) {
        head = in.readNBytes(ZSTD_MAGIC.length);
        copy.write(head);
        size = head.length + in.transferTo(copy);
      }
      Digest digest = Digest.fromBytes(sha.digest());
      String mediaType = mediaType(head);
      if (blob.digest() == null) {
        if (mediaType.equals(MediaTypes.OCI_LAYER)) {
          if (!digest.equals(blob.diffId())) {
            throw new LayerException(source.location().display() + ": layer " + blob.location()
                + " does not match its diff id: the image is corrupt or was tampered with");
          }
        } else {
          source.checkLayer(image, blob);
        }
      }
      Path target = blobDir.resolve(digest.hex());
      AtomicFiles.commit(tmp, target);
      return new LayerFile(new Layer(digest, size, blob.diffId(), 0, mediaType), target);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static String mediaType(byte[] head) {
    return startsWith(head, GZIP_MAGIC) ? MediaTypes.OCI_LAYER_GZIP
        : startsWith(head, ZSTD_MAGIC) ? MediaTypes.OCI_LAYER_ZSTD : MediaTypes.OCI_LAYER;
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    if (bytes.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (bytes[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
