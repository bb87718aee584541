package dev.basalt.policy;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A package name or shell-style glob ({@code fnmatch} without path rules): {@code *} any run of
 * characters, {@code ?} one character, {@code [...]} one of a set or range, {@code [!...]} or
 * {@code [^...]} one not in it. Everything else matches itself, so a plain name is an exact match.
 */
public record PackageGlob(String pattern, Pattern regex) {
  /** What may appear in a glob: Debian package name characters and the glob operators. */
  private static final Pattern ALLOWED = Pattern.compile("[a-z0-9+.\\-*?\\[\\]!^]+");

  public PackageGlob {
    Objects.requireNonNull(pattern, "pattern == null");
    Objects.requireNonNull(regex, "regex == null");
  }

  /** Compiles {@code pattern}; IllegalArgumentException names what is wrong with it. */
  public static PackageGlob of(String pattern) {
    Objects.requireNonNull(pattern, "pattern == null");
    if (!ALLOWED.matcher(pattern).matches()) {
      throw new IllegalArgumentException("'" + pattern + "' is not a package name or glob (lowercase letters,"
          + " digits, '+', '-', '.', and the glob characters '*', '?', '[...]')");
    }
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '*') {
        re.append(".*");
      } else if (c == '?') {
        re.append('.');
      } else if (c == '[') {
        int close = pattern.indexOf(']', i + 2);
        if (close < 0) {
          throw new IllegalArgumentException("'" + pattern + "' has a '[' without its closing ']'");
        }
        String set = pattern.substring(i + 1, close);
        boolean negated = set.startsWith("!") || set.startsWith("^");
        String members = negated ? set.substring(1) : set;
        if (members.isEmpty() || members.contains("[") || members.contains("]")) {
          throw new IllegalArgumentException("'" + pattern + "' has an empty or nested '[...]' set");
        }
        // Members are name characters only ('+' and '.' are literal in a class, '-' makes a range).
        re.append('[').append(negated ? "^" : "").append(members).append(']');
        i = close;
      } else if (c == ']' || c == '!' || c == '^') {
        throw new IllegalArgumentException("'" + pattern + "' has a stray '" + c + "' outside '[...]'");
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    try {
      return new PackageGlob(pattern, Pattern.compile(re.toString()));
    } catch (java.util.regex.PatternSyntaxException e) {
      throw new IllegalArgumentException("'" + pattern + "' has an invalid '[...]' range");
    }
  }

  public boolean matches(String packageName) {
    return regex.matcher(packageName).matches();
  }

  @Override
  public String toString() {
    return pattern;
  }
}
