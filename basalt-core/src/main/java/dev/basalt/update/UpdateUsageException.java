package dev.basalt.update;

import dev.basalt.BasaltException;

/** What was asked cannot be checked as given; the message says what to pass instead. */
public final class UpdateUsageException extends BasaltException {
  public UpdateUsageException(String message) {
    super(message);
  }

  @Override
  public int exitCode() {
    return EXIT_USAGE;
  }
}
