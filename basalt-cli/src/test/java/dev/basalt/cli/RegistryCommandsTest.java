package dev.basalt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.BasaltException;
import dev.basalt.cache.Digest;
import dev.basalt.registry.RegistryOptions;
import dev.basalt.testkit.RegistryServer;
import dev.basalt.testkit.TestCa;
import dev.basalt.testkit.TestImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * basalt push and pull against docker-registry over plain HTTP (--insecure) and TLS (--ca-file),
 * and basalt audit of a docker:// image. The commands are run as Main runs them: a
 * BasaltException becomes "basalt: error: ..." and its exit code.
 */
class RegistryCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path shared;
  static RegistryServer plain;
  static RegistryServer tls;
  static Path layout;
  @TempDir Path dir;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  @BeforeAll
  static void start() throws Exception {
    plain = RegistryServer.in(Files.createDirectories(shared.resolve("plain"))).start();
    TestCa ca = TestCa.create("basalt cli CA");
    ca.writePem(shared.resolve("ca.pem"));
    tls = RegistryServer.in(Files.createDirectories(shared.resolve("tls"))).tls(ca).start();
    layout = TestImage.linux("amd64").config(c -> c.put("User", "65532"))
        .layer(l -> l.dir("/etc", 0755).file("/etc/os-release", "ID=debian\n", 0644))
        .writeLayout(shared.resolve("layout"), "v1");
  }

  @AfterAll
  static void stop() throws Exception {
    for (RegistryServer s : new RegistryServer[] {plain, tls}) {
      if (s != null) {
        s.close();
      }
    }
  }

  private int run(Object command, String... args) {
    CommandLine cli = new CommandLine(command);
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    cli.setExecutionExceptionHandler((e, c, parsed) -> {
      if (e instanceof BasaltException b) {
        c.getErr().println("basalt: error: " + b.getMessage());
        c.getErr().flush();
        return b.exitCode();
      }
      throw e;
    });
    return cli.execute(args);
  }

  private String indexDigest(Path layoutDir, int entry) throws Exception {
    return JSON.readTree(layoutDir.resolve("index.json").toFile()).get("manifests").get(entry).get("digest").asText();
  }

  @Test
  void pushThenPullOverPlainHttpWithInsecure() throws Exception {
    // An image of its own: blobs another test pushed would be mounted, not uploaded.
    Path layout = TestImage.linux("amd64").layer(l -> l.dir("/etc", 0755).file("/etc/hostname", dir + "\n", 0644))
        .writeLayout(dir.resolve("own"), "v1");
    String ref = "docker://" + plain.authority() + "/cli/app:1";
    assertThat(run(new PushCommand(), "oci:" + layout + ":v1", ref, "--insecure")).as(err.toString()).isZero();
    String digest = indexDigest(layout, 0);
    assertThat(out.toString()).isEqualTo("pushed " + ref + "@" + digest + "\n"
        + "  blobs: 2 uploaded (" + ResolutionPrinter.humanSize(blobBytes(layout)) + "), 0 mounted, 0 already there;"
        + " 1 manifests written\n"
        + "  tags: 1\n");
    out.getBuffer().setLength(0);
    Path pulled = dir.resolve("pulled");
    assertThat(run(new PullCommand(), ref, "oci:" + pulled, "--insecure")).as(err.toString()).isZero();
    assertThat(out.toString()).startsWith("pulled " + ref + "@" + digest + " into oci:" + pulled + ":1\n"
        + "  1 manifests; blobs: 2 fetched (");
    assertThat(indexDigest(pulled, 0)).isEqualTo(digest);
    assertThat(JSON.readTree(pulled.resolve("index.json").toFile()).get("manifests").get(0).get("annotations")
        .get("org.opencontainers.image.ref.name").asText()).isEqualTo("1");
  }

  @Test
  void aLayeredSpecIsBuiltSignedAndPushedThenPullsBackVerified() throws Exception {
    Path spec = layeredSpec("hello", "");
    java.util.Map<String, String> env = java.util.Map.of("BASALT_PASSWORD", "pw");
    KeyPasswords.environment = env::get;
    try {
      String prefix = dir.resolve("release").toString();
      assertThat(Main.run(new PrintWriter(out), new PrintWriter(err), "keygen", "--out", prefix)).as(err.toString())
          .isZero();
      String ref = "docker://" + plain.authority() + "/cli/layered:1";
      Path built = dir.resolve("out");
      assertThat(Main.run(new PrintWriter(out), new PrintWriter(err), "build", spec.toString(), "--out",
          built.toString(), "--key", prefix + ".key", "--push", ref, "--insecure")).as(err.toString()).isZero();
      String digest = indexDigest(built, 0);
      assertThat(err.toString()).contains("basalt: signed " + digest + " and its provenance with key ")
          .contains("basalt: pushed " + ref + "@" + digest + " (");

      // Straight from the registry: the image and its attachments pulled, checked and verified.
      out.getBuffer().setLength(0);
      assertThat(Main.run(new PrintWriter(out), new PrintWriter(err), "verify", ref, "--key", prefix + ".pub",
          "--insecure")).as(out + "" + err).isZero();
      assertThat(out.toString()).contains("  cosign signature tag       verified\n")
          .contains("  sigstore bundle referrer   verified\n")
          .contains("Verified: " + ref + "@" + digest + " is signed by ").doesNotContain("basalt-verify-");
      assertThat(err.toString()).contains("basalt: pulled the manifests of " + ref + "@" + digest + " with 3"
          + " signature/attestation tags and 6 referrers to verify them");
      String stranger = dir.resolve("stranger").toString();
      assertThat(Main.run(new PrintWriter(out), new PrintWriter(err), "keygen", "--out", stranger)).isZero();
      err.getBuffer().setLength(0);
      assertThat(Main.run(new PrintWriter(out), new PrintWriter(err), "verify", ref, "--key", stranger + ".pub",
          "--insecure")).isEqualTo(1);
      assertThat(err.toString()).contains("basalt: error: " + ref + "@" + digest + " (image index " + digest
          + ") is not verified").doesNotContain("basalt-verify-");
      out.getBuffer().setLength(0);
      assertThat(Main.run(new PrintWriter(out), new PrintWriter(err), "verify", ref, "--key", prefix + ".pub",
          "--insecure", "--provenance")).as(out + "" + err).isZero();
      assertThat(out.toString()).startsWith("Verified the SLSA provenance of ");

      // A plain pull copies the image only, as skopeo does; --attachments brings the signatures along.
      Path pulled = dir.resolve("pulled");
      assertThat(run(new PullCommand(), ref, "oci:" + pulled, "--insecure")).as(err.toString()).isZero();
      assertThat(indexDigest(pulled, 0)).isEqualTo(digest);
      assertThat(Main.run(new PrintWriter(out), new PrintWriter(err), "verify", "oci:" + pulled + ":1", "--key",
          prefix + ".pub")).isEqualTo(1);
      out.getBuffer().setLength(0);
      assertThat(run(new PullCommand(), ref, "oci:" + pulled, "--insecure", "--attachments")).as(err.toString())
          .isZero();
      String platform = JSON.readTree(built.resolve("blobs/sha256").resolve(Digest.parse(digest).hex()).toFile())
          .get("manifests").get(0).get("digest").asText();
      // Signature and attestation of the index, the signature of its one platform; the SBOMs, bundles and provenance.
      assertThat(out.toString()).contains("  attachments: 3 tags (sha256-" + Digest.parse(digest).hex() + ".sig, sha256-"
          + Digest.parse(digest).hex() + ".att, sha256-" + Digest.parse(platform).hex() + ".sig), 6 referrers; ");
      assertThat(Main.run(new PrintWriter(out), new PrintWriter(err), "verify", "oci:" + pulled + ":1", "--key",
          prefix + ".pub")).as(out + "" + err).isZero();
      assertThat(indexDigest(pulled, 0)).isEqualTo(digest);

      assertThat(Main.run(new PrintWriter(out), new PrintWriter(err), "build", spec.toString(), "--out",
          built.toString(), "--push", plain.authority() + "/cli/layered:1")).isEqualTo(2);
      assertThat(err.toString()).contains("--push must be docker://HOST[:PORT]/REPO[:TAG], not '");
    } finally {
      KeyPasswords.environment = System::getenv;
    }
  }

  @Test
  void aBuildWhoseTestsFailIsNeitherSignedNorPushed() throws Exception {
    String tests = """
        tests:
          files:
            - {path: /app/app.jar, exists: true, mode: "%s"}
        """;
    String ref = "docker://" + plain.authority() + "/cli/tested:1";
    Path failing = layeredSpec("failing", tests.formatted("0755"));
    assertThat(Main.run(new PrintWriter(out), new PrintWriter(err), "build", failing.toString(), "--out",
        dir.resolve("out1").toString(), "--test", "--push", ref, "--insecure")).as(err.toString()).isEqualTo(1);
    assertThat(err.toString()).contains("FAIL").doesNotContain("basalt: pushed");
    assertThat(run(new PullCommand(), ref, "oci:" + dir.resolve("absent"), "--insecure")).isEqualTo(1);

    err.getBuffer().setLength(0);
    Path passing = layeredSpec("passing", tests.formatted("0644"));
    assertThat(Main.run(new PrintWriter(out), new PrintWriter(err), "build", passing.toString(), "--out",
        dir.resolve("out2").toString(), "--test", "--push", ref, "--insecure")).as(err.toString()).isZero();
    assertThat(err.toString()).contains("PASS").contains("basalt: pushed " + ref + "@" + indexDigest(dir.resolve("out2"), 0));
  }

  /** A spec layering app.jar (written here) onto the shared test image, then {@code more}. */
  private Path layeredSpec(String name, String more) throws Exception {
    Files.writeString(dir.resolve("app.jar"), "the application " + dir);
    return Files.writeString(dir.resolve(name + ".yaml"), """
        name: %s
        from: oci:%s:v1
        layers:
          - name: app
            files:
              - {src: app.jar, dest: /app/app.jar}
        entrypoint: [/app/app.jar]
        """.formatted(name, layout) + more);
  }

  private static long blobBytes(Path layout) throws Exception {
    JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
    JsonNode manifest = JSON.readTree(layout.resolve("blobs/sha256")
        .resolve(Digest.parse(index.get("manifests").get(0).get("digest").asText()).hex()).toFile());
    return manifest.get("config").get("size").asLong() + manifest.get("layers").get(0).get("size").asLong();
  }

  @Test
  void tlsNeedsTheCaFileAndPlainHttpNeedsInsecure() throws Exception {
    String ref = "docker://" + tls.authority() + "/cli/tls:1";
    assertThat(run(new PushCommand(), layout.toString(), ref)).isEqualTo(1);
    assertThat(err.toString()).startsWith("basalt: error: TLS with " + tls.authority() + " failed: ")
        .contains("pass it with --ca-file");
    assertThat(run(new PushCommand(), layout.toString(), ref, "--ca-file", shared.resolve("ca.pem").toString()))
        .as(err.toString()).isZero();
    err.getBuffer().setLength(0);
    assertThat(run(new PullCommand(), "docker://" + plain.authority() + "/cli/app:1", dir.resolve("x").toString()))
        .isEqualTo(1);
    assertThat(err.toString()).startsWith("basalt: error: TLS with " + plain.authority() + " failed: ")
        .contains("if the registry serves plain HTTP, pass --insecure");
  }

  @Test
  void badArgumentsExitWithTwo() throws Exception {
    assertThat(run(new PushCommand(), layout.toString(), plain.authority() + "/cli/app:1")).isEqualTo(2);
    assertThat(err.toString()).contains("the destination must be docker://HOST[:PORT]/REPO[:TAG], not '"
        + plain.authority() + "/cli/app:1'");
    assertThat(run(new PushCommand(), layout.toString(), "docker://" + plain.authority() + "/Cli/app")).isEqualTo(2);
    assertThat(err.toString()).contains("'Cli/app' is not a valid repository name");
    assertThat(run(new PushCommand(), "docker-archive:x.tar", "docker://" + plain.authority() + "/a")).isEqualTo(2);
    assertThat(err.toString()).contains("push reads OCI layouts (oci:DIR[:REF] or DIR), not 'docker-archive:x.tar'");
    assertThat(run(new PullCommand(), "docker://" + plain.authority() + "/a", "docker-archive:x.tar")).isEqualTo(2);
    assertThat(err.toString()).contains("pull writes an OCI layout (oci:DIR[:REF] or DIR), not 'docker-archive:x.tar'");
    assertThat(run(new PushCommand(), "oci:" + dir.resolve("none"), "docker://" + plain.authority() + "/a", "--insecure"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("basalt: error: oci:" + dir.resolve("none") + ": " + dir.resolve("none")
        + " is not an OCI image layout (no oci-layout file)");
    assertThat(err.toString()).doesNotContain("internal error");
  }

  @Test
  void auditReadsADockerReferenceThroughTheCache() throws Exception {
    String ref = "docker://" + plain.authority() + "/cli/audit";
    assertThat(run(new PushCommand(), layout.toString(), ref, "--insecure")).as(err.toString()).isZero();
    out.getBuffer().setLength(0);
    System.setProperty(RegistryOptions.INSECURE_PROPERTY, plain.authority());
    try {
      int exit = Main.run(new PrintWriter(out), new PrintWriter(err), "audit", ref, "--format", "json");
      assertThat(exit).as(err.toString()).isZero();
    } finally {
      System.clearProperty(RegistryOptions.INSECURE_PROPERTY);
    }
    JsonNode report = JSON.readTree(out.toString());
    assertThat(report.get("image").asText()).isEqualTo(ref);
    // The reference names no tag, which means latest: the rule that wants a pinned tag fires.
    assertThat(report.get("findings")).extracting(f -> f.get("id").asText()).contains("latest-tag");
  }
}
