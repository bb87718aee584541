package dev.basalt.oci;

import dev.basalt.fs.AtomicFiles;
import dev.basalt.fs.FileTree;
import dev.basalt.fs.ReproducibleTarWriter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Writes a file tree as a compressed layer blob in one pass: the reproducible tar is hashed (its
 * diffId) on its way into the compressor, whose output is hashed on its way to the file.
 */
public final class LayerWriter {
  private static final int BUFFER_SIZE = 64 * 1024;

  private final ReproducibleTarWriter tarWriter;
  private final Compression compression;

  /** A writer clamping mtimes to {@code epoch} and storing layers with {@code compression}. */
  public LayerWriter(long epoch, Compression compression) {
    this.tarWriter = new ReproducibleTarWriter(epoch);
    this.compression = Objects.requireNonNull(compression, "compression == null");
  }

  /**
   * Writes the layer of {@code tree} to {@code target} atomically: a failure, such as a file
   * whose content does not match its digest, leaves no file behind.
   */
  public Layer write(FileTree tree, Path target) throws IOException {
    Objects.requireNonNull(tree, "tree == null");
    Layer[] written = new Layer[1];
    AtomicFiles.write(target, out -> written[0] = write(tree, out));
    return written[0];
  }

  private Layer write(FileTree tree, OutputStream out) throws IOException {
    DigestingOutputStream blob = new DigestingOutputStream(new BufferedOutputStream(out, BUFFER_SIZE));
    DigestingOutputStream tar;
    try (OutputStream compressor = compression.compress(blob)) {
      tar = new DigestingOutputStream(compressor);
      tarWriter.write(tree, tar);
    }
    return new Layer(blob.digest(), blob.count(), tar.digest(), tar.count(), compression.mediaType());
  }
}
