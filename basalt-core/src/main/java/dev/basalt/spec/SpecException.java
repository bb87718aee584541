package dev.basalt.spec;

import dev.basalt.BasaltException;
import java.nio.file.Path;

/** A spec is malformed or asks for something impossible; the message names file, line and key. */
public final class SpecException extends BasaltException {
  private final Path file;
  private final int line;

  public SpecException(Path file, int line, String message) {
    super(file + (line > 0 ? ":" + line : "") + ": " + message);
    this.file = file;
    this.line = line;
  }

  public SpecException(String message) {
    super(message);
    this.file = null;
    this.line = 0;
  }

  public Path file() {
    return file;
  }

  /** 1-based line, or 0 when unknown. */
  public int line() {
    return line;
  }

  @Override
  public int exitCode() {
    return EXIT_USAGE;
  }
}
