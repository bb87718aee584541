package dev.basalt.debian;

/**
 * A signed archive file could not be trusted: it is not signed, is malformed, or no signature on
 * it comes from a usable key in the keyring. The message names the file and says what to do.
 */
public class SignatureVerificationException extends ArchiveException {
  public SignatureVerificationException(String message) {
    super(message);
  }

  public SignatureVerificationException(String message, Throwable cause) {
    super(message, cause);
  }
}
