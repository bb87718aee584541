package dev.basalt.sign;

import java.util.Objects;

/**
 * A signature did not verify. {@link #reason()} says which check failed, so that callers and
 * tests can tell a tampered payload from a signature by another key without parsing the message.
 */
public final class VerificationException extends SignException {
  /** Which check failed. */
  public enum Reason {
    /** There is no signature to check. */
    NO_SIGNATURE,
    /** The signature names, or was made with, a key other than the one given. */
    OTHER_KEY,
    /** The signature does not cover these bytes: the payload or the signature was altered. */
    ALTERED,
    /** The signature holds, but the signed payload is about another digest than the one expected. */
    DIGEST_MISMATCH,
    /** The signature holds, but the payload is not of the type or shape expected. */
    UNEXPECTED_PAYLOAD,
    /** The signature, envelope or bundle is not well-formed. */
    MALFORMED
  }

  private final Reason reason;

  public VerificationException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason == null");
  }

  public VerificationException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason == null");
  }

  public Reason reason() {
    return reason;
  }
}
