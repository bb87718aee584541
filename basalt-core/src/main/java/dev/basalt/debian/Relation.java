package dev.basalt.debian;

import java.util.Objects;

/**
 * One package named in a relationship field (Policy 7.1), such as {@code libc6 (>= 2.36)} or
 * {@code python3:any}: a name, an optional architecture qualifier and an optional version
 * constraint. Architecture restriction lists and build profiles are not kept; see
 * {@link RelationParser}.
 *
 * @param archQualifier null when absent, else "any", "native" or an architecture name
 * @param op null for an unversioned relation, in which case {@code version} is null too
 */
public record Relation(String name, String archQualifier, Op op, DebianVersion version) {

  /** A version relation operator, with the symbols Policy 7.1 uses. */
  public enum Op {
    LT("<<"),
    LE("<="),
    EQ("="),
    GE(">="),
    GT(">>");

    private final String symbol;

    Op(String symbol) {
      this.symbol = symbol;
    }

    /** The operator as written in a control file. */
    public String symbol() {
      return symbol;
    }

    /**
     * Whether a comparison result satisfies the operator, where {@code cmp} is the candidate
     * version compared to the relation's version ({@code candidate.compareTo(version)}).
     */
    public boolean test(int cmp) {
      return switch (this) {
        case LT -> cmp < 0;
        case LE -> cmp <= 0;
        case EQ -> cmp == 0;
        case GE -> cmp >= 0;
        case GT -> cmp > 0;
      };
    }

    /**
     * The operator for a symbol. The obsolete {@code <} and {@code >} mean {@code <=} and
     * {@code >=}, as Policy 7.1 still requires them to be read.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static Op fromSymbol(String symbol) {
      return switch (symbol) {
        case "<<" -> LT;
        case "<=", "<" -> LE;
        case "=" -> EQ;
        case ">=", ">" -> GE;
        case ">>" -> GT;
        default -> throw new IllegalArgumentException("Unknown version relation operator \""
            + symbol + "\"; expected <<, <=, =, >= or >>");
      };
    }
  }

  public Relation {
    Objects.requireNonNull(name, "name == null");
    if (!isPackageName(name)) {
      throw new IllegalArgumentException("Invalid package name \"" + name
          + "\": Policy 5.6.1 allows a-z, 0-9, '+', '-' and '.', at least two characters,"
          + " starting with a letter or digit");
    }
    if (archQualifier != null && !isArchitecture(archQualifier)) {
      throw new IllegalArgumentException("Invalid architecture qualifier \"" + archQualifier
          + "\" on " + name + ": expected any, native or an architecture name");
    }
    if ((op == null) != (version == null)) {
      throw new IllegalArgumentException("Relation on " + name
          + " needs both an operator and a version, or neither");
    }
  }

  /** An unversioned relation on any architecture's package of that name. */
  public static Relation unversioned(String name) {
    return new Relation(name, null, null, null);
  }

  /** Whether this relation constrains the version. */
  public boolean isVersioned() {
    return op != null;
  }

  /** Whether a package of this name at {@code candidate} satisfies the version constraint. */
  public boolean satisfiedBy(DebianVersion candidate) {
    Objects.requireNonNull(candidate, "candidate == null");
    return op == null || op.test(candidate.compareTo(version));
  }

  /** The relation in control-file syntax, e.g. {@code libc6:amd64 (>= 2.36)}. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(name);
    if (archQualifier != null) {
      s.append(':').append(archQualifier);
    }
    if (op != null) {
      s.append(" (").append(op.symbol()).append(' ').append(version).append(')');
    }
    return s.toString();
  }

  static boolean isPackageName(String s) {
    if (s.length() < 2 || !isLowerAlnum(s.charAt(0))) {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!isLowerAlnum(c) && c != '+' && c != '-' && c != '.') {
        return false;
      }
    }
    return true;
  }

  static boolean isArchitecture(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!isLowerAlnum(c) && c != '-') {
        return false;
      }
    }
    return true;
  }

  private static boolean isLowerAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }
}
