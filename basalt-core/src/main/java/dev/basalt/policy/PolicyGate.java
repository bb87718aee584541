package dev.basalt.policy;

import dev.basalt.debian.BinaryPackage;
import dev.basalt.debian.Resolution;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Judges resolved packages against the default deny list and a {@link PackagePolicy}. Names and
 * signing keys are known once packages are resolved; licenses only once the {@code .deb}s are
 * fetched, since the copyright files are inside them. Any violation fails with all of them.
 */
public final class PolicyGate {
  /** A suite of a repository, as package origins and lock files name it. */
  public record Suite(String repository, String suite) {
    @Override
    public String toString() {
      return repository + " " + suite;
    }
  }

  /** How a debug variant keeps its shell: the harden key that also waives the audit's shell rule. */
  static final String SHELL_HINT = ", unless harden has allow-shell: true with a reason (a debug variant)";

  private final PackagePolicy policy;
  private final String allowShellReason;
  private final Map<List<Object>, PolicyViolation> violations = new LinkedHashMap<>();
  private final List<String> notices = new ArrayList<>();

  /**
   * @param allowShellReason the spec's {@code harden.reason} when it sets {@code allow-shell},
   *     which waives the default list's shells; null otherwise
   */
  public PolicyGate(PackagePolicy policy, String allowShellReason) {
    this.policy = java.util.Objects.requireNonNull(policy, "policy == null");
    this.allowShellReason = allowShellReason;
  }

  /**
   * Checks names and keys of every package of every resolution; {@code signers} maps each suite
   * to the fingerprints of the primary keys whose signatures on its InRelease checked out; one
   * allowed among them is enough. Returns what was waived.
   */
  public List<String> checkResolutions(List<Resolution> resolutions, Map<Suite, List<String>> signers)
      throws PackagePolicyException {
    List<PackagePolicy.DenyName> rules = new ArrayList<>(DefaultDenyList.RULES);
    rules.addAll(policy.deny());
    Set<String> waived = new TreeSet<>();
    for (Resolution r : resolutions) {
      DependencyChains chains = new DependencyChains(r);
      for (Resolution.Resolved rp : r.packages()) {
        BinaryPackage p = rp.pkg();
        for (PackagePolicy.DenyName rule : rules) {
          if (!rule.denies(p.name())) {
            continue;
          }
          if (rule.shell() && allowShellReason != null) {
            waived.add("policy: " + p.name() + " allowed although the " + rule.source() + " has '" + rule.glob()
                + "': harden.allow-shell waives its shells (" + allowShellReason + ")");
          } else {
            add(r.arch(), p, rule.describe() + (rule.shell() ? SHELL_HINT : ""), rule.source(), chains);
          }
        }
        for (PackagePolicy.AllowedKeys rule : policy.allowedKeys()) {
          Suite suite = new Suite(p.origin().repository(), p.origin().suite());
          List<String> signedBy = signers.get(suite);
          if (signedBy == null || signedBy.isEmpty()) {
            add(r.arch(), p, "allowed-keys: which key signed " + suite + " is not known (a lock made before"
                + " basalt recorded it? run `basalt lock`)", rule.source(), chains);
          } else if (signedBy.stream().noneMatch(rule.fingerprints()::contains)) {
            add(r.arch(), p, "allowed-keys: it comes from " + suite + ", signed by " + (signedBy.size() == 1
                ? "key " + signedBy.get(0) : "keys " + String.join(", ", signedBy))
                + ", which is not one of " + new TreeSet<>(rule.fingerprints()), rule.source(), chains);
          }
        }
      }
    }
    notices.addAll(waived);
    return finish();
  }

  /**
   * Checks the license rules for one architecture: {@code expressions} holds each package's SPDX
   * expression from its copyright file, empty when it has none in the machine-readable format.
   * Returns notices, among them the packages whose license could not be judged.
   */
  public List<String> checkLicenses(Resolution resolution, Map<String, Optional<String>> expressions)
      throws PackagePolicyException {
    if (policy.denyLicenses().isEmpty()) {
      return List.of();
    }
    Map<String, PackagePolicy.DenyLicense> byId = new LinkedHashMap<>();
    for (PackagePolicy.DenyLicense rule : policy.denyLicenses()) {
      byId.putIfAbsent(rule.spdxId().toLowerCase(Locale.ROOT), rule);
    }
    DependencyChains chains = new DependencyChains(resolution);
    Set<String> unknown = new TreeSet<>();
    for (Resolution.Resolved rp : resolution.packages()) {
      BinaryPackage p = rp.pkg();
      Optional<String> expression = expressions.getOrDefault(p.name(), Optional.empty());
      Set<String> required;
      try {
        required = expression.isEmpty() ? Set.of() : LicenseExpressions.requiredDenied(expression.get(), byId.keySet());
      } catch (IllegalArgumentException e) {
        expression = Optional.empty();
        required = Set.of();
      }
      if (expression.isEmpty()) {
        unknown.add(p.name());
      }
      for (String id : required) {
        PackagePolicy.DenyLicense rule = byId.get(id.toLowerCase(Locale.ROOT));
        add(resolution.arch(), p, "deny-licenses '" + rule.spdxId() + "': its copyright file's licenses are '"
            + expression.get() + "'", rule.source(), chains);
      }
    }
    if (!unknown.isEmpty()) {
      notices.add("policy (" + resolution.arch() + "): deny-licenses cannot judge " + unknown.size()
          + " package(s) without a machine-readable copyright file: " + String.join(", ", unknown));
    }
    return finish();
  }

  private void add(String arch, BinaryPackage p, String rule, RuleSource source, DependencyChains chains) {
    String chain = chains.chain(p.name());
    List<Object> key = List.of(p.name(), p.version(), rule, source, chain);
    PolicyViolation seen = violations.get(key);
    List<String> archs = new ArrayList<>(seen == null ? List.of() : seen.archs());
    archs.add(arch);
    violations.put(key, new PolicyViolation(p.name(), p.version(), archs, rule, source, chain));
  }

  private List<String> finish() throws PackagePolicyException {
    if (!violations.isEmpty()) {
      throw new PackagePolicyException(new ArrayList<>(violations.values()));
    }
    List<String> out = List.copyOf(notices);
    notices.clear();
    return out;
  }
}
