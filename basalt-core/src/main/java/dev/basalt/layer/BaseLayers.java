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

  /** The base's layers, their blobs copied into {@code blobDir} (named by digest). */
  static List<LayerFile> copy(ImageSource source, SourceImage image, Path blobDir) throws IOException, LayerException {
    List<LayerFile> out = new ArrayList<>();
    for (SourceImage.LayerBlob blob : image.layers()) {
      if (blob.diffId() == null) {
        throw new LayerException(source.location().display() + ": layer " + blob.location() + " has no diff id");
      }
      Path tmp = AtomicFiles.tempSibling(blobDir.resolve("incoming"));
      try {
        Digest digest;
        long size;
        byte[] head;
        MessageDigest sha = Digest.newSha256();
        try (InputStream in = new DigestInputStream(source.openStoredLayer(image, blob), sha);
            OutputStream copy = Files.newOutputStream(tmp)) {
          head = in.readNBytes(ZSTD_MAGIC.length);
          copy.write(head);
          size = head.length + in.transferTo(copy);
        }
        digest = Digest.fromBytes(sha.digest());
        String mediaType = startsWith(head, GZIP_MAGIC) ? MediaTypes.OCI_LAYER_GZIP
            : startsWith(head, ZSTD_MAGIC) ? MediaTypes.OCI_LAYER_ZSTD : MediaTypes.OCI_LAYER;
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
        // The tar's size is not needed to write a manifest; 0 says it was not measured.
        out.add(new LayerFile(new Layer(digest, size, blob.diffId(), 0, mediaType), target));
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
    return out;
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
