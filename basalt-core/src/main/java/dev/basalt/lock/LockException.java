package dev.basalt.lock;

import dev.basalt.BasaltException;

/** A lock file is unreadable, of an unknown version, or does not belong to the spec. */
public final class LockException extends BasaltException {
  public LockException(String message) {
    super(message);
  }

  public LockException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public int exitCode() {
    return EXIT_USAGE;
  }
}
