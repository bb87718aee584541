package dev.basalt.registry;

/** A malformed registry reference ({@code docker://HOST[:PORT]/REPO[:TAG|@DIGEST]}): a usage error. */
public final class ReferenceException extends RegistryException {
  public ReferenceException(String message) {
    super(message);
  }

  @Override
  public int exitCode() {
    return EXIT_USAGE;
  }
}
