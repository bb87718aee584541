package dev.basalt.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.audit.Level;
import dev.basalt.cache.Digest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecLoaderTest {
  private static final Path FILE = Path.of("specs/my.yaml");

  private static final String GOOD = """
      name: base
      archs: [amd64, arm64]
      contents:
        repositories:
          - archive: debian
            suites: [trixie, trixie-updates]
            components: [main]
            keyring: debian-trixie
          - archive: debian-security
            suites: [trixie-security]
            keyring: debian-trixie-security
        packages: [base-files, libc6]
        exclude: [debconf, debconf-2.0]
      environment: {TZ: UTC}
      harden: {allow-shell: true, reason: a debug variant}
      """;

  private static ImageSpec parse(String yaml) throws SpecException {
    return SpecLoader.parse(yaml.getBytes(StandardCharsets.UTF_8), FILE);
  }

  private static void assertSpecError(String yaml, int line, String message) {
    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOfSatisfying(SpecException.class, e -> {
          assertThat(e.line()).isEqualTo(line);
          assertThat(e.exitCode()).isEqualTo(2);
          assertThat(e.getMessage()).isEqualTo(FILE + ":" + line + ": " + message);
        });
  }

  @Test
  void loadsAFullSpec() throws Exception {
    ImageSpec spec = parse(GOOD);
    assertThat(spec.name()).isEqualTo("base");
    assertThat(spec.archs()).containsExactly("amd64", "arm64");
    assertThat(spec.contents().repositories()).hasSize(2);
    assertThat(spec.contents().repositories().get(0).id()).isEqualTo("debian");
    assertThat(spec.contents().repositories().get(0).suites()).containsExactly("trixie", "trixie-updates");
    assertThat(spec.contents().repositories().get(1).components()).containsExactly("main");
    assertThat(spec.contents().repositories().get(1).keyring().name()).isEqualTo("debian-trixie-security");
    assertThat(spec.contents().packages()).containsExactly(
        new ImageSpec.Located("base-files", 12), new ImageSpec.Located("libc6", 12));
    assertThat(spec.contents().excludedNames()).containsExactlyInAnyOrder("debconf", "debconf-2.0");
    assertThat(spec.environment()).containsEntry("TZ", "UTC");
    assertThat(spec.harden().allowShell()).isTrue();
    assertThat(spec.harden().allowPackageManager()).isFalse();
    assertThat(spec.accounts().runAs()).isEqualTo("nonroot");
    assertThat(spec.workDir()).isEqualTo("/home/nonroot");
    assertThat(spec.digest()).isEqualTo(Digest.of(GOOD.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void packagesInBlockListsKeepTheirOwnLines() throws Exception {
    ImageSpec spec = parse(GOOD.replace("packages: [base-files, libc6]", "packages:\n    - base-files\n    - libc6"));
    assertThat(spec.contents().packages()).containsExactly(
        new ImageSpec.Located("base-files", 13), new ImageSpec.Located("libc6", 14));
  }

  @Test
  void loosenedHardeningNeedsAReasonAndAuditKeysAreChecked() throws Exception {
    assertSpecError(GOOD.replace("harden: {allow-shell: true, reason: a debug variant}", "harden: {allow-shell: true}"), 15,
        "'harden' allows what the audit forbids (allow-shell): say why with 'reason: ...' in 'harden'; the build"
            + " summary and the audit report it");
    assertSpecError(GOOD + "audit: {fail-level: severe}\n", 16, "'fail-level' must be info, warn or fatal, not 'severe'");
    assertSpecError(GOOD + "audit: {waive: {shel: because}}\n", 16,
        "unknown audit rule 'shel' in 'waive'; did you mean 'shell'? (basalt audit --rules lists them)");
    assertSpecError(GOOD + "audit: {waive: {shell: ''}}\n", 16, "'shell' must be a non-empty string, not string ''");
    ImageSpec spec = parse(GOOD + "audit: {fail-level: fatal, waive: {no-healthcheck: probes come from Kubernetes}}\n");
    assertThat(spec.harden().reason()).isEqualTo("a debug variant");
    assertThat(spec.audit()).isEqualTo(new ImageSpec.Audit(Level.FATAL,
        Map.of("no-healthcheck", "probes come from Kubernetes")));
    assertThat(parse(GOOD).audit()).isEqualTo(ImageSpec.Audit.DEFAULT);
  }

  @Test
  void structureTestsAreReadAndCheckedAtLoad() throws Exception {
    ImageSpec spec = parse(GOOD + """
        tests:
          metadata: {user: "65532", env: {LANG: C.UTF-8}}
          files:
            - {path: /bin/sh, exists: false}
            - {path: "${ld.so}", mode: "0755", uid: 0}
          file-contents:
            - {path: /etc/os-release, matches: ["^ID=debian$"]}
          commands:
            - {name: java runs, args: [java, -version], exit-code: 0, stderr: ["openjdk"]}
        """);
    assertThat(spec.tests().metadata().env()).isEqualTo(Map.of("LANG", "C.UTF-8"));
    assertThat(spec.tests().files()).containsExactly(new dev.basalt.check.StructureTests.FileTest("/bin/sh", false, null, null, null),
        new dev.basalt.check.StructureTests.FileTest("${ld.so}", true, 0755, 0L, null));
    assertThat(spec.tests().commands().get(0).exitCode()).isEqualTo(0);
    assertThat(spec.tests().count()).isEqualTo(5);
    assertSpecError(GOOD + "tests:\n  file-contents:\n    - {path: /etc/x, matches: [\"([a-z\"]}\n", 18,
        "'matches' holds an invalid regular expression '([a-z': Unclosed character class");
    assertSpecError(GOOD + "tests:\n  commands:\n    - {name: x, args: []}\n", 18,
        "a command test needs 'args': the program and its arguments");
    assertSpecError(GOOD + "tests:\n  files:\n    - {path: /x, exsits: true}\n", 18,
        "unknown key 'exsits' in an entry of 'tests.files'; did you mean 'exists'? (valid: exists, gid, mode, path, uid)");
  }

  @Test
  void unknownTopLevelKeySuggestsTheClosest() {
    assertSpecError(GOOD + "entrypiont: [/bin/x]\n", 16,
        "unknown key 'entrypiont' at the top level; did you mean 'entrypoint'? (valid: accounts, annotations, archs, "
            + "audit, cmd, contents, entrypoint, environment, harden, name, paths, policy, tests, work-dir)");
  }

  @Test
  void unknownNestedKeySuggestsPackages() {
    assertSpecError(GOOD.replace("  packages: [base", "  pakages: [base"), 12,
        "unknown key 'pakages' in 'contents'; did you mean 'packages'? (valid: exclude, packages, repositories)");
  }

  @Test
  void wrongTypesAreNamed() {
    assertSpecError(GOOD.replace("archs: [amd64, arm64]", "archs: amd64"), 2,
        "'archs' must be a list, not string 'amd64'");
    assertSpecError(GOOD.replace("allow-shell: true", "allow-shell: 'yes'"), 15,
        "'allow-shell' must be true or false, not string 'yes'");
    assertSpecError(GOOD.replace("packages: [base-files, libc6]", "packages: [base-files, [libc6]]"), 12,
        "'packages' must be a list of strings, but holds a list");
  }

  @Test
  void unknownArchitectureSuggestsTheDebianName() {
    assertSpecError(GOOD.replace("[amd64, arm64]", "[amd64, aarch64]"), 2,
        "unknown architecture 'aarch64' in 'archs'; did you mean 'arm64'? "
            + "(Debian names: amd64, arm64, armel, armhf, i386, ppc64el, riscv64, s390x)");
  }

  @Test
  void unknownKeyringSuggestsABundledOne() {
    assertSpecError(GOOD.replace("keyring: debian-trixie\n", "keyring: debian-trixy\n"), 8,
        "unknown keyring 'debian-trixy'; did you mean 'debian-trixie'? (bundled: debian-bookworm, "
            + "debian-bookworm-security, debian-trixie, debian-trixie-security; or give a path to an .asc or .gpg key file)");
  }

  @Test
  void keyringFilesAreRelativeToTheSpec(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("key.asc"), "not checked here");
    Path spec = dir.resolve("s.yaml");
    Files.writeString(spec, GOOD.replace("keyring: debian-trixie\n", "keyring: ./key.asc\n"));
    ImageSpec loaded = SpecLoader.load(spec);
    assertThat(loaded.contents().repositories().get(0).keyring().file()).isEqualTo(dir.resolve("key.asc").toAbsolutePath());

    Files.writeString(spec, GOOD.replace("keyring: debian-trixie\n", "keyring: ./missing.asc\n"));
    assertThatThrownBy(() -> SpecLoader.load(spec)).hasMessageStartingWith(spec + ":8: keyring file './missing.asc' does not exist");
  }

  @Test
  void repositoryNeedsExactlyOneOfArchiveAndUrl() {
    assertSpecError(GOOD.replace("    - archive: debian\n", "    - archive: debian\n      url: http://127.0.0.1/debian\n"), 5,
        "a repository needs exactly one of 'archive' (a named archive such as debian or debian-security, "
            + "whose mirror comes from configuration) or 'url'");
  }

  @Test
  void duplicateKeysAndPackagesAreRefused() {
    assertSpecError(GOOD + "name: other\n", 16, "key 'name' appears twice (first on line 1)");
    assertSpecError(GOOD.replace("[base-files, libc6]", "[base-files, libc6, base-files]"), 12,
        "'base-files' is listed twice in 'packages' (first on line 12)");
  }

  @Test
  void invalidPackageNamesAndMissingKeys() {
    assertSpecError(GOOD.replace("libc6]", "LibC6]"), 12,
        "'LibC6' in 'packages' is not a valid Debian package name (lowercase letters, digits, '+', '-', '.'; at least two characters)");
    assertSpecError(GOOD.replace("name: base\n", ""), 1, "missing required key 'name' in the top level");
    assertSpecError(GOOD.replace("[debconf, debconf-2.0]", "[libc6]"), 13,
        "'libc6' is excluded but also requested in packages (line 12)");
  }

  @Test
  void malformedYamlNamesTheLine() {
    assertThatThrownBy(() -> parse("name: base\ncontents: [\n"))
        .isInstanceOfSatisfying(SpecException.class, e -> {
          assertThat(e.getMessage()).startsWith(FILE + ":2: not valid YAML: while parsing a flow node");
          assertThat(e.exitCode()).isEqualTo(2);
        });
  }

  @Test
  void shippedPresetsLoad() throws Exception {
    Path presets = Path.of(System.getProperty("basalt.repo.root", "..")).resolve("presets");
    for (String name : List.of("static", "base", "cc")) {
      ImageSpec spec = SpecLoader.load(presets.resolve(name + ".yaml"));
      assertThat(spec.name()).isEqualTo(name);
      assertThat(spec.archs()).containsExactly("amd64", "arm64");
      assertThat(spec.contents().repositories()).extracting(r -> r.id()).containsExactly("debian", "debian-security");
    }
  }
}
