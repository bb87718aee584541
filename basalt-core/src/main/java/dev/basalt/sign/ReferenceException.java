package dev.basalt.sign;

/**
 * The repository a signature payload names ({@code docker-reference}) is missing or not a
 * repository name. The user must name one, hence a usage error.
 */
public final class ReferenceException extends SignException {
  public ReferenceException(String message) {
    super(message);
  }

  @Override
  public int exitCode() {
    return EXIT_USAGE;
  }
}
