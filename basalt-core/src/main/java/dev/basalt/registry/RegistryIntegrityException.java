package dev.basalt.registry;

/** Content served by a registry, or about to be pushed, does not match the digest or size that names it. */
public final class RegistryIntegrityException extends RegistryException {
  public RegistryIntegrityException(String message) {
    super(message);
  }

  public RegistryIntegrityException(String message, Throwable cause) {
    super(message, cause);
  }
}
