package dev.basalt.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.debian.BinaryPackage;
import dev.basalt.debian.IndexOrigin;
import dev.basalt.debian.Resolution;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyGateTest {
  private static final Path POLICY = Path.of("org/policy.yaml");
  private static final String KEY_A = "A".repeat(40);
  private static final String KEY_B = "B".repeat(40);
  private static final PolicyGate.Suite TRIXIE = new PolicyGate.Suite("debian", "trixie");
  private static final PolicyGate.Suite SECURITY = new PolicyGate.Suite("debian-security", "trixie-security");

  private static Resolution.Resolved pkg(String name, String suite, String... requiredBy) {
    String repository = suite.endsWith("-security") ? "debian-security" : "debian";
    BinaryPackage p = new BinaryPackage(name, "1.0-1", "amd64", null, false, null, null, null, null, null, null, null,
        null, "pool/main/" + name + ".deb", 1, 1, "0".repeat(64), new IndexOrigin(repository, suite, "main"));
    return new Resolution.Resolved(p, List.of(requiredBy));
  }

  /** app and zeta are requested; bash is wanted by libtool (under app) and by zeta directly. */
  private static Resolution resolution(String arch) {
    return new Resolution(arch, List.of(
        pkg("app", "trixie", Resolution.REQUESTED),
        pkg("bash", "trixie", "libtool", "zeta"),
        pkg("gcc-14-base", "trixie", "libgcc-s1"),
        pkg("libgcc-s1", "trixie-security", "app"),
        pkg("libtool", "trixie", "app"),
        pkg("zeta", "trixie", Resolution.REQUESTED)), List.of());
  }

  @Test
  void aDeniedPackageFailsWithTheRuleWhereItWasDeclaredAndTheShortestChain() {
    PackagePolicy policy = new PackagePolicy(List.of(new PackagePolicy.DenyName(PackageGlob.of("libt*"), List.of(),
        false, RuleSource.at(POLICY, 7))), List.of(), List.of());
    assertThatThrownBy(() -> new PolicyGate(policy, null).checkResolutions(
            List.of(resolution("amd64"), resolution("arm64")), Map.of()))
        .isInstanceOfSatisfying(PackagePolicyException.class, e -> {
          assertThat(e.exitCode()).isEqualTo(1);
          assertThat(e.getMessage()).isEqualTo("the package policy forbids 2 packages:\n"
              + "  bash 1.0-1 (amd64, arm64): deny 'bash', unless harden has allow-shell: true with a reason"
              + " (a debug variant) [default deny list]; pulled in by spec -> zeta -> bash\n"
              + "  libtool 1.0-1 (amd64, arm64): deny 'libt*' [org/policy.yaml:7]; pulled in by spec -> app -> libtool");
        });
  }

  @Test
  void allowShellWaivesTheShellEntriesAndSaysSo() throws Exception {
    List<String> notices = new PolicyGate(PackagePolicy.NONE, "debugging only")
        .checkResolutions(List.of(resolution("amd64")), Map.of());
    assertThat(notices).containsExactly("policy: bash allowed although the default deny list has 'bash':"
        + " harden.allow-shell waives its shells (debugging only)");
  }

  @Test
  void aPackageBreakingTwoRulesIsCountedOnce() {
    PackagePolicy policy = new PackagePolicy(List.of(new PackagePolicy.DenyName(PackageGlob.of("ba?h"), List.of(),
        false, RuleSource.at(POLICY, 4))), List.of(), List.of());
    Resolution r = new Resolution("amd64", List.of(pkg("bash", "trixie", Resolution.REQUESTED)), List.of());
    assertThatThrownBy(() -> new PolicyGate(policy, null).checkResolutions(List.of(r), Map.of()))
        .hasMessage("the package policy forbids 1 package (2 violations):\n"
            + "  bash 1.0-1 (amd64): deny 'bash', unless harden has allow-shell: true with a reason (a debug variant)"
            + " [default deny list]; pulled in by spec -> bash\n"
            + "  bash 1.0-1 (amd64): deny 'ba?h' [org/policy.yaml:4]; pulled in by spec -> bash");
  }

  @Test
  void allowShellDoesNotWaiveAUserRuleNamingAShell() {
    PackagePolicy policy = new PackagePolicy(List.of(new PackagePolicy.DenyName(PackageGlob.of("bash"), List.of(),
        false, RuleSource.at(POLICY, 2))), List.of(), List.of());
    assertThatThrownBy(() -> new PolicyGate(policy, "debugging only").checkResolutions(
            List.of(resolution("amd64")), Map.of()))
        .hasMessage("the package policy forbids 1 package:\n"
            + "  bash 1.0-1 (amd64): deny 'bash' [org/policy.yaml:2]; pulled in by spec -> zeta -> bash");
  }

  @Test
  void everyPackageMustComeFromASuiteSignedByAnAllowedKey() throws Exception {
    PackagePolicy keys = new PackagePolicy(List.of(), List.of(),
        List.of(new PackagePolicy.AllowedKeys(Set.of(KEY_A), RuleSource.at(POLICY, 3))));
    Resolution onlyMain = new Resolution("amd64", List.of(pkg("zeta", "trixie", Resolution.REQUESTED)), List.of());
    assertThat(new PolicyGate(keys, null).checkResolutions(List.of(onlyMain), Map.of(TRIXIE, List.of(KEY_A)))).isEmpty();

    Resolution withSecurity = new Resolution("amd64", List.of(
        pkg("app", "trixie", Resolution.REQUESTED), pkg("libgcc-s1", "trixie-security", "app")), List.of());
    assertThatThrownBy(() -> new PolicyGate(keys, null).checkResolutions(List.of(withSecurity),
            Map.of(TRIXIE, List.of(KEY_A), SECURITY, List.of(KEY_B))))
        .hasMessage("the package policy forbids 1 package:\n"
            + "  libgcc-s1 1.0-1 (amd64): allowed-keys: it comes from debian-security trixie-security, signed by key "
            + KEY_B + ", which is not one of [" + KEY_A + "] [org/policy.yaml:3]; pulled in by spec -> app -> libgcc-s1");
    assertThatThrownBy(() -> new PolicyGate(keys, null).checkResolutions(List.of(onlyMain), Map.of()))
        .hasMessage("the package policy forbids 1 package:\n"
            + "  zeta 1.0-1 (amd64): allowed-keys: which key signed debian trixie is not known (a lock made before"
            + " basalt recorded it? run `basalt lock`) [org/policy.yaml:3]; pulled in by spec -> zeta");
  }

  @Test
  void aSuiteSignedBySeveralKeysPassesWhenAnyOfThemIsAllowed() throws Exception {
    String keyC = "C".repeat(64);
    PackagePolicy keys = new PackagePolicy(List.of(), List.of(),
        List.of(new PackagePolicy.AllowedKeys(Set.of(KEY_A), RuleSource.at(POLICY, 3))));
    Resolution onlyMain = new Resolution("amd64", List.of(pkg("zeta", "trixie", Resolution.REQUESTED)), List.of());
    assertThat(new PolicyGate(keys, null).checkResolutions(List.of(onlyMain), Map.of(TRIXIE, List.of(KEY_B, KEY_A))))
        .isEmpty();
    assertThatThrownBy(() -> new PolicyGate(keys, null).checkResolutions(List.of(onlyMain),
            Map.of(TRIXIE, List.of(KEY_B, keyC))))
        .hasMessage("the package policy forbids 1 package:\n"
            + "  zeta 1.0-1 (amd64): allowed-keys: it comes from debian trixie, signed by keys " + KEY_B + ", " + keyC
            + ", which is not one of [" + KEY_A + "] [org/policy.yaml:3]; pulled in by spec -> zeta");
  }

  @Test
  void aLicenseThatEveryChoiceRequiresIsDeniedAndUnknownLicensesAreReported() throws Exception {
    PackagePolicy gpl3 = new PackagePolicy(List.of(),
        List.of(new PackagePolicy.DenyLicense("GPL-3.0-only", RuleSource.at(POLICY, 5))), List.of());
    Resolution r = new Resolution("amd64", List.of(pkg("app", "trixie", Resolution.REQUESTED),
        pkg("libtool", "trixie", "app"), pkg("zeta", "trixie", Resolution.REQUESTED)), List.of());
    Map<String, Optional<String>> fine = Map.of("app", Optional.of("MIT OR GPL-3.0-only"),
        "libtool", Optional.empty(), "zeta", Optional.of("Apache-2.0"));
    assertThat(new PolicyGate(gpl3, null).checkLicenses(r, fine)).containsExactly("policy (amd64): deny-licenses"
        + " cannot judge 1 package(s) without a machine-readable copyright file: libtool");

    Map<String, Optional<String>> denied = new java.util.HashMap<>(fine);
    denied.put("libtool", Optional.of("GPL-3.0-only AND MIT"));
    assertThatThrownBy(() -> new PolicyGate(gpl3, null).checkLicenses(r, denied))
        .hasMessage("the package policy forbids 1 package:\n"
            + "  libtool 1.0-1 (amd64): deny-licenses 'GPL-3.0-only': its copyright file's licenses are"
            + " 'GPL-3.0-only AND MIT' [org/policy.yaml:5]; pulled in by spec -> app -> libtool");
  }

  @Test
  void aChainWithoutARecordedRequesterSaysSo() {
    Resolution orphan = new Resolution("amd64", List.of(pkg("bash", "trixie")), List.of());
    assertThat(new DependencyChains(orphan).chain("bash")).isEqualTo("(no chain from the spec recorded) -> bash");
    List<Resolution.Resolved> deep = new ArrayList<>(resolution("amd64").packages());
    assertThat(new DependencyChains(new Resolution("amd64", deep, List.of())).chain("gcc-14-base"))
        .isEqualTo("spec -> app -> libgcc-s1 -> gcc-14-base");
  }
}
