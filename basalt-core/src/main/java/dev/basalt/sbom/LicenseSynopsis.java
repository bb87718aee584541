package dev.basalt.sbom;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The synopsis of a copyright file's License field (its first line) as an SPDX expression: a
 * license, a license with an exception, or AND/OR of those, each name mapped by
 * {@link DebianLicenses}.
 */
sealed interface LicenseSynopsis {
  /** The operands of a top-level AND, or this alone. */
  default List<LicenseSynopsis> conjuncts() {
    return this instanceof All all ? all.operands() : List.of(this);
  }

  String render();

  /** Rendered to stand beside others: compound expressions in parentheses. */
  default String renderAsOperand() {
    return this instanceof Term ? render() : "(" + render() + ")";
  }

  /** One license, with an exception if it has one: {@code GPL-2.0-only WITH Linux-syscall-note}. */
  record Term(String spdx) implements LicenseSynopsis {
    @Override
    public String render() {
      return spdx;
    }
  }

  record All(List<LicenseSynopsis> operands) implements LicenseSynopsis {
    @Override
    public String render() {
      List<String> parts = new ArrayList<>();
      operands.forEach(o -> parts.add(o.renderAsOperand()));
      return String.join(" AND ", parts);
    }
  }

  record Any(List<LicenseSynopsis> operands) implements LicenseSynopsis {
    @Override
    public String render() {
      List<String> parts = new ArrayList<>();
      operands.forEach(o -> parts.add(o.renderAsOperand()));
      return String.join(" OR ", parts);
    }
  }

  /**
   * The format's clause 7.2: {@code or} chooses, {@code and} combines and binds tighter, unless
   * a comma precedes it ({@code A or B, and C} is {@code (A or B) and C});
   * {@code <name> with <keyword> exception} adds an exception to one license.
   */
  static Optional<LicenseSynopsis> parse(String synopsis) {
    List<List<List<LicenseSynopsis>>> groups = new ArrayList<>();
    List<List<LicenseSynopsis>> alternatives = new ArrayList<>();
    List<LicenseSynopsis> conjuncts = new ArrayList<>();
    String[] tokens = synopsis.strip().split("\\s+");
    boolean expectTerm = true;
    boolean comma = false;
    for (int i = 0; i < tokens.length; i++) {
      String token = tokens[i];
      String word = token.toLowerCase(Locale.ROOT);
      if (expectTerm) {
        if (token.isEmpty() || word.equals("and") || word.equals("or") || word.equals("with")) {
          return Optional.empty();
        }
        boolean trailingComma = token.endsWith(",");
        String name = trailingComma ? token.substring(0, token.length() - 1) : token;
        Optional<String> id = DebianLicenses.license(name);
        String exception = null;
        if (!trailingComma && i + 1 < tokens.length && tokens[i + 1].equalsIgnoreCase("with")) {
          if (i + 3 >= tokens.length || !tokens[i + 3].toLowerCase(Locale.ROOT).matches("exception,?")) {
            return Optional.empty();
          }
          Optional<String> e = DebianLicenses.exception(tokens[i + 2]);
          if (e.isEmpty()) {
            return Optional.empty();
          }
          exception = e.get();
          trailingComma = tokens[i + 3].endsWith(",");
          i += 3;
        }
        if (id.isEmpty() || (exception != null && id.get().startsWith("LicenseRef-"))) {
          return Optional.empty();
        }
        conjuncts.add(new Term(exception == null ? id.get() : id.get() + " WITH " + exception));
        comma = trailingComma;
        expectTerm = false;
      } else if (word.equals("and") && comma) {
        alternatives.add(conjuncts);
        groups.add(alternatives);
        alternatives = new ArrayList<>();
        conjuncts = new ArrayList<>();
        expectTerm = true;
      } else if (word.equals("and")) {
        expectTerm = true;
      } else if (word.equals("or")) {
        alternatives.add(conjuncts);
        conjuncts = new ArrayList<>();
        expectTerm = true;
      } else {
        return Optional.empty();
      }
    }
    if (expectTerm || comma) {
      return Optional.empty();
    }
    alternatives.add(conjuncts);
    groups.add(alternatives);
    List<LicenseSynopsis> all = new ArrayList<>();
    for (List<List<LicenseSynopsis>> group : groups) {
      List<LicenseSynopsis> any = new ArrayList<>();
      for (List<LicenseSynopsis> and : group) {
        any.add(and.size() == 1 ? and.get(0) : new All(List.copyOf(and)));
      }
      LicenseSynopsis g = any.size() == 1 ? any.get(0) : new Any(List.copyOf(any));
      all.addAll(g.conjuncts());
    }
    return Optional.of(all.size() == 1 ? all.get(0) : new All(List.copyOf(all)));
  }
}
