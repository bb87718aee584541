package dev.basalt.debian;

import dev.basalt.BasaltException;

/** The requested package set cannot be installed together; the message shows the chain. */
public class ResolutionException extends BasaltException {
  public ResolutionException(String message) {
    super(message);
  }
}
