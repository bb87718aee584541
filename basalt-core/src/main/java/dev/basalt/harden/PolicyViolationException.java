package dev.basalt.harden;

/**
 * The spec asks for something the policy forbids (a shell, a package manager, running as
 * root); the message names the package and path, and the {@code harden:} key that allows it.
 * A usage error: the spec has to change, not the world.
 */
public final class PolicyViolationException extends HardenException {
  private final String key;

  public PolicyViolationException(String key, String message) {
    super(message);
    this.key = key;
  }

  /** The {@code harden:} key that would allow what was found, e.g. {@code allow-shell}. */
  public String key() {
    return key;
  }

  @Override
  public int exitCode() {
    return EXIT_USAGE;
  }
}
