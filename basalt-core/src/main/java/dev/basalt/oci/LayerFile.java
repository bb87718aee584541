package dev.basalt.oci;

import java.nio.file.Path;
import java.util.Objects;

/** A layer and the file holding its blob. */
public record LayerFile(Layer layer, Path file) {
  public LayerFile {
    Objects.requireNonNull(layer, "layer == null");
    Objects.requireNonNull(file, "file == null");
  }
}
