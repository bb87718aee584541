package dev.basalt.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What packages an image may contain, beyond what resolution selects: names it must not hold,
 * licenses none of its packages may require, and the archive keys its packages must be signed
 * with. Rules from several places (the spec's {@code policy:}, an organisation's policy file)
 * add up; each keeps where it was declared.
 */
public record PackagePolicy(List<DenyName> deny, List<DenyLicense> denyLicenses, List<AllowedKeys> allowedKeys) {
  /** No rules at all; the default deny list is applied by {@link PolicyGate} on top of any policy. */
  public static final PackagePolicy NONE = new PackagePolicy(List.of(), List.of(), List.of());

  public PackagePolicy {
    deny = List.copyOf(deny);
    denyLicenses = List.copyOf(denyLicenses);
    allowedKeys = List.copyOf(allowedKeys);
  }

  /**
   * Packages matching {@code glob} are denied, unless they match one of {@code except}.
   * {@code shell} marks the default list's shells, which {@code harden: {allow-shell: true}} waives.
   */
  public record DenyName(PackageGlob glob, List<PackageGlob> except, boolean shell, RuleSource source) {
    public DenyName {
      Objects.requireNonNull(glob, "glob == null");
      except = List.copyOf(except);
      Objects.requireNonNull(source, "source == null");
    }

    public boolean denies(String packageName) {
      return glob.matches(packageName) && except.stream().noneMatch(g -> g.matches(packageName));
    }

    /** The rule as a message shows it: {@code deny 'gcc-[0-9]*' (except 'gcc-*-base')}. */
    public String describe() {
      return "deny '" + glob + "'" + (except.isEmpty() ? ""
          : " (except '" + String.join("', '", except.stream().map(PackageGlob::pattern).toList()) + "')");
    }
  }

  /** No package's license expression may require {@code spdxId} (compared case-insensitively, as SPDX does). */
  public record DenyLicense(String spdxId, RuleSource source) {
    public DenyLicense {
      Objects.requireNonNull(spdxId, "spdxId == null");
      Objects.requireNonNull(source, "source == null");
    }
  }

  /** Every package must come from a suite whose InRelease one of these primary keys signed. */
  public record AllowedKeys(Set<String> fingerprints, RuleSource source) {
    public AllowedKeys {
      fingerprints = Set.copyOf(fingerprints);
      Objects.requireNonNull(source, "source == null");
    }
  }

  /** This policy and {@code other}: every rule of both applies. */
  public PackagePolicy plus(PackagePolicy other) {
    List<DenyName> names = new ArrayList<>(deny);
    names.addAll(other.deny());
    List<DenyLicense> licenses = new ArrayList<>(denyLicenses);
    licenses.addAll(other.denyLicenses());
    List<AllowedKeys> keys = new ArrayList<>(allowedKeys);
    keys.addAll(other.allowedKeys());
    return new PackagePolicy(names, licenses, keys);
  }

  public boolean isEmpty() {
    return deny.isEmpty() && denyLicenses.isEmpty() && allowedKeys.isEmpty();
  }
}
