package dev.basalt.policy;

import java.util.List;
import java.util.Objects;

/**
 * One package that breaks one rule: which package (and for which architectures), what the rule
 * says and where it was declared, and the dependency chain that pulled the package in.
 */
public record PolicyViolation(
    String packageName, String version, List<String> archs, String rule, RuleSource source, String chain) {
  public PolicyViolation {
    Objects.requireNonNull(packageName, "packageName == null");
    Objects.requireNonNull(version, "version == null");
    archs = List.copyOf(archs);
    Objects.requireNonNull(rule, "rule == null");
    Objects.requireNonNull(source, "source == null");
    Objects.requireNonNull(chain, "chain == null");
  }

  @Override
  public String toString() {
    return packageName + " " + version + " (" + String.join(", ", archs) + "): " + rule + " [" + source
        + "]; pulled in by " + chain;
  }
}
