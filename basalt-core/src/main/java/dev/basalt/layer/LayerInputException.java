package dev.basalt.layer;

import dev.basalt.BasaltException;

/**
 * What was asked for cannot be layered: a missing source, a glob that matches nothing, a
 * destination that would replace a base directory with a file, a mode that lets the runtime
 * user write. The caller must change the request (exit code 2).
 */
public final class LayerInputException extends LayerException {
  public LayerInputException(String message) {
    super(message);
  }

  @Override
  public int exitCode() {
    return BasaltException.EXIT_USAGE;
  }
}
