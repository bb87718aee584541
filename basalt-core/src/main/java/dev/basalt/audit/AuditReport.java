package dev.basalt.audit;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The findings for one image and architecture. {@code passed} counts the rules that were
 * applied and found nothing; {@code ignored} are the rule ids the caller switched off.
 */
public record AuditReport(String image, String arch, List<Finding> findings, int passed, Set<String> ignored) {
  public AuditReport {
    Objects.requireNonNull(image, "image == null");
    Objects.requireNonNull(arch, "arch == null");
    findings = List.copyOf(findings);
    ignored = Set.copyOf(ignored);
  }

  /** Findings at {@code level} that no waiver covers. */
  public long count(Level level) {
    return findings.stream().filter(f -> !f.waived() && f.rule().level() == level).count();
  }

  public long waivedCount() {
    return findings.stream().filter(Finding::waived).count();
  }

  /** The findings, not waived, at or above {@code failLevel}: what makes an audit or a build fail. */
  public List<Finding> failing(Level failLevel) {
    return findings.stream().filter(f -> !f.waived() && f.rule().level().atLeast(failLevel)).toList();
  }

  /**
   * A letter for the whole: A without fatal or warn findings, B with one or two warnings, C with
   * more, D with one fatal finding, F with several. Waived findings do not count; info never does.
   */
  public String grade() {
    long fatal = count(Level.FATAL);
    long warn = count(Level.WARN);
    if (fatal > 1) {
      return "F";
    }
    if (fatal == 1) {
      return "D";
    }
    if (warn > 2) {
      return "C";
    }
    return warn > 0 ? "B" : "A";
  }
}
