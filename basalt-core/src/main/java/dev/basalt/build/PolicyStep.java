package dev.basalt.build;

import dev.basalt.debian.Resolution;
import dev.basalt.debian.SuiteRelease;
import dev.basalt.fs.FileTree;
import dev.basalt.lock.LockFile;
import dev.basalt.policy.PackagePolicyException;
import dev.basalt.policy.PolicyGate;
import dev.basalt.sbom.CopyrightLicenses;
import dev.basalt.spec.ImageSpec;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Applies the spec's package policy (with the default deny list) where the pipeline knows
 * enough: names and signing keys right after resolving, licenses once a tree is assembled
 * from the fetched packages.
 */
final class PolicyStep {
  private PolicyStep() {}

  /** Names and keys of a fresh resolution, whose suites say which key signed them. */
  static void checkFresh(ImageSpec spec, List<Resolution> resolutions, List<SuiteRelease> suites,
      Consumer<String> notices) throws PackagePolicyException {
    Map<PolicyGate.Suite, List<String>> signers = new HashMap<>();
    for (SuiteRelease s : suites) {
      signers.put(new PolicyGate.Suite(s.repository().id(), s.suite()), s.signerFingerprints());
    }
    gate(spec).checkResolutions(resolutions, signers).forEach(notices);
  }

  /** Names and keys of a locked resolution; the lock records which key signed each suite. */
  static void checkLocked(ImageSpec spec, List<Resolution> resolutions, LockFile lock, Consumer<String> notices)
      throws PackagePolicyException {
    Map<PolicyGate.Suite, List<String>> signers = new HashMap<>();
    for (LockFile.Suite s : lock.suites()) {
      if (s.signedBy() != null) {
        signers.put(new PolicyGate.Suite(s.repository(), s.suite()), s.signedBy());
      }
    }
    gate(spec).checkResolutions(resolutions, signers).forEach(notices);
  }

  /** Licenses of one architecture's packages, read from their copyright files in {@code tree}. */
  static List<String> checkLicenses(ImageSpec spec, Resolution resolution, FileTree tree)
      throws PackagePolicyException, IOException {
    if (spec.policy().denyLicenses().isEmpty()) {
      return List.of();
    }
    Map<String, Optional<String>> expressions = new TreeMap<>();
    for (Resolution.Resolved rp : resolution.packages()) {
      expressions.put(rp.pkg().name(), CopyrightLicenses.forPackage(tree, rp.pkg().name()));
    }
    return gate(spec).checkLicenses(resolution, expressions);
  }

  private static PolicyGate gate(ImageSpec spec) {
    return new PolicyGate(spec.policy(), spec.harden().allowShell() ? spec.harden().reason() : null);
  }
}
