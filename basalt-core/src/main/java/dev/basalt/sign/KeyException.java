package dev.basalt.sign;

/**
 * A key file or key text cannot be used: missing, not a key, an unsupported algorithm or curve,
 * or encrypted with another password. The user must give another key or password, hence a usage
 * error.
 */
public class KeyException extends SignException {
  public KeyException(String message) {
    super(message);
  }

  public KeyException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public int exitCode() {
    return EXIT_USAGE;
  }
}
