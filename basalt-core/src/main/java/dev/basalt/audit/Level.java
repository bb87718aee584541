package dev.basalt.audit;

import java.util.Locale;

/** How serious a finding is; a build or an audit fails on findings at or above its fail level. */
public enum Level {
  INFO, WARN, FATAL;

  /** {@code info}, {@code warn} or {@code fatal}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean atLeast(Level other) {
    return compareTo(other) >= 0;
  }

  /** Parses {@code info|warn|fatal} (case-insensitive); null when it is none of them. */
  public static Level parse(String text) {
    for (Level l : values()) {
      if (l.label().equalsIgnoreCase(text)) {
        return l;
      }
    }
    return null;
  }
}
