package dev.basalt.vuln;

import dev.basalt.BasaltException;

/**
 * An advisory database that cannot be used: missing, not a directory or zip, or holding a
 * malformed OSV record (the message names the file and the JSON location at fault).
 */
public final class VulnDbException extends BasaltException {
  public VulnDbException(String message) {
    super(message);
  }

  public VulnDbException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public int exitCode() {
    return EXIT_USAGE;
  }
}
