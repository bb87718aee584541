package dev.basalt;

/**
 * Root of every checked exception basalt raises for a problem in the world (bad input, a
 * failed download, a failed verification). Front ends turn it into a message and an exit code.
 */
public abstract class BasaltException extends Exception {
  /** Exit code for usage and spec errors: the user must change what they asked for. */
  public static final int EXIT_USAGE = 2;
  /** Exit code for failures: the request was fine, the world was not. */
  public static final int EXIT_FAILURE = 1;

  protected BasaltException(String message) {
    super(message);
  }

  protected BasaltException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The process exit code a front end should use for this error. */
  public int exitCode() {
    return EXIT_FAILURE;
  }
}
