package dev.basalt.debian;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Parses relationship fields (Policy 7.1): Depends, Pre-Depends, Recommends, Provides,
 * Conflicts, Breaks, Replaces and the source package Build-Depends family.
 *
 * <p>Each relation is {@code name[:archqual] [(op version)] [[arch list]] [<profiles> ...]}.
 * Architecture restriction lists and build profiles (Policy 7.1, BuildProfileSpec) are only
 * valid in source package fields; they are checked for syntax and dropped, since binary
 * packages, which is what basalt installs, never carry them. Whitespace, newlines included, may
 * appear between any tokens. Empty groups, as a trailing comma in debian/control leaves, are
 * skipped; an empty alternative is an error.
 */
public final class RelationParser {

  private RelationParser() {}

  /**
   * Parses a field of comma-separated groups of '|'-separated alternatives, e.g. Depends.
   *
   * @throws IllegalArgumentException naming the malformed relation and what is wrong with it
   */
  public static List<List<Relation>> parseGroups(String field) {
    Objects.requireNonNull(field, "field == null");
    List<List<Relation>> groups = new ArrayList<>();
    int start = 0;
    while (start <= field.length()) {
      int comma = field.indexOf(',', start);
      int end = comma < 0 ? field.length() : comma;
      if (!isBlank(field, start, end)) {
        groups.add(parseAlternatives(field, start, end));
      }
      start = end + 1;
    }
    return Collections.unmodifiableList(groups);
  }

  /**
   * Parses a comma-separated field without alternatives, e.g. Provides or Built-Using.
   *
   * @throws IllegalArgumentException naming the malformed relation, or if it has a '|'
   */
  public static List<Relation> parseList(String field) {
    Objects.requireNonNull(field, "field == null");
    int bar = field.indexOf('|');
    if (bar >= 0) {
      throw new IllegalArgumentException("Alternatives ('|') are not allowed in \""
          + field.strip() + "\"");
    }
    List<Relation> relations = new ArrayList<>();
    for (List<Relation> group : parseGroups(field)) {
      relations.add(group.get(0));
    }
    return Collections.unmodifiableList(relations);
  }

  /**
   * Parses a single relation such as {@code libssl3 (>= 3.0.0)}.
   *
   * @throws IllegalArgumentException if it is malformed
   */
  public static Relation parse(String relation) {
    Objects.requireNonNull(relation, "relation == null");
    return new Cursor(relation.strip()).relation();
  }

  private static List<Relation> parseAlternatives(String field, int start, int end) {
    List<Relation> alternatives = new ArrayList<>(1);
    int from = start;
    while (from <= end) {
      int bar = field.indexOf('|', from);
      int to = bar < 0 || bar > end ? end : bar;
      String text = field.substring(from, to).strip();
      if (text.isEmpty()) {
        throw new IllegalArgumentException("Empty alternative in \""
            + field.substring(start, end).strip() + "\"");
      }
      alternatives.add(new Cursor(text).relation());
      from = to + 1;
    }
    return alternatives.size() == 1 ? List.of(alternatives.get(0))
        : Collections.unmodifiableList(alternatives);
  }

  private static boolean isBlank(String s, int start, int end) {
    for (int i = start; i < end; i++) {
      if (!Character.isWhitespace(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** Reads one relation, already stripped of surrounding whitespace, left to right. */
  private static final class Cursor {
    private final String text;
    private int pos;

    Cursor(String text) {
      this.text = text;
    }

    Relation relation() {
      String name = token();
      if (name.isEmpty()) {
        throw malformed("expected a package name");
      }
      String archQualifier = null;
      if (peek() == ':') {
        pos++;
        archQualifier = token();
        if (archQualifier.isEmpty()) {
          throw malformed("expected an architecture qualifier after ':'");
        }
      }
      skipWhitespace();
      Relation.Op op = null;
      DebianVersion version = null;
      if (peek() == '(') {
        int close = closing('(', ')');
        String constraint = text.substring(pos + 1, close).strip();
        int opEnd = 0;
        while (opEnd < constraint.length() && "<=>".indexOf(constraint.charAt(opEnd)) >= 0) {
          opEnd++;
        }
        if (opEnd == 0) {
          throw malformed("expected an operator (<<, <=, =, >=, >>) after '('");
        }
        String versionText = constraint.substring(opEnd).strip();
        if (versionText.isEmpty()) {
          throw malformed("expected a version after " + constraint.substring(0, opEnd));
        }
        try {
          op = Relation.Op.fromSymbol(constraint.substring(0, opEnd));
          version = DebianVersion.parse(versionText);
        } catch (IllegalArgumentException e) {
          throw malformed(e.getMessage());
        }
        pos = close + 1;
        skipWhitespace();
      }
      if (peek() == '[') {
        checkRestrictions(closing('[', ']'), "architecture");
        skipWhitespace();
      }
      while (peek() == '<') {
        checkRestrictions(closing('<', '>'), "build profile");
        skipWhitespace();
      }
      if (pos < text.length()) {
        throw malformed("unexpected \"" + text.substring(pos) + "\"");
      }
      try {
        return new Relation(name, archQualifier, op, version);
      } catch (IllegalArgumentException e) {
        throw malformed(e.getMessage());
      }
    }

    /** A name or qualifier: everything up to whitespace or the next piece of syntax. */
    private String token() {
      int start = pos;
      while (pos < text.length()) {
        char c = text.charAt(pos);
        if (Character.isWhitespace(c) || c == ':' || c == '(' || c == '[' || c == '<') {
          break;
        }
        pos++;
      }
      return text.substring(start, pos);
    }

    /**
     * Checks a restriction list, {@code [amd64 !i386]} or {@code <!nocheck cross>}: one or more
     * terms, each an optionally negated name. Moves past the list.
     */
    private void checkRestrictions(int close, String what) {
      String list = text.substring(pos + 1, close).strip();
      if (list.isEmpty()) {
        throw malformed("empty " + what + " list");
      }
      for (String term : list.split("\\s+")) {
        String name = term.startsWith("!") ? term.substring(1) : term;
        if (!isRestrictionName(name)) {
          throw malformed("invalid " + what + " \"" + term + "\"");
        }
      }
      pos = close + 1;
    }

    private int closing(char open, char close) {
      int at = text.indexOf(close, pos + 1);
      if (at < 0) {
        throw malformed("'" + open + "' without '" + close + "'");
      }
      return at;
    }

    private char peek() {
      return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipWhitespace() {
      while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
        pos++;
      }
    }

    private IllegalArgumentException malformed(String why) {
      return new IllegalArgumentException("Malformed relation \"" + text + "\": " + why);
    }

    private static boolean isRestrictionName(String s) {
      if (s.isEmpty()) {
        return false;
      }
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
            || c == '+';
        if (!ok) {
          return false;
        }
      }
      return true;
    }
  }
}
