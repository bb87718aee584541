package dev.basalt.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.policy.PackagePolicy;
import dev.basalt.policy.RuleSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyReaderTest {
  private static final Path SPEC = Path.of("specs/my.yaml");
  private static final Path FILE = Path.of("org/policy.yaml");
  private static final String FP = "630239CC130E1A7FD81A27B140976EAF437D05B5";

  private static final String SPEC_HEAD = """
      name: app
      contents:
        repositories:
          - archive: debian
            suites: [trixie]
            keyring: debian-trixie
        packages: [libc6]
      """;

  private static ImageSpec spec(String policy) throws SpecException {
    return SpecLoader.parse((SPEC_HEAD + policy).getBytes(StandardCharsets.UTF_8), SPEC);
  }

  private static PackagePolicy file(String yaml) throws SpecException {
    return PolicyReader.parse(yaml.getBytes(StandardCharsets.UTF_8), FILE);
  }

  private static void assertFileError(String yaml, int line, String message) {
    assertThatThrownBy(() -> file(yaml)).isInstanceOfSatisfying(SpecException.class, e -> {
      assertThat(e.exitCode()).isEqualTo(2);
      assertThat(e.getMessage()).isEqualTo(FILE + ":" + line + ": " + message);
    });
  }

  @Test
  void theSpecsPolicyKeepsTheLineOfEachRule() throws Exception {
    ImageSpec s = spec("""
        policy:
          deny: [python3*, "telnetd"]
          deny-licenses: [gpl-3.0-only, LicenseRef-public-domain]
          allowed-keys:
            - "6302 39CC 130E 1A7F D81A  27B1 4097 6EAF 437D 05B5"
        """);
    PackagePolicy p = s.policy();
    assertThat(p.deny()).extracting(d -> d.glob().pattern() + "@" + d.source())
        .containsExactly("python3*@specs/my.yaml:9", "telnetd@specs/my.yaml:9");
    assertThat(p.deny()).noneMatch(PackagePolicy.DenyName::shell);
    assertThat(p.denyLicenses()).containsExactly(
        new PackagePolicy.DenyLicense("GPL-3.0-only", RuleSource.at(SPEC, 10)),
        new PackagePolicy.DenyLicense("LicenseRef-public-domain", RuleSource.at(SPEC, 10)));
    assertThat(p.allowedKeys()).containsExactly(new PackagePolicy.AllowedKeys(Set.of(FP), RuleSource.at(SPEC, 11)));
  }

  @Test
  void aSpecWithoutPolicyHasNoRulesAndAPolicyFileAddsItsOwn() throws Exception {
    ImageSpec s = spec("");
    assertThat(s.policy()).isEqualTo(PackagePolicy.NONE);
    PackagePolicy org = file("""
        # the organisation's rules
        deny:
          - nodejs
        allowed-keys: [%s]
        """.formatted(FP));
    ImageSpec both = spec("policy: {deny: [perl]}\n").withPolicy(org);
    assertThat(both.policy().deny()).extracting(d -> d.glob().pattern() + "@" + d.source())
        .containsExactly("perl@specs/my.yaml:8", "nodejs@org/policy.yaml:3");
    assertThat(both.policy().allowedKeys()).extracting(k -> k.source().toString()).containsExactly("org/policy.yaml:4");
    assertThat(both.digest()).as("the lock still matches").isEqualTo(spec("policy: {deny: [perl]}\n").digest());
  }

  @Test
  void specErrorsNameTheLineAndSuggestTheKey() {
    assertThatThrownBy(() -> spec("policy:\n  denny: [bash]\n"))
        .hasMessage("specs/my.yaml:9: unknown key 'denny' in 'policy'; did you mean 'deny'?"
            + " (valid: allowed-keys, deny, deny-licenses)");
    assertThatThrownBy(() -> spec("policy: [bash]\n"))
        .hasMessage("specs/my.yaml:8: 'policy' must be a map, not a list");
    assertThatThrownBy(() -> spec("policy:\n  deny: [\"gcc-[0-9\"]\n"))
        .hasMessage("specs/my.yaml:9: in 'deny': 'gcc-[0-9' has a '[' without its closing ']'");
    assertThatThrownBy(() -> spec("polcy: {}\n")).hasMessageStartingWith(
        "specs/my.yaml:8: unknown key 'polcy' at the top level; did you mean 'policy'?");
  }

  @Test
  void policyFileErrorsNameTheFileAndLine() {
    assertFileError("deny: [bash]\nallow: [dash]\n", 2,
        "unknown key 'allow' at the top level of the policy file (valid: allowed-keys, deny, deny-licenses)");
    assertFileError("deny-licenses:\n  - MIT\n  - GPL-3.0\n", 3,
        "'GPL-3.0' in 'deny-licenses' is not an SPDX license identifier that basalt reads from copyright files;"
            + " did you mean 'GPL-3.0-only'? (SPDX identifiers such as GPL-3.0-only, AGPL-3.0-or-later, or LicenseRef-...)");
    assertFileError("deny-licenses: [LGPL-2.1+]\n", 1,
        "'LGPL-2.1+' in 'deny-licenses' is not an SPDX license identifier that basalt reads from copyright files;"
            + " did you mean 'LGPL-2.1-or-later'? (SPDX identifiers such as GPL-3.0-only, AGPL-3.0-or-later, or LicenseRef-...)");
    assertFileError("allowed-keys: [DEADBEEF]\n", 1, "'DEADBEEF' in 'allowed-keys' is not an OpenPGP key fingerprint"
        + " (40 or 64 hex digits, as `gpg --show-keys --with-fingerprint` prints them)");
    assertFileError("allowed-keys: []\n", 1, "'allowed-keys' is empty, which would allow no repository at all;"
        + " list the fingerprints of the keys that may sign, or remove the key");
    assertFileError("deny: [bash, 3]\n", 1, "'deny' must be a list of strings, but holds int '3'");
    assertFileError("- bash\n", 1, "a policy file must be a map of deny, deny-licenses, allowed-keys, not a list");
    assertFileError("", 1, "the policy file is empty; it needs at least one of deny, deny-licenses, allowed-keys");
    assertThatThrownBy(() -> file("deny: [bash\n"))
        .hasMessageStartingWith("org/policy.yaml:1: not valid YAML: while parsing a flow sequence");
  }

  @Test
  void aMissingPolicyFileIsAUsageError(@TempDir Path dir) throws Exception {
    Path missing = dir.resolve("none.yaml");
    assertThatThrownBy(() -> PolicyReader.load(missing)).isInstanceOfSatisfying(SpecException.class, e -> {
      assertThat(e.exitCode()).isEqualTo(2);
      assertThat(e.getMessage()).isEqualTo("policy file " + missing + " does not exist");
    });
    Path good = Files.writeString(dir.resolve("p.yaml"), "deny: [nodejs]\n");
    assertThat(PolicyReader.load(good).deny()).extracting(d -> d.source().toString()).containsExactly(good + ":1");
    assertThat(List.of(PolicyReader.load(good).denyLicenses(), PolicyReader.load(good).allowedKeys()))
        .allMatch(List::isEmpty);
  }
}
