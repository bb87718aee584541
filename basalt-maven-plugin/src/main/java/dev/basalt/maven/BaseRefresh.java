package dev.basalt.maven;

import dev.basalt.layer.LayerEnvironment;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The plugin's {@code baseRefresh}: how long a preset base's last resolution against its archive
 * stands before the next build resolves it again. {@code 0} resolves on every build; a number
 * with {@code s}, {@code m}, {@code h} or {@code d}, or an ISO-8601 duration ({@code PT30M}),
 * waits that long. Maven's {@code -U} resolves now whatever the value; offline ({@code -o})
 * never resolves and uses the base last built.
 */
final class BaseRefresh {
  private static final Pattern SHORT = Pattern.compile("(\\d{1,9})([smhd])");

  private BaseRefresh() {}

  static LayerEnvironment.PresetRefresh of(String value, boolean offline, boolean update) {
    Duration maxAge = update ? Duration.ZERO : parse(value);
    return new LayerEnvironment.PresetRefresh(maxAge, offline);
  }

  /** IllegalArgumentException says why a value is bad. */
  static Duration parse(String value) {
    String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    if (v.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = SHORT.matcher(v);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
    try {
      Duration d = Duration.parse(v.toUpperCase(Locale.ROOT));
      if (!d.isNegative()) {
        return d;
      }
    } catch (DateTimeParseException e) {
      // reported below
    }
    throw new IllegalArgumentException("baseRefresh '" + value + "' is not a duration: use 0 (resolve on every build),"
        + " a number with s, m, h or d (30m, 1h), or ISO-8601 (PT30M)");
  }
}
