package dev.basalt.build;

import dev.basalt.BasaltException;

/** A build failed after its inputs were accepted: writing the output, an inconsistent package. */
public class BuildException extends BasaltException {
  public BuildException(String message) {
    super(message);
  }

  public BuildException(String message, Throwable cause) {
    super(message, cause);
  }
}
