package dev.basalt.audit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The evidence the checks gather, per rule; a rule with none passes. */
final class Evidence {
  private final Map<Rule, List<String>> byRule = new LinkedHashMap<>();

  void add(Rule rule, String item) {
    byRule.computeIfAbsent(rule, r -> new ArrayList<>()).add(item);
  }

  List<String> of(Rule rule) {
    return byRule.getOrDefault(rule, List.of());
  }
}
