package dev.basalt.sign;

import dev.basalt.BasaltException;

/** Signing or verification could not be done: a key was unusable, or a signature did not hold. */
public class SignException extends BasaltException {
  public SignException(String message) {
    super(message);
  }

  public SignException(String message, Throwable cause) {
    super(message, cause);
  }
}
