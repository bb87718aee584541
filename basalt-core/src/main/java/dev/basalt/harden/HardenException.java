package dev.basalt.harden;

import dev.basalt.BasaltException;

/** Hardening could not make the tree meet the policy. */
public class HardenException extends BasaltException {
  public HardenException(String message) {
    super(message);
  }
}
