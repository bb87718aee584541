package dev.basalt.image;

import dev.basalt.BasaltException;

/**
 * An image that cannot be read: a missing or malformed layout, archive, manifest or config, a
 * blob whose digest or size is not what its descriptor says, or a reference that names nothing.
 * The message names the image and the part at fault.
 */
public final class ImageReadException extends BasaltException {
  public ImageReadException(String message) {
    super(message);
  }

  public ImageReadException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The caller pointed at something that is not a readable image: a usage error. */
  @Override
  public int exitCode() {
    return EXIT_USAGE;
  }
}
