package dev.basalt.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A rule that an image breaks, with the evidence (absolute paths, config keys; never a secret's
 * value). {@code waiver} is the spec's reason when the spec deliberately allows it, else null.
 */
public record Finding(Rule rule, List<String> evidence, String waiver) {
  /** Evidence lists longer than this end with a count of the rest. */
  public static final int MAX_EVIDENCE = 200;

  public Finding {
    Objects.requireNonNull(rule, "rule == null");
    if (evidence.size() > MAX_EVIDENCE) {
      List<String> kept = new ArrayList<>(evidence.subList(0, MAX_EVIDENCE));
      kept.add("... and " + (evidence.size() - MAX_EVIDENCE) + " more");
      evidence = kept;
    }
    evidence = List.copyOf(evidence);
  }

  public static Finding of(Rule rule, List<String> evidence) {
    return new Finding(rule, evidence, null);
  }

  public boolean waived() {
    return waiver != null;
  }

  public Finding waive(String reason) {
    return new Finding(rule, evidence, Objects.requireNonNull(reason, "reason == null"));
  }
}
