package dev.basalt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.testkit.FixtureArchive;
import dev.basalt.testkit.FixtureArchive.Pkg;
import dev.basalt.testkit.TestPgpKey;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The resolve and lock commands, through picocli, against the fixture archive. */
class ResolveCommandTest {
  static final TestPgpKey KEY = TestPgpKey.ed25519("Fixture Archive Key <archive@fixture.invalid>");

  @TempDir Path dir;
  FixtureArchive archive;
  URI base;
  Path spec;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  @BeforeEach
  void setUp() throws Exception {
    archive = new FixtureArchive(KEY);
    archive.suite("trixie").add(
        Pkg.of("libc6", "2.41-12").depends("libgcc-s1"),
        Pkg.of("libgcc-s1", "14.2.0-19").preDepends("libc6 (>= 2.35)"),
        Pkg.of("tzdata", "2025b-4", "all").depends("debconf (>= 0.5) | debconf-2.0"),
        Pkg.of("debconf", "1.5.91", "all").provides("debconf-2.0"));
    base = archive.start();
    Files.write(dir.resolve("k.asc"), KEY.publicKeyringArmored());
    spec = dir.resolve("app.yaml");
    Files.writeString(spec, """
        name: app
        archs: [amd64]
        contents:
          repositories:
            - archive: debian
              suites: [trixie]
              keyring: ./k.asc
          packages: [libc6, tzdata]
          exclude: [debconf, debconf-2.0]
        """);
  }

  @AfterEach
  void tearDown() {
    archive.close();
  }

