package dev.basalt.vuln;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The scan as text: a heading per platform, one line per finding, a summary line of counts. */
public final class ScanTextReport {
  private ScanTextReport() {}

  public static String render(List<ScanReport> reports) {
    StringBuilder out = new StringBuilder();
    for (ScanReport r : reports) {
      out.append(r.image()).append(" (").append(r.arch()).append("), ")
          .append(r.release() == null ? "Debian release unknown (only records for plain \"Debian\" match)"
              : "Debian " + r.release())
          .append(": ").append(r.packages()).append(" packages against ").append(r.records()).append(" records\n");
      for (VulnFinding f : r.findings()) {
        out.append(line(f)).append('\n');
      }
      out.append(summary(r)).append('\n');
    }
    return out.toString();
  }

  static String line(VulnFinding f) {
    StringBuilder b = new StringBuilder("  ");
    b.append(String.format(Locale.ROOT, "%-8s", f.level().label().toUpperCase(Locale.ROOT)));
    b.append(' ').append(f.id()).append(' ').append(f.pkg()).append(' ').append(f.version());
    if (!f.source().equals(f.pkg())) {
      b.append(" (source ").append(f.source()).append(' ').append(f.sourceVersion()).append(')');
    }
    b.append(f.fixed() == null ? ", no fix known" : ", fixed in " + f.fixed());
    if (f.score() != null) {
      b.append(String.format(Locale.ROOT, ", %.1f %s", f.score(), f.rating()));
    } else if (f.rating() != null) {
      b.append(", from ").append(f.rating());
    }
    if (!f.aliases().isEmpty()) {
      b.append(", aliases ").append(String.join(" ", f.aliases()));
    }
    VulnFinding.Disposition d = f.disposition();
    if (d != null) {
      b.append(" [").append(d.origin().equals(VulnFinding.Disposition.BASALT) ? "not applicable" : "suppressed")
          .append(": ").append(d.status()).append(", ").append(d.justification())
          .append(d.origin().equals(VulnFinding.Disposition.BASALT) ? "" : " (" + d.origin() + ")")
          .append(d.detail() == null ? "" : ": " + d.detail()).append(']');
    }
    return b.toString();
  }

  /** {@code 1 critical, 0 high, 2 medium, 0 low, 0 none, 1 unknown; 3 not applicable or suppressed}. */
  public static String summary(ScanReport r) {
    Map<Level, Integer> counts = r.counts();
    List<String> parts = new ArrayList<>();
    for (Level l : List.of(Level.CRITICAL, Level.HIGH, Level.MEDIUM, Level.LOW, Level.NONE, Level.UNKNOWN)) {
      parts.add(counts.get(l) + " " + l.label());
    }
    return "vulnerabilities: " + String.join(", ", parts) + "; " + r.notApplying() + " not applicable or suppressed";
  }
}
