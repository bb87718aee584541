package dev.basalt.audit;

import java.util.List;

/** The human-readable report: one line per finding, grouped by level, and a summary line. */
public final class TextReport {
  private TextReport() {}

  /** Evidence items shown per finding; the JSON and SARIF reports list them all. */
  static final int SHOWN = 8;

  public static String render(List<AuditReport> reports) {
    StringBuilder out = new StringBuilder();
    for (AuditReport r : reports) {
      out.append(r.image()).append(" (").append(r.arch()).append(")\n");
      for (Level level : List.of(Level.FATAL, Level.WARN, Level.INFO)) {
        for (Finding f : r.findings()) {
          if (!f.waived() && f.rule().level() == level) {
            line(out, level.name(), f);
          }
        }
      }
      for (Finding f : r.findings()) {
        if (f.waived()) {
          line(out, "WAIVED", f);
          out.append("        waived by the spec: ").append(f.waiver()).append('\n');
        }
      }
      out.append(summary(r)).append('\n');
    }
    return out.toString();
  }

  /** E.g. "summary: 0 fatal, 1 warn, 3 info, 1 waived, 22 passed; grade B". */
  public static String summary(AuditReport r) {
    return "summary: " + counts(r);
  }

  /** E.g. "0 fatal, 1 warn, 3 info, 1 waived, 22 passed; grade B". */
  public static String counts(AuditReport r) {
    return r.count(Level.FATAL) + " fatal, " + r.count(Level.WARN) + " warn, " + r.count(Level.INFO)
        + " info, " + r.waivedCount() + " waived, " + r.passed() + " passed"
        + (r.ignored().isEmpty() ? "" : ", " + r.ignored().size() + " ignored") + "; grade " + r.grade();
  }

  private static void line(StringBuilder out, String label, Finding f) {
    List<String> ev = f.evidence();
    String shown = String.join(", ", ev.subList(0, Math.min(SHOWN, ev.size())));
    if (ev.size() > SHOWN) {
      shown += ", ... (" + (ev.size() - SHOWN) + " more; --format json lists all)";
    }
    out.append(String.format("  %-6s %-20s %s: %s%n", label, f.rule().id(), f.rule().title(), shown));
  }
}
