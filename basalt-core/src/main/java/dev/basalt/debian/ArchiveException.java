package dev.basalt.debian;

import dev.basalt.BasaltException;

/** A Debian archive could not be read or trusted: bad signature, wrong hash, malformed index. */
public class ArchiveException extends BasaltException {
  public ArchiveException(String message) {
    super(message);
  }

  public ArchiveException(String message, Throwable cause) {
    super(message, cause);
  }
}
