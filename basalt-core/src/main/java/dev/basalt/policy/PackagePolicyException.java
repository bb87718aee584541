package dev.basalt.policy;

import dev.basalt.BasaltException;
import java.util.List;

/**
 * The resolved or fetched packages break the package policy. A failure (exit 1), not a spec
 * error: the spec is well formed, but what it pulls in is not allowed.
 */
public final class PackagePolicyException extends BasaltException {
  private final List<PolicyViolation> violations;

  public PackagePolicyException(List<PolicyViolation> violations) {
    super(message(violations));
    this.violations = List.copyOf(violations);
  }

  public List<PolicyViolation> violations() {
    return violations;
  }

  private static String message(List<PolicyViolation> violations) {
    long packages = violations.stream().map(PolicyViolation::packageName).distinct().count();
    StringBuilder b = new StringBuilder("the package policy forbids ")
        .append(packages == 1 ? "1 package" : packages + " packages")
        .append(packages == violations.size() ? ":" : " (" + violations.size() + " violations):");
    for (PolicyViolation v : violations) {
      b.append("\n  ").append(v);
    }
    return b.toString();
  }
}
