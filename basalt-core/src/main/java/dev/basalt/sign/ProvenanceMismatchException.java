package dev.basalt.sign;

import java.util.List;

/**
 * A provenance statement verified, but the dependencies it states are not exactly what the lock
 * file pins: the image was not built from that lock. {@link #differences()} lists each one.
 */
public final class ProvenanceMismatchException extends SignException {
  private final List<String> differences;

  public ProvenanceMismatchException(String message, List<String> differences) {
    super(message);
    this.differences = List.copyOf(differences);
  }

  public List<String> differences() {
    return differences;
  }
}
