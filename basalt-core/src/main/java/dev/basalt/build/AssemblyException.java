package dev.basalt.build;

import dev.basalt.BasaltException;

/** Packages cannot be laid into one file tree: two ship the same path without a Replaces. */
public final class AssemblyException extends BasaltException {
  public AssemblyException(String message) {
    super(message);
  }
}