  private int run(String... args) {
    return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void resolveJsonListsEachPackageWithWhyItIsThere() throws Exception {
    int code = run("resolve", spec.toString(), "--mirror", "debian=" + base, "--json");
    assertThat(code).as(err.toString()).isZero();
    JsonNode json = new ObjectMapper().readTree(out.toString());
    JsonNode amd64 = json.get("archs").get("amd64");
    assertThat(amd64).hasSize(3);
    assertThat(amd64.get(0).get("name").asText()).isEqualTo("libc6");
    assertThat(amd64.get(0).get("version").asText()).isEqualTo("2.41-12");
    assertThat(amd64.get(0).get("arch").asText()).isEqualTo("amd64");
    assertThat(amd64.get(0).get("size").asLong()).isEqualTo(archive.files().get("/debian/pool/main/l/libc6/libc6_2.41-12_amd64.deb").length);
    assertThat(amd64.get(0).get("requiredBy").toString()).isEqualTo("[\"<spec>\",\"libgcc-s1\"]");
    assertThat(amd64.get(1).get("name").asText()).isEqualTo("libgcc-s1");
    assertThat(amd64.get(2).get("arch").asText()).isEqualTo("all");
    assertThat(json.get("excluded").get("amd64").get(0).get("dependency").asText()).isEqualTo("debconf (>= 0.5) | debconf-2.0");
    assertThat(json.get("excluded").get("amd64").get(0).get("wantedBy").asText()).isEqualTo("tzdata");
  }

  @Test
  void lockThenResolveUsesTheLockAndSaysSo() throws Exception {
    assertThat(run("lock", spec.toString(), "--mirror", "debian=" + base)).as(err.toString()).isZero();
    Path lock = dir.resolve("app.lock.json");
    assertThat(out.toString()).contains("wrote " + lock);
    byte[] first = Files.readAllBytes(lock);
    assertThat(run("lock", spec.toString(), "--mirror", "debian=" + base)).isZero();
    assertThat(Files.readAllBytes(lock)).isEqualTo(first);

    archive.close();
    out.getBuffer().setLength(0);
    assertThat(run("resolve", spec.toString())).as(err.toString()).isZero();
    assertThat(err.toString()).contains("basalt: using lock file " + lock);
    assertThat(out.toString()).startsWith("amd64: 3 packages, ").contains("libgcc-s1").contains("excluded dependencies");
  }

  @Test
  void specErrorsExitWithTwoAndNameTheLine() throws Exception {
    Files.writeString(spec, Files.readString(spec).replace("packages:", "pakages:"));
    assertThat(run("resolve", spec.toString(), "--mirror", "debian=" + base)).isEqualTo(2);
    assertThat(err.toString()).startsWith("basalt: error: " + spec + ":8: unknown key 'pakages' in 'contents'; did you mean 'packages'?");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void verificationFailuresExitWithOne() throws Exception {
    archive.tamper("/debian/dists/trixie/InRelease", b -> new String(b).replace("Label: Fixture", "Label: Evil").getBytes());
    assertThat(run("resolve", spec.toString(), "--mirror", "debian=" + base, "--no-lock")).isEqualTo(1);
    assertThat(err.toString()).startsWith("basalt: error: ").contains(base + "/dists/trixie/InRelease");
  }

  @Test
  void lockAndNoLockAreExclusive() {
    assertThat(run("resolve", spec.toString(), "--lock", "x.json", "--no-lock")).isEqualTo(2);
    assertThat(err.toString()).contains("mutually exclusive");
  }

  @Test
  void aPolicyFilesAllowedKeysAcceptTheArchivesKeyAndRefuseAnother() throws Exception {
    Path policy = dir.resolve("keys.yaml");
    Files.writeString(policy, "allowed-keys:\n  - " + KEY.fingerprint() + "\n");
    assertThat(run("resolve", spec.toString(), "--mirror", "debian=" + base, "--policy", policy.toString()))
        .as(err.toString()).isZero();

    String other = TestPgpKey.ed25519("Other <other@fixture.invalid>").fingerprint();
    Files.writeString(policy, "allowed-keys:\n  - " + other + "\n");
    err.getBuffer().setLength(0);
    assertThat(run("lock", spec.toString(), "--mirror", "debian=" + base, "--policy", policy.toString())).isEqualTo(1);
    String rule = "allowed-keys: it comes from debian trixie, signed by key " + KEY.fingerprint()
        + ", which is not one of [" + other + "] [" + policy + ":1]";
    assertThat(err.toString()).isEqualTo("basalt: error: the package policy forbids 3 packages:\n"
        + "  libc6 2.41-12 (amd64): " + rule + "; pulled in by spec -> libc6\n"
        + "  libgcc-s1 14.2.0-19 (amd64): " + rule + "; pulled in by spec -> libc6 -> libgcc-s1\n"
        + "  tzdata 2025b-4 (amd64): " + rule + "; pulled in by spec -> tzdata\n");
    assertThat(dir.resolve("app.lock.json")).as("no lock is written").doesNotExist();
  }

  @Test
  void aLockRecordsTheSigningKeySoALockedResolveChecksAllowedKeysOffline() throws Exception {
    assertThat(run("lock", spec.toString(), "--mirror", "debian=" + base)).as(err.toString()).isZero();
    assertThat(Files.readString(dir.resolve("app.lock.json"))).contains("\"signedBy\": [\n        \"" + KEY.fingerprint() + "\"\n      ]");
    archive.close();
    Path policy = Files.writeString(dir.resolve("keys.yaml"), "allowed-keys: [" + "F".repeat(40) + "]\n");
    err.getBuffer().setLength(0);
    assertThat(run("resolve", spec.toString(), "--policy", policy.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("libc6 2.41-12 (amd64): allowed-keys: it comes from debian trixie, signed by key "
        + KEY.fingerprint() + ", which is not one of [" + "F".repeat(40) + "] [" + policy + ":1]; pulled in by spec -> libc6\n");
  }

  @Test
  void resolveSaysThatLicensesAreCheckedOnlyByBuild() throws Exception {
    Path policy = Files.writeString(dir.resolve("lic.yaml"), "deny-licenses: [AGPL-3.0-only]\n");
    assertThat(run("resolve", spec.toString(), "--mirror", "debian=" + base, "--policy", policy.toString()))
        .as(err.toString()).isZero();
    assertThat(err.toString()).isEqualTo("basalt: policy: deny-licenses is not checked here; basalt build checks it"
        + " once the packages (and their copyright files) are fetched\n");
  }
}
