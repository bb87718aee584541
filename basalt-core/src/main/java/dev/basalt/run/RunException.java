package dev.basalt.run;

import dev.basalt.BasaltException;

/** An image could not be run: runc is missing, a volume is malformed, unpacking failed. */
public final class RunException extends BasaltException {
  private final int exitCode;

  public RunException(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  public RunException(String message, Throwable cause) {
    super(message, cause);
    this.exitCode = EXIT_FAILURE;
  }

  @Override
  public int exitCode() {
    return exitCode;
  }
}
