package dev.basalt.audit;

import java.util.List;
import java.util.Objects;

/**
 * One hardening rule: a stable {@code id} (what {@code --ignore} and a spec's {@code audit.waive}
 * name), its level, a one-line title, why it matters, what to do, and the benchmark and tool
 * controls it corresponds to (CIS Docker Benchmark, NIST SP 800-190, Dockle, Kubernetes Pod
 * Security Standards).
 */
public record Rule(String id, Level level, String title, String rationale, String remediation, List<String> references) {
  public Rule {
    Objects.requireNonNull(id, "id == null");
    Objects.requireNonNull(level, "level == null");
    Objects.requireNonNull(title, "title == null");
    Objects.requireNonNull(rationale, "rationale == null");
    Objects.requireNonNull(remediation, "remediation == null");
    references = List.copyOf(references);
  }

  // Written out rather than generated (linked through invokedynamic on first use, costly in a
  // fresh JVM): rules are map keys in every audit.
  @Override
  public boolean equals(Object o) {
    return o instanceof Rule r && id.equals(r.id) && level == r.level && title.equals(r.title)
        && rationale.equals(r.rationale) && remediation.equals(r.remediation) && references.equals(r.references);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, level, title, rationale, remediation, references);
  }
}
