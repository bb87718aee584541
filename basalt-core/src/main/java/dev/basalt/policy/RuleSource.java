package dev.basalt.policy;

import java.nio.file.Path;

/**
 * Where a policy rule was declared, for messages: a line of a spec or policy file, or the
 * built-in default deny list.
 */
public record RuleSource(Path file, int line) {
  /** The rules basalt applies to every image ({@link DefaultDenyList}). */
  public static final RuleSource DEFAULT_DENY_LIST = new RuleSource(null, 0);

  public static RuleSource at(Path file, int line) {
    return new RuleSource(java.util.Objects.requireNonNull(file, "file == null"), line);
  }

  @Override
  public String toString() {
    return file == null ? "default deny list" : file + ":" + line;
  }
}
