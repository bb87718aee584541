package dev.basalt.image;

import dev.basalt.audit.Auditor;
import dev.basalt.audit.ImageAuditor;
import dev.basalt.cache.Digest;
import dev.basalt.oci.MediaTypes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Fixed, valid image parts that the image fuzz targets put around the fuzzed bytes, so that the
 * fuzzer reaches past digest checks: one uncompressed layer holding {@code /etc/passwd}, its
 * config and its manifest. Seeds in the corpora refer to these by digest.
 */
final class FuzzImages {
  static final Instant NOW = Instant.parse("2026-11-21T00:00:00Z");
  static final byte[] LAYER = layer();
  static final Digest LAYER_DIGEST = Digest.of(LAYER);
  static final byte[] CONFIG = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"User\":\"65532\"},"
      + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + LAYER_DIGEST + "\"]}}").getBytes(StandardCharsets.UTF_8);
  static final Digest CONFIG_DIGEST = Digest.of(CONFIG);

  private FuzzImages() {}

  static byte[] manifest(byte[] config) {
    return ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":{\"mediaType\":\""
        + MediaTypes.OCI_CONFIG + "\",\"digest\":\"" + Digest.of(config) + "\",\"size\":" + config.length
        + "},\"layers\":[{\"mediaType\":\"" + MediaTypes.OCI_LAYER + "\",\"digest\":\"" + LAYER_DIGEST + "\",\"size\":"
        + LAYER.length + "}]}").getBytes(StandardCharsets.UTF_8);
  }

  static byte[] index(byte[] manifest) {
    return ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[{\"mediaType\":\""
        + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + Digest.of(manifest) + "\",\"size\":" + manifest.length
        + ",\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"}}]}").getBytes(StandardCharsets.UTF_8);
  }

  /** Audits the image at {@code location}; an {@link ImageReadException} is the reader's contract. */
  static void audit(ImageLocation location) {
    try {
      ImageAuditor.audit(location, null, Auditor.Policy.NONE, NOW).forEach(r -> r.findings().size());
    } catch (ImageReadException expected) {
      // refused, naming the image and the part at fault
    }
  }

  static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static byte[] layer() {
    byte[] passwd = "root:x:0:0:root:/root:/usr/sbin/nologin\nnonroot:x:65532:65532::/home/nonroot:/usr/sbin/nologin\n"
        .getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      TarArchiveEntry dir = new TarArchiveEntry("etc/");
      dir.setModTime(0);
      tar.putArchiveEntry(dir);
      tar.closeArchiveEntry();
      TarArchiveEntry file = new TarArchiveEntry("etc/passwd");
      file.setSize(passwd.length);
      file.setMode(0100644);
      file.setModTime(0);
      tar.putArchiveEntry(file);
      tar.write(passwd);
      tar.closeArchiveEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
