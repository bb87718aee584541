package dev.basalt.effects;

import dev.basalt.BasaltException;

/** An effect could not produce what the maintainer scripts would have. */
public class EffectException extends BasaltException {
  public EffectException(String message) {
    super(message);
  }

  public EffectException(String message, Throwable cause) {
    super(message, cause);
  }
}
