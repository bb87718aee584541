package dev.basalt.image;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.basalt.testkit.FuzzDirs;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A {@code docker save} archive whose {@code manifest.json} is fuzzed, beside a valid config
 * (named by its digest, as Docker names it) and layer: it audits or is refused with an
 * {@link ImageReadException}.
 */
class DockerArchiveFuzzTest {
  static final String CONFIG_NAME = FuzzImages.CONFIG_DIGEST.hex() + ".json";
  static final String LAYER_NAME = "layer/layer.tar";
  private static final Path WORK = FuzzDirs.create("basalt-fuzz-docker");

  @FuzzTest(maxDuration = "2m")
  void manifestJson(byte[] data) throws IOException {
    Path file = Files.createTempFile(WORK, "image", ".tar");
    try {
      try (OutputStream out = Files.newOutputStream(file); TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
        add(tar, "manifest.json", data);
        add(tar, CONFIG_NAME, FuzzImages.CONFIG);
        add(tar, LAYER_NAME, FuzzImages.LAYER);
      }
      FuzzImages.audit(new ImageLocation.DockerArchive(file));
    } finally {
      Files.delete(file);
    }
  }

  private static void add(TarArchiveOutputStream tar, String name, byte[] bytes) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setSize(bytes.length);
    e.setModTime(0);
    tar.putArchiveEntry(e);
    tar.write(bytes);
    tar.closeArchiveEntry();
  }
}
