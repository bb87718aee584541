package dev.basalt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.testkit.ExternalTool;
import dev.basalt.testkit.FixtureArchive;
import dev.basalt.testkit.RegistryServer;
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

/** The build command end to end against the fixture archive: outputs, JSON, exit codes. */
class BuildCommandTest {
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
        Pkg.of("libc6", "2.41-12").file("/usr/lib/x86_64-linux-gnu/libc.so.6", "libc"),
        Pkg.of("dash", "0.5.12", "amd64").file("/usr/bin/dash", "shell"),
        Pkg.of("mksh", "59c-6", "amd64").file("/usr/bin/mksh", "shell"));
    base = archive.start();
    Files.write(dir.resolve("k.asc"), KEY.publicKeyringArmored());
    spec = dir.resolve("app.yaml");
    writeSpec("[libc6]");
  }

  @AfterEach
  void tearDown() {
    archive.close();
  }

  private void writeSpec(String packages) throws Exception {
    Files.writeString(spec, """
        name: app
        archs: [amd64]
        contents:
          repositories:
            - archive: debian
              suites: [trixie]
              keyring: ./k.asc
          packages: %s
        """.formatted(packages));
  }

  private int run(String... args) {
    return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void buildWritesTheLayoutAndADockerArchiveAndPrintsJson() throws Exception {
    Path layout = dir.resolve("out/app");
    Path tar = dir.resolve("app.tar");
    int code = run("build", spec.toString(), "--mirror", "debian=" + base, "--out", layout.toString(),
        "--tar", tar.toString(), "--json");
    assertThat(code).as(err.toString()).isZero();
    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertThat(json.get("name").asText()).isEqualTo("app");
    assertThat(json.get("digest").asText()).startsWith("sha256:");
    assertThat(json.get("images")).hasSize(1);
    JsonNode image = json.get("images").get(0);
    assertThat(image.get("arch").asText()).isEqualTo("amd64");
    assertThat(image.get("packages").asInt()).isEqualTo(1);
    assertThat(image.get("compressedSize").asLong()).isPositive().isLessThan(image.get("uncompressedSize").asLong());
    assertThat(image.get("bytesByPackage").get("libc6").asLong()).as("libc.so.6 and the kept copyright file")
        .isEqualTo("libc".length() + "fixture libc6\n".length());
    assertThat(image.get("bytesByPackage").get("(basalt)").asLong()).isPositive();
    assertThat(Files.readString(layout.resolve("index.json"))).contains(json.get("digest").asText());
    assertThat(tar).isRegularFile();

    ExternalTool skopeo = ExternalTool.require("skopeo");
    ExternalTool.Result inspect = skopeo.run("inspect", "docker-archive:" + tar);
    assertThat(inspect.exitCode()).as(inspect.toString()).isZero();
    assertThat(new ObjectMapper().readTree(inspect.stdout()).get("Architecture").asText()).isEqualTo("amd64");
  }

  @Test
  void aShellFileWithoutAllowShellIsRefusedWithExitCodeTwo() throws Exception {
    // mksh is not on the default deny list, so the hardener is what finds its shell.
    writeSpec("[libc6, mksh]");
    int code = run("build", spec.toString(), "--mirror", "debian=" + base, "--out", dir.resolve("out/app").toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).startsWith("basalt: error: ").contains("mksh").contains("allow-shell: true");
    assertThat(dir.resolve("out/app")).doesNotExist();
  }

  @Test
  void aPackageOnTheDefaultDenyListFailsTheBuildWithExitCodeOne() throws Exception {
    writeSpec("[libc6, dash]");
    int code = run("build", spec.toString(), "--mirror", "debian=" + base, "--out", dir.resolve("out/app").toString());
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("basalt: error: the package policy forbids 1 package:\n"
        + "  dash 0.5.12 (amd64): deny 'dash', unless harden has allow-shell: true with a reason (a debug variant)"
        + " [default deny list]; pulled in by spec -> dash\n");
    assertThat(dir.resolve("out/app")).doesNotExist();
  }

  @Test
  void aPolicyFileAddsItsRulesAndItsErrorsNameTheFileAndLine() throws Exception {
    Path policy = Files.writeString(dir.resolve("org-policy.yaml"), "# organisation-wide\ndeny: [libc*]\n");
    int code = run("build", spec.toString(), "--mirror", "debian=" + base, "--out", dir.resolve("out/app").toString(),
        "--policy", policy.toString());
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("basalt: error: the package policy forbids 1 package:\n"
        + "  libc6 2.41-12 (amd64): deny 'libc*' [" + policy + ":2]; pulled in by spec -> libc6\n");

    err.getBuffer().setLength(0);
    Files.writeString(policy, "deny: [libc*]\ndeny-license: [MIT]\n");
    code = run("build", spec.toString(), "--mirror", "debian=" + base, "--policy", policy.toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("basalt: error: " + policy + ":2: unknown key 'deny-license' at the top level"
        + " of the policy file; did you mean 'deny-licenses'? (valid: allowed-keys, deny, deny-licenses)\n");
    assertThat(dir.resolve("out/app")).doesNotExist();
  }

  @Test
  void buildPushSendsTheImageWithItsArtifactsToARegistry() throws Exception {
    try (RegistryServer registry = RegistryServer.in(Files.createDirectories(dir.resolve("registry"))).start()) {
      Path layout = dir.resolve("out/app");
      int code = run("build", spec.toString(), "--mirror", "debian=" + base, "--out", layout.toString(), "--push",
          "docker://" + registry.authority() + "/team/app:1", "--insecure");
      assertThat(code).as(err.toString()).isZero();
      String digest = new ObjectMapper().readTree(layout.resolve("index.json").toFile())
          .get("manifests").get(0).get("digest").asText();
      assertThat(err.toString()).contains("basalt: pushed docker://" + registry.authority() + "/team/app:1@" + digest
          + " (6 blobs uploaded, 0 already there)");
      ExternalTool skopeo = ExternalTool.require("skopeo");
      ExternalTool.Result raw = skopeo.run("inspect", "--raw", "--tls-verify=false",
          "docker://" + registry.authority() + "/team/app:1");
      assertThat(raw.exitCode()).as(raw.toString()).isZero();
      assertThat(dev.basalt.cache.Digest.of(raw.stdout().getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString())
          .isEqualTo(digest);
    }
    assertThat(run("build", spec.toString(), "--push", "registry.example/app")).isEqualTo(2);
    assertThat(err.toString()).contains("--push must be docker://HOST[:PORT]/REPO[:TAG], not 'registry.example/app'");
  }
}
