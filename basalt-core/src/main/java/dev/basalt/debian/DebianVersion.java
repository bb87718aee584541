package dev.basalt.debian;

import java.util.Objects;

/**
 * A Debian package version, {@code [epoch:]upstream_version[-debian_revision]}, ordered exactly
 * as dpkg orders versions (Debian Policy 5.6.12).
 *
 * <p>{@code text} is the version as written, so {@link #toString()} gives back {@code 0:1.0} or
 * {@code 1.0} as the archive spelled it. Equality follows {@link #compareTo}, not spelling: dpkg
 * treats {@code 1.0}, {@code 1.00}, {@code 0:1.0} and {@code 1.0-0} as the same version, and a
 * resolver that disagreed with dpkg about equality would pick packages dpkg considers identical.
 *
 * <p>Validation is dpkg's where dpkg refuses a version (empty parts, a bad or oversized epoch,
 * embedded whitespace, an empty revision after a hyphen) and where dpkg only warns about an
 * upstream version that does not start with a digit, this class accepts it too: dpkg's own test
 * data uses such versions and old archives carry them. Characters outside Policy's sets are
 * rejected even though dpkg only warns about them, because several of them ({@code ( ) , | [ ]
 * < >}) delimit relation fields and would let a malformed {@code Depends} parse as valid.
 */
