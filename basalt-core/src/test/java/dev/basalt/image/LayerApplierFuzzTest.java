package dev.basalt.image;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.basalt.audit.AuditInspector;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A layer blob from a third-party image (tar, gzip or zstd, told apart by magic bytes as
 * {@link LayerStreams} does) applies or fails with an {@link IOException}, which the image
 * sources turn into an {@link ImageReadException} naming the layer; flattening what applied
 * never throws.
 */
class LayerApplierFuzzTest {
  @FuzzTest(maxDuration = "2m")
  void layer(byte[] data) {
    LayerApplier applier = new LayerApplier(new AuditInspector());
    try (InputStream in = LayerStreams.decompress(new ByteArrayInputStream(data), "fuzz-layer")) {
      applier.apply(in, "fuzz-layer");
    } catch (IOException expected) {
      return;
    }
    FlatFilesystem fs = applier.result();
    for (FlatFile f : fs.files()) {
      fs.realPath(f.path());
    }
  }
}
