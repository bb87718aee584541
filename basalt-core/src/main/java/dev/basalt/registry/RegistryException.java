package dev.basalt.registry;

import dev.basalt.BasaltException;

/**
 * A registry could not be reached, refused a request, or served content that does not match
 * its digest. The message names the registry, the repository and what to do.
 */
public class RegistryException extends BasaltException {
  public RegistryException(String message) {
    super(message);
  }

  public RegistryException(String message, Throwable cause) {
    super(message, cause);
  }
}