public record DebianVersion(int epoch, String upstream, String revision, String text)
    implements Comparable<DebianVersion> {

  /** Characters Policy allows in upstream_version besides ASCII letters and digits. */
  private static final String UPSTREAM_PUNCTUATION = ".+~-:";
  /** Characters Policy allows in debian_revision besides ASCII letters and digits. */
  private static final String REVISION_PUNCTUATION = ".+~";

  /**
   * Checks that the parts are valid and that {@code text} spells exactly these parts; use
   * {@link #parse} to build a version from a string.
   */
  public DebianVersion {
    Objects.requireNonNull(upstream, "upstream == null");
    Objects.requireNonNull(revision, "revision == null");
    Objects.requireNonNull(text, "text == null");
    Parts parts = split(text);
    if (parts.epoch != epoch || !parts.upstream.equals(upstream)
        || !parts.revision.equals(revision)) {
      throw new IllegalArgumentException("Version text \"" + text + "\" does not spell epoch "
          + epoch + ", upstream \"" + upstream + "\", revision \"" + revision + "\"");
    }
  }

  /**
   * A version from its parts, spelled canonically: the epoch only when it is not zero (or when
   * the upstream version contains a colon and so needs it), the revision only when not empty.
   */
  public DebianVersion(int epoch, String upstream, String revision) {
    this(epoch, upstream, revision, spell(epoch, upstream, revision));
  }

  /**
   * Parses a version string. Surrounding whitespace is ignored, as dpkg ignores it.
   *
   * @throws IllegalArgumentException if the string is not a valid Debian version
   */
  public static DebianVersion parse(String version) {
    Objects.requireNonNull(version, "version == null");
    String text = version.strip();
    Parts parts = split(text);
    return new DebianVersion(parts.epoch, parts.upstream, parts.revision, text);
  }

  /** Whether this version has a Debian revision, that is, is not a native package version. */
  public boolean hasRevision() {
    return !revision.isEmpty();
  }

  @Override
  public int compareTo(DebianVersion other) {
    if (epoch != other.epoch) {
      return epoch < other.epoch ? -1 : 1;
    }
    int c = compareFragment(upstream, other.upstream);
    if (c != 0) {
      return c;
    }
    return compareFragment(revision, other.revision);
  }

  /** Equal when {@link #compareTo} says so, whatever the spelling. */
  @Override
  public boolean equals(Object o) {
    return o instanceof DebianVersion v && compareTo(v) == 0;
  }

  @Override
  public int hashCode() {
    return 31 * (31 * epoch + fragmentHash(upstream)) + fragmentHash(revision);
  }

  /** The version as it was written. */
  @Override
  public String toString() {
    return text;
  }

  private record Parts(int epoch, String upstream, String revision) {}

  /**
   * Splits and validates like dpkg's parseversion: the epoch ends at the first colon and the
   * revision starts after the last hyphen, so upstream may contain both.
   */
  private static Parts split(String text) {
    if (text.isEmpty()) {
      throw invalid(text, "it is empty");
    }
    for (int i = 0; i < text.length(); i++) {
      if (Character.isWhitespace(text.charAt(i))) {
        throw invalid(text, "it contains whitespace");
      }
    }
    int colon = text.indexOf(':');
    int epoch = colon < 0 ? 0 : parseEpoch(text, colon);
    int hyphen = text.lastIndexOf('-');
    String upstream;
    String revision;
    if (hyphen > colon) {
      upstream = text.substring(colon + 1, hyphen);
      revision = text.substring(hyphen + 1);
      if (revision.isEmpty()) {
        throw invalid(text, "the revision after the last '-' is empty");
      }
    } else {
      upstream = text.substring(colon + 1);
      revision = "";
    }
    if (upstream.isEmpty()) {
      throw invalid(text, "the upstream version is empty");
    }
    checkCharacters(text, upstream, UPSTREAM_PUNCTUATION, "upstream version");
    checkCharacters(text, revision, REVISION_PUNCTUATION, "revision");
    return new Parts(epoch, upstream, revision);
  }

  private static int parseEpoch(String text, int colon) {
    if (colon == 0) {
      throw invalid(text, "the epoch before ':' is empty");
    }
    long value = 0;
    for (int i = 0; i < colon; i++) {
      char c = text.charAt(i);
      if (!isDigit(c)) {
        throw invalid(text, "the epoch \"" + text.substring(0, colon) + "\" is not a number");
      }
      value = value * 10 + (c - '0');
      if (value > Integer.MAX_VALUE) {
        throw invalid(text, "the epoch is larger than " + Integer.MAX_VALUE);
      }
    }
    return (int) value;
  }

  private static void checkCharacters(String text, String part, String punctuation, String what) {
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      if (!isDigit(c) && !isLetter(c) && punctuation.indexOf(c) < 0) {
        throw invalid(text, "the " + what + " contains '" + c
            + "'; only ASCII letters, digits and \"" + punctuation + "\" are allowed");
      }
    }
  }

  private static IllegalArgumentException invalid(String text, String why) {
    return new IllegalArgumentException("Invalid Debian version \"" + text + "\": " + why);
  }

  private static String spell(int epoch, String upstream, String revision) {
    Objects.requireNonNull(upstream, "upstream == null");
    Objects.requireNonNull(revision, "revision == null");
    StringBuilder s = new StringBuilder();
    if (epoch != 0 || upstream.indexOf(':') >= 0) {
      s.append(epoch).append(':');
    }
    s.append(upstream);
    if (!revision.isEmpty()) {
      s.append('-').append(revision);
    }
    return s.toString();
  }

  /**
   * dpkg's verrevcmp: alternating non-digit and digit runs. Non-digit runs compare character by
   * character in {@link #order} (a missing character counts as 0, so '~' sorts before the end of
   * the run); digit runs compare as unbounded integers, done here on the digits themselves so a
   * 30-digit snapshot date cannot overflow.
   */
  static int compareFragment(String a, String b) {
    int i = 0;
    int j = 0;
    int na = a.length();
    int nb = b.length();
    while (i < na || j < nb) {
      while ((i < na && !isDigit(a.charAt(i))) || (j < nb && !isDigit(b.charAt(j)))) {
        int ac = i < na ? order(a.charAt(i)) : 0;
        int bc = j < nb ? order(b.charAt(j)) : 0;
        if (ac != bc) {
          return ac < bc ? -1 : 1;
        }
        i++;
        j++;
      }
      while (i < na && a.charAt(i) == '0') {
        i++;
      }
      while (j < nb && b.charAt(j) == '0') {
        j++;
      }
      int firstDiff = 0;
      while (i < na && j < nb && isDigit(a.charAt(i)) && isDigit(b.charAt(j))) {
        if (firstDiff == 0) {
          firstDiff = a.charAt(i) - b.charAt(j);
        }
        i++;
        j++;
      }
      if (i < na && isDigit(a.charAt(i))) {
        return 1;
      }
      if (j < nb && isDigit(b.charAt(j))) {
        return -1;
      }
      if (firstDiff != 0) {
        return firstDiff < 0 ? -1 : 1;
      }
    }
    return 0;
  }

  /** dpkg's character weight: '~' lowest, then digits and the end, letters, everything else. */
  private static int order(char c) {
    if (isDigit(c)) {
      return 0;
    }
    if (isLetter(c)) {
      return c;
    }
    if (c == '~') {
      return -1;
    }
    return c + 256;
  }

  /**
   * A hash that agrees with {@link #compareFragment} returning 0: non-digit runs count as
   * written, digit runs without leading zeros, and a fragment of only zeros (or none) hashes
   * like the empty one, since "0", "00" and "" compare equal.
   */
  private static int fragmentHash(String s) {
    int h = 0;
    boolean onlyZeros = true;
    int i = 0;
    int n = s.length();
    while (i < n) {
      while (i < n && !isDigit(s.charAt(i))) {
        h = 31 * h + s.charAt(i);
        onlyZeros = false;
        i++;
      }
      h = 31 * h + '|';
      while (i < n && s.charAt(i) == '0') {
        i++;
      }
      while (i < n && isDigit(s.charAt(i))) {
        h = 31 * h + s.charAt(i);
        onlyZeros = false;
        i++;
      }
      h = 31 * h + '|';
    }
    return onlyZeros ? 0 : h;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
