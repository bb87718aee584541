package dev.basalt.vuln;

import java.util.Locale;

/**
 * A finding's severity, in the bands CVSS v3 and v4 share (none 0.0, low 0.1–3.9, medium 4.0–6.9,
 * high 7.0–8.9, critical 9.0–10.0), or unknown when the record says nothing usable.
 */
public enum Level {
  NONE, LOW, MEDIUM, HIGH, CRITICAL, UNKNOWN;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The band of a CVSS base score. */
  public static Level ofScore(double score) {
    if (score == 0.0) {
      return NONE;
    }
    if (score < 4.0) {
      return LOW;
    }
    if (score < 7.0) {
      return MEDIUM;
    }
    return score < 9.0 ? HIGH : CRITICAL;
  }

  /**
   * Whether a finding at this level fails a gate at {@code threshold}. An unknown severity fails
   * every gate: a record that cannot be rated is not thereby harmless (suppress it with VEX).
   */
  public boolean reaches(Level threshold) {
    return this == UNKNOWN || ordinal() >= threshold.ordinal();
  }

  /** A {@code --fail-on} value: low, medium, high or critical; null for anything else. */
  public static Level parseThreshold(String text) {
    for (Level l : new Level[] {LOW, MEDIUM, HIGH, CRITICAL}) {
      if (l.label().equals(text)) {
        return l;
      }
    }
    return null;
  }

  /**
   * A severity word as advisory databases write it ({@code HIGH}, {@code Moderate}, Debian's
   * urgencies {@code low**}, {@code unimportant}); null when it names no level ("not yet assigned").
   */
  public static Level ofWord(String word) {
    if (word == null) {
      return null;
    }
    switch (word.strip().replace("*", "").toLowerCase(Locale.ROOT)) {
      case "critical":
        return CRITICAL;
      case "high":
      case "important":
        return HIGH;
      case "medium":
      case "moderate":
        return MEDIUM;
      case "low":
      case "unimportant":
      case "negligible":
        return LOW;
      default:
        return null;
    }
  }
}
