package dev.basalt.debian;

/**
 * A deb822 file (control file, Packages, Release, .sources) is malformed; the message names the
 * source and the 1-based line so the broken file can be found and fixed or re-fetched.
 */
public class Deb822Exception extends ArchiveException {
  private final String source;
  private final int line;

  public Deb822Exception(String source, int line, String problem) {
    super(source + ":" + line + ": " + problem);
    this.source = source;
    this.line = line;
  }

  /** The file or URL the text came from, as the caller named it. */
  public String source() {
    return source;
  }

  /** The 1-based line number of the offending line. */
  public int line() {
    return line;
  }
}
