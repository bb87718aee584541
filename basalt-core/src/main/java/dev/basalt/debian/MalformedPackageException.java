package dev.basalt.debian;

import java.nio.file.Path;

/**
 * A {@code .deb} file is not a well-formed, safe Debian binary package: the message names the
 * file, the member or entry at fault and what is wrong with it.
 */
public final class MalformedPackageException extends ArchiveException {
  private final Path deb;

  public MalformedPackageException(Path deb, String problem) {
    super("package file " + deb + ": " + problem);
    this.deb = deb;
  }

  public MalformedPackageException(Path deb, String problem, Throwable cause) {
    super("package file " + deb + ": " + problem, cause);
    this.deb = deb;
  }

  /** The package file that was refused. */
  public Path deb() {
    return deb;
  }
}
