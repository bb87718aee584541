package dev.basalt.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which denied licenses an SPDX license expression requires. {@code A OR B} lets the user take
 * either, so it requires a denied license only when both alternatives do; {@code A AND B}
 * requires both; {@code A WITH E} requires {@code A}. Identifiers compare case-insensitively, as
 * SPDX specifies; the operators are upper case, as basalt writes them.
 */
public final class LicenseExpressions {
  private static final Pattern TOKEN = Pattern.compile("\\s*(\\(|\\)|[A-Za-z0-9.+:\\-]+)");

  private LicenseExpressions() {}

  /**
   * The denied identifiers that every way of complying with {@code expression} accepts, in
   * sorted order; empty when the expression can be met without a denied license.
   *
   * @throws IllegalArgumentException when {@code expression} is not an SPDX license expression
   */
  public static Set<String> requiredDenied(String expression, Set<String> denied) {
    Set<String> deniedLower = new TreeSet<>();
    denied.forEach(d -> deniedLower.add(d.toLowerCase(Locale.ROOT)));
    Parser p = new Parser(tokens(expression), expression, deniedLower);
    Set<String> out = p.or();
    if (p.pos != p.tokens.size()) {
      throw p.error("unexpected '" + p.tokens.get(p.pos) + "'");
    }
    return out;
  }

  private static List<String> tokens(String expression) {
    List<String> out = new ArrayList<>();
    Matcher m = TOKEN.matcher(expression);
    int at = 0;
    while (at < expression.length() && m.find(at) && m.start() == at) {
      out.add(m.group(1));
      at = m.end();
    }
    if (!expression.substring(at).isBlank()) {
      throw new IllegalArgumentException("not an SPDX license expression: '" + expression + "'");
    }
    return out;
  }

  private static final class Parser {
    private final List<String> tokens;
    private final String text;
    private final Set<String> deniedLower;
    private int pos;

    Parser(List<String> tokens, String text, Set<String> deniedLower) {
      this.tokens = tokens;
      this.text = text;
      this.deniedLower = deniedLower;
    }

    Set<String> or() {
      Set<String> all = new TreeSet<>();
      boolean everyAlternativeDenied = true;
      do {
        Set<String> alternative = and();
        everyAlternativeDenied &= !alternative.isEmpty();
        all.addAll(alternative);
      } while (accept("OR"));
      return everyAlternativeDenied ? all : new TreeSet<>();
    }

    Set<String> and() {
      Set<String> all = new TreeSet<>(term());
      while (accept("AND")) {
        all.addAll(term());
      }
      return all;
    }

    Set<String> term() {
      if (accept("(")) {
        Set<String> inner = or();
        if (!accept(")")) {
          throw error("missing ')'");
        }
        return inner;
      }
      String license = identifier();
      Set<String> out = new TreeSet<>();
      if (accept("WITH")) {
        identifier();
      }
      if (deniedLower.contains(license.toLowerCase(Locale.ROOT))) {
        out.add(license);
      }
      return out;
    }

    private String identifier() {
      if (pos >= tokens.size()) {
        throw error("it ends where a license identifier should follow");
      }
      String t = tokens.get(pos);
      if (t.equals("(") || t.equals(")") || t.equals("AND") || t.equals("OR") || t.equals("WITH")) {
        throw error("'" + t + "' where a license identifier should be");
      }
      pos++;
      return t;
    }

    private boolean accept(String token) {
      if (pos < tokens.size() && tokens.get(pos).equals(token)) {
        pos++;
        return true;
      }
      return false;
    }

    IllegalArgumentException error(String what) {
      return new IllegalArgumentException("not an SPDX license expression: '" + text + "': " + what);
    }
  }
}
