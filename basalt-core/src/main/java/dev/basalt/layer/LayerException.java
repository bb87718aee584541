package dev.basalt.layer;

import dev.basalt.BasaltException;

/** A layered build failed: the base could not be read or built, or writing the image failed. */
public class LayerException extends BasaltException {
  public LayerException(String message) {
    super(message);
  }

  public LayerException(String message, Throwable cause) {
    super(message, cause);
  }
}
