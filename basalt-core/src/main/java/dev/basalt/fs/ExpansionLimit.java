package dev.basalt.fs;

import java.util.Map;
import java.util.function.Function;

/**
 * How far a compressed stream from outside (a package member, an index, an image layer) may
 * expand before basalt refuses it as a decompression bomb: at most {@code maxBytes} in all, and
 * past the first {@link #GRACE_BYTES} at most {@code maxRatio} times the compressed bytes read.
 * Real inputs stay far within the defaults: the most compressible package of the shipped presets
 * expands 19-fold, the largest (a JRE) to a few hundred megabytes.
 */
public record ExpansionLimit(long maxBytes, long maxRatio) {
  /** Default total: larger than any package file may be ({@code DebReader.MAX_FILE_SIZE}) twice over. */
  public static final long DEFAULT_MAX_BYTES = 16L << 30;
  /** Default ratio: ten times the most compressible real package; a zero-filled gzip bomb is ~1000:1. */
  public static final long DEFAULT_MAX_RATIO = 200;
  /** Small streams may expand freely: a tiny file of zeros is not an attack, and read-ahead skews the count. */
  public static final long GRACE_BYTES = 16L << 20;
  public static final String RATIO_PROPERTY = "basalt.maxExpansionRatio";
  public static final String BYTES_PROPERTY = "basalt.maxUnpackedBytes";
  public static final String RATIO_ENV = "BASALT_MAX_EXPANSION_RATIO";
  public static final String BYTES_ENV = "BASALT_MAX_UNPACKED_BYTES";
  public static final ExpansionLimit DEFAULT = new ExpansionLimit(DEFAULT_MAX_BYTES, DEFAULT_MAX_RATIO);

  public ExpansionLimit {
    if (maxBytes <= 0 || maxRatio <= 0) {
      throw new IllegalArgumentException("limits must be positive: " + maxBytes + " bytes, ratio " + maxRatio);
    }
  }

  /** The limit in force: system properties first, then the environment, then the defaults. */
  public static ExpansionLimit configured() throws ExpansionLimitException {
    return from(System::getProperty, System.getenv());
  }

  static ExpansionLimit from(Function<String, String> properties, Map<String, String> env)
      throws ExpansionLimitException {
    return new ExpansionLimit(
        setting(properties, env, BYTES_PROPERTY, BYTES_ENV, DEFAULT_MAX_BYTES),
        setting(properties, env, RATIO_PROPERTY, RATIO_ENV, DEFAULT_MAX_RATIO));
  }

  private static long setting(Function<String, String> properties, Map<String, String> env, String property,
      String variable, long fallback) throws ExpansionLimitException {
    String name = "-D" + property;
    String text = properties.apply(property);
    if (text == null) {
      name = variable;
      text = env.get(variable);
    }
    if (text == null || text.isBlank()) {
      return fallback;
    }
    try {
      long value = Long.parseLong(text.strip());
      if (value > 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below with the setting's name
    }
    throw new ExpansionLimitException(name + "='" + text + "' is not a positive whole number");
  }

  /** How to raise the limit, for error messages. */
  static String howToRaise() {
    return "if the input is genuine, raise the limit with " + BYTES_ENV + " / " + RATIO_ENV
        + " (or -D" + BYTES_PROPERTY + " / -D" + RATIO_PROPERTY + ")";
  }
}
