package dev.basalt.fs;

import java.io.IOException;

/**
 * A compressed input expands past its {@link ExpansionLimit}, or the limit is misconfigured. An
 * {@link IOException} because it surfaces from inside decompressing streams; callers that catch
 * I/O errors should report its message as it is (it names the input and the limit), not as
 * corruption.
 */
public final class ExpansionLimitException extends IOException {
  public ExpansionLimitException(String message) {
    super(message);
  }
}
