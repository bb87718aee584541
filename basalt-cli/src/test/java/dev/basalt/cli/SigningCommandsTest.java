package dev.basalt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.cache.Digest;
import dev.basalt.image.ImageLocation;
import dev.basalt.lock.LockFile;
import dev.basalt.lock.LockFiles;
import dev.basalt.sign.ImageAttester;
import dev.basalt.sign.KeyFiles;
import dev.basalt.sign.ProvenanceInput;
import dev.basalt.sign.SlsaProvenance;
import dev.basalt.testkit.TestLayout;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** basalt keygen, sign and verify: what they print and their exit codes. */
class SigningCommandsTest {
  @TempDir Path dir;
  final Map<String, String> env = new HashMap<>();
  StringWriter out = new StringWriter();
  StringWriter err = new StringWriter();
  TestLayout.Written layout;

  @BeforeEach
  void setUp() throws Exception {
    KeyPasswords.environment = env::get;
    layout = TestLayout.write(dir.resolve("app"), "app", "x");
  }

  @AfterEach
  void tearDown() {
    KeyPasswords.environment = System::getenv;
  }

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    return Main.run(new PrintWriter(out), new PrintWriter(err), args);
  }

  private String keygen(String name) throws Exception {
    env.put("BASALT_PASSWORD", "pw-" + name);
    String prefix = dir.resolve(name).toString();
    assertThat(run("keygen", "--out", prefix)).as(err.toString()).isZero();
    return prefix;
  }

  @Test
  void keygenWritesAPairOnceAndNeedsAPassword() throws Exception {
    String prefix = keygen("release");
    assertThat(out.toString()).startsWith("Wrote " + prefix + ".key (private key, encrypted; keep it secret) and "
        + prefix + ".pub (public key ");
    assertThat(Files.readString(Path.of(prefix + ".pub"))).startsWith("-----BEGIN PUBLIC KEY-----\n");
    assertThat(run("keygen", "--out", prefix)).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("basalt: error: " + prefix + ".key already exists. Remove it or choose another"
        + " --out; basalt never overwrites a key.\n");
    env.clear();
    assertThat(run("keygen", "--out", dir.resolve("other").toString())).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("basalt: error: No password for the new private key " + dir.resolve("other.key")
        + ": set BASALT_PASSWORD (or COSIGN_PASSWORD) in the environment, or run basalt on a terminal to be asked"
        + " for it.\n");
    assertThat(dir.resolve("other.key")).doesNotExist();
  }

  @Test
  void signThenVerifyAndEachFailureWithItsExitCode() throws Exception {
    String release = keygen("release");
    String stranger = keygen("stranger");
    Digest root = layout.index().digest();
    String image = "oci:" + layout.dir();

    assertThat(run("verify", image, "--key", release + ".pub")).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("basalt: error: " + image + " (image index " + root + ") is not verified: "
        + image + " has no cosign signature tag sha256-" + root.hex() + ".sig.\n");

    env.put("BASALT_PASSWORD", "wrong");
    assertThat(run("sign", image, "--key", release + ".key")).isEqualTo(2);
    assertThat(err.toString()).startsWith("basalt: error: Wrong password for " + release + ".key:");

    env.put("BASALT_PASSWORD", "pw-release");
    assertThat(run("sign", image, "--key", release + ".key", "--reference", "ghcr.io/acme/app")).isZero();
    assertThat(out.toString()).startsWith("Signed " + image + " as ghcr.io/acme/app with key ")
        .contains("  image index    " + root + "  tag sha256-" + root.hex() + ".sig, bundle referrer sha256:")
        .contains("  linux/amd64    " + layout.manifests().get(0).digest())
        .contains("  linux/arm64/v8 " + layout.manifests().get(1).digest());
    assertThat(run("sign", layout.dir().toString(), "--key", release + ".key", "--reference", "ghcr.io/acme/app")).isZero();
    assertThat(out.toString()).contains("(already signed so; nothing changed)");

    assertThat(run("verify", image, "--key", release + ".pub")).as(err.toString()).isZero();
    assertThat(out.toString()).startsWith("image index    " + root + "  verified\n"
        + "  cosign signature tag       verified\n"
        + "  sigstore bundle referrer   verified\n"
        + "linux/amd64    " + layout.manifests().get(0).digest() + "  verified\n")
        .endsWith("Verified: " + image + " is signed by " + KeyFiles.readPrivateKey(Path.of(release + ".key"),
            (p, c) -> "pw-release".toCharArray()).publicKey().hint() + ".\n");

    assertThat(run("verify", image, "--key", stranger + ".pub")).isEqualTo(1);
    assertThat(out.toString()).contains("  sigstore bundle referrer   failed (other key): ");
    assertThat(err.toString()).startsWith("basalt: error: " + image + " (image index " + root + ") is not verified: ")
        .contains("The bundle was signed by another key");

    assertThat(run("verify", "docker-archive:" + dir.resolve("x.tar"), "--key", release + ".pub")).isEqualTo(2);
    assertThat(err.toString()).contains("basalt verify works on an OCI layout (oci:DIR[:REF] or DIR), not docker-archive:");
    assertThat(run("verify", image, "--key", release + ".pub", "--lock", "x.lock.json")).isEqualTo(2);
    assertThat(err.toString()).contains("--lock compares a provenance: use it with --provenance");
    assertThat(run("verify", image, "--key", dir.resolve("nothing.pub").toString())).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("basalt: error: Public key file " + dir.resolve("nothing.pub")
        + " does not exist. Check the path.\n");
  }

  @Test
  void verifyProvenanceAgainstALock() throws Exception {
    String release = keygen("release");
    Digest root = layout.index().digest();
    Digest deb = Digest.of("base-files deb".getBytes(StandardCharsets.UTF_8));
    LockFile lock = new LockFile(LockFile.CURRENT_VERSION, "app", Digest.of(new byte[0]).hex(),
        List.of(new LockFile.Suite("debian", "trixie", Digest.of("InRelease".getBytes(StandardCharsets.UTF_8)).hex(), "d")),
        Map.of("amd64", List.of(new LockFile.Package("base-files", "13.8", "amd64", "base-files", "13.8", "debian",
            "trixie", "main", "pool/main/b/base-files/base-files_13.8_amd64.deb", 1, 1, deb.hex(), List.of()))),
        Map.of());
    Path lockFile = dir.resolve("app.lock.json");
    LockFiles.write(lock, lockFile);
    String image = "oci:" + layout.dir();

    assertThat(run("verify", image, "--key", release + ".pub", "--provenance")).isEqualTo(1);
    assertThat(err.toString()).startsWith("basalt: error: " + image + " (" + root + ") has no verified provenance: ");

    ProvenanceInput input = new ProvenanceInput("app", Digest.of(new byte[0]), Map.of(),
        ProvenanceInput.packagesOf(lock), ProvenanceInput.releasesOf(lock), Instant.parse("2023-11-14T22:13:20Z"),
        List.of(new ProvenanceInput.Subject("app", root)));
    ImageAttester.attach(new ImageLocation.Layout(layout.dir(), null), SlsaProvenance.statement(input),
        KeyFiles.readPrivateKey(Path.of(release + ".key"), (p, c) -> "pw-release".toCharArray()));

    assertThat(run("verify", image, "--key", release + ".pub", "--provenance", "--lock", lockFile.toString()))
        .as(err.toString()).isZero();
    assertThat(out.toString()).startsWith("Verified the SLSA provenance of " + image + " (" + root + ") in its sigstore"
        + " bundle referrer, signed by ").contains(": 2 resolved dependencies, exactly those of " + lockFile + ".\n")
        .endsWith("  builder https://basalt.dev/builder/v1, build type https://basalt.dev/build/v1, predicate"
            + " https://slsa.dev/provenance/v1\n");

    LockFile other = new LockFile(lock.lockVersion(), lock.spec(), lock.specSha256(), lock.suites(), Map.of(), Map.of());
    LockFiles.write(other, lockFile);
    assertThat(run("verify", image, "--key", release + ".pub", "--provenance", "--lock", lockFile.toString()))
        .isEqualTo(1);
    assertThat(err.toString()).isEqualTo("basalt: error: The provenance of " + image + " verifies, but its resolved"
        + " dependencies differ from the lock for app (1 differences):\n  not in the lock:"
        + " pkg:deb/debian/base-files@13.8?arch=amd64 (sha256 " + deb.hex() + ")\n");
  }
}
