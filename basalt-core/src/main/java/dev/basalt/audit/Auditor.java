package dev.basalt.audit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Applies every rule of {@link Rules} to one image. A policy may ignore rules (they are not
 * applied) or waive them with a reason (they are applied and reported as waived, never dropped).
 */
public final class Auditor {
  private Auditor() {}

  /** Rule ids to ignore, and rule ids waived with the reason the spec gives. */
  public record Policy(Set<String> ignored, Map<String, String> waivers) {
    public static final Policy NONE = new Policy(Set.of(), Map.of());

    public Policy {
      ignored = Set.copyOf(ignored);
      waivers = Map.copyOf(waivers);
      for (String id : ignored) {
        requireKnown(id);
      }
      for (String id : waivers.keySet()) {
        requireKnown(id);
      }
    }

    private static void requireKnown(String id) {
      if (Rules.byId(id) == null) {
        throw new IllegalArgumentException("unknown audit rule '" + id + "'");
      }
    }
  }

  public static AuditReport audit(AuditSubject subject, Policy policy) {
    Objects.requireNonNull(policy, "policy == null");
    AccountFiles accounts = AccountFiles.of(subject.files());
    RuntimeUser user = RuntimeUser.of(subject.config().user(), accounts);
    Evidence ev = new Evidence();
    ConfigChecks.check(subject, user, ev);
    FileChecks.check(subject, user, ev);
    AccountChecks.check(accounts, ev);
    ScannerChecks.check(subject.files(), ev);
    List<Finding> findings = new ArrayList<>();
    int passed = 0;
    for (Rule rule : Rules.ALL) {
      if (policy.ignored().contains(rule.id())) {
        continue;
      }
      List<String> evidence = ev.of(rule);
      if (evidence.isEmpty()) {
        passed++;
        continue;
      }
      Finding f = Finding.of(rule, evidence);
      String reason = policy.waivers().get(rule.id());
      findings.add(reason == null ? f : f.waive(reason));
    }
    findings.sort(Comparator.comparing((Finding f) -> f.rule().level()).reversed()
        .thenComparing(f -> Rules.ALL.indexOf(f.rule())));
    return new AuditReport(subject.image(), subject.arch(), findings, passed, policy.ignored());
  }
}
