package dev.basalt.registry;

import java.util.List;

/**
 * A registry answered a request with an error status: a missing repository or manifest (404),
 * a rejected manifest or media type ({@code MANIFEST_INVALID}, {@code UNSUPPORTED}), a server
 * failure that outlasted the retries. {@code codes} are the error codes of its JSON body.
 */
public final class RegistryResponseException extends RegistryException {
  private final int status;
  private final List<String> codes;

  public RegistryResponseException(String message, int status, List<String> codes) {
    super(message);
    this.status = status;
    this.codes = List.copyOf(codes);
  }

  /** The HTTP status of the last answer. */
  public int status() {
    return status;
  }

  /** The distribution spec's error codes from the body ({@code MANIFEST_UNKNOWN}...), possibly none. */
  public List<String> codes() {
    return codes;
  }
}
