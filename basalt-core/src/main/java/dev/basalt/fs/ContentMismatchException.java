package dev.basalt.fs;

import java.io.IOException;

/**
 * A regular file's bytes did not match the size or digest its {@link Content} promises, found
 * while writing them out; nothing written from such bytes may be used.
 */
public final class ContentMismatchException extends IOException {
  private final String path;

  public ContentMismatchException(String path, String message) {
    super(path + ": " + message);
    this.path = path;
  }

  /** The tree path of the file whose content was wrong. */
  public String path() {
    return path;
  }
}
