package dev.basalt.effects;

/** The spec's {@code accounts: run-as} names an account the image does not have. */
public final class UnknownAccountException extends EffectException {
  public UnknownAccountException(String message) {
    super(message);
  }

  @Override
  public int exitCode() {
    return EXIT_USAGE;
  }
}
