package dev.basalt.image;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.basalt.cache.Digest;
import dev.basalt.testkit.FuzzDirs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An OCI image layout from anywhere audits or is refused with an {@link ImageReadException}.
 * Each target fuzzes one document ({@code index.json}, a manifest, a config); the harness stores
 * blobs under their real digests so the fuzzer gets past the digest checks.
 */
class OciLayoutFuzzTest {
  private static final Path WORK = FuzzDirs.create("basalt-fuzz-oci");

  @FuzzTest(maxDuration = "2m")
  void index(byte[] data) throws IOException {
    byte[] manifest = FuzzImages.manifest(FuzzImages.CONFIG);
    auditLayout(data, manifest, FuzzImages.CONFIG);
  }

  @FuzzTest(maxDuration = "2m")
  void manifest(byte[] data) throws IOException {
    auditLayout(FuzzImages.index(data), data, FuzzImages.CONFIG);
  }

  @FuzzTest(maxDuration = "2m")
  void config(byte[] data) throws IOException {
    byte[] manifest = FuzzImages.manifest(data);
    auditLayout(FuzzImages.index(manifest), manifest, data);
  }

  private static void auditLayout(byte[] index, byte[] manifest, byte[] config) throws IOException {
    Path dir = Files.createTempDirectory(WORK, "layout");
    try {
      Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}", StandardCharsets.UTF_8);
      Files.write(dir.resolve("index.json"), index);
      Path blobs = Files.createDirectories(dir.resolve("blobs/sha256"));
      for (byte[] blob : new byte[][] {manifest, config, FuzzImages.LAYER}) {
        Files.write(blobs.resolve(Digest.of(blob).hex()), blob);
      }
      FuzzImages.audit(new ImageLocation.Layout(dir, null));
    } finally {
      FuzzImages.deleteTree(dir);
    }
  }
}
