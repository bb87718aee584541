package dev.basalt.registry;

/**
 * A registry (or its token server) refused the credentials, or found none where it needs some.
 * The message names the credential source used and the scope asked for, never the secret.
 */
public final class RegistryAuthException extends RegistryException {
  public RegistryAuthException(String message) {
    super(message);
  }
}
