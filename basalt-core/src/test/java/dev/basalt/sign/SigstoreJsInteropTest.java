package dev.basalt.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.basalt.cache.Digest;
import dev.basalt.image.ImageLocation;
import dev.basalt.testkit.ExternalTool;
import dev.basalt.testkit.TestLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * basalt's bundles and keys checked by other implementations: sigstore-js's verifier (npm
 * {@code sigstore@4}) must accept basalt's bundle and reject a tampered one, and Node's scrypt with
 * tweetnacl's secretbox must open basalt's encrypted key; the bundles {@code basalt sign} and the
 * provenance attester write into a layout must verify there too. The packages are installed once into
 * {@code target/sigstore-js}; without node, npm or the registry the tests skip and say why.
 */
class SigstoreJsInteropTest {
  private static final Path SCRIPTS = SignFixtures.dir();
  private static final Path PREFIX = SignFixtures.buildDir().resolve("sigstore-js");
  private static final Digest IMAGE = Digest.of("a manifest".getBytes(StandardCharsets.UTF_8));

  private static ExternalTool node;
  /** Why the packages are not there, once an install was tried and failed; null while all is well. */
  private static String installFailure;
  private static boolean installTried;

  @TempDir Path dir;

  /** Checked before each test, so that every test reports itself skipped, with the reason. */
  @BeforeEach
  void requireSigstoreJs() throws Exception {
    node = ExternalTool.require("node");
    installOnce();
    if (installFailure != null) {
      System.err.println("[skipped] " + installFailure);
    }
    assumeTrue(installFailure == null, installFailure);
  }

  private static synchronized void installOnce() throws Exception {
    if (installTried) {
      return;
    }
    installTried = true;
    if (!installed()) {
      ExternalTool npm = ExternalTool.require("npm");
      ExternalTool.Result result = npm.run("install", "--prefix", PREFIX.toString(), "--no-audit", "--no-fund",
          "sigstore@4", "tweetnacl@1");
      if (result.exitCode() != 0 || !installed()) {
        installFailure = "npm could not install sigstore@4 and tweetnacl@1 into " + PREFIX
            + " (is the npm registry reachable?); the sigstore-js interop check is skipped. npm said: "
            + (result.stderr() + result.stdout()).strip();
        return;
      }
    }
    System.out.println("[sigstore-js] sigstore " + version("sigstore") + ", @sigstore/verify "
        + version("@sigstore/verify") + ", @sigstore/bundle " + version("@sigstore/bundle") + ", tweetnacl "
        + version("tweetnacl") + ", node " + node.run("--version").stdout().strip());
  }

  @Test
  void sigstoreJsAcceptsBasaltsBundle() throws Exception {
    SigningKey key = Keys.generate();
    InTotoStatement statement = InTotoStatement.cosignSignature(IMAGE, Map.of());
    JsonNode out = verify(SigstoreBundle.sign(statement, key).toJson(), key.publicKey(), 0);
    assertThat(out.get("verified").booleanValue()).isTrue();
    assertThat(out.get("hint").textValue()).isEqualTo(key.publicKey().hint());
    assertThat(out.get("payloadType").textValue()).isEqualTo(SignatureTypes.IN_TOTO_PAYLOAD);
    assertThat(out.get("payload").textValue()).isEqualTo(new String(statement.toJson(), StandardCharsets.UTF_8));
  }

  @Test
  void sigstoreJsRejectsATamperedBundle() throws Exception {
    SigningKey key = Keys.generate();
    InTotoStatement statement = InTotoStatement.cosignSignature(IMAGE, Map.of());
    InTotoStatement forged = InTotoStatement.cosignSignature(Digest.of(new byte[0]), Map.of());
    String bundle = new String(SigstoreBundle.sign(statement, key).toJson(), StandardCharsets.UTF_8)
        .replace(SignJson.base64(statement.toJson()), SignJson.base64(forged.toJson()));
    JsonNode out = verify(bundle.getBytes(StandardCharsets.UTF_8), key.publicKey(), 1);
    assertThat(out.get("verified").booleanValue()).isFalse();
    assertThat(out.get("code").textValue()).isEqualTo("SIGNATURE_ERROR");
    assertThat(out.get("error").textValue()).isEqualTo("signature verification failed");
  }

  @Test
  void sigstoreJsRejectsAnotherKeysBundle() throws Exception {
    SigningKey signer = Keys.generate();
    SigningKey expected = Keys.generate();
    byte[] bundle = SigstoreBundle.sign(InTotoStatement.cosignSignature(IMAGE, Map.of()), signer).toJson();
    JsonNode out = verify(bundle, expected.publicKey(), 1);
    assertThat(out.get("code").textValue()).isEqualTo("PUBLIC_KEY_ERROR");
    assertThat(out.get("error").textValue()).isEqualTo("key not found: " + signer.publicKey().hint());
  }

  @Test
  void sigstoreJsAcceptsTheBundlesBasaltSignWritesIntoALayoutAndRejectsThemTampered() throws Exception {
    SigningKey key = Keys.generate();
    TestLayout.Written layout = TestLayout.write(dir.resolve("app"), "app", "x");
    ImageLocation.Layout location = new ImageLocation.Layout(layout.dir(), null);
    ImageSigner.sign(location, key, null);
    Digest root = layout.index().digest();
    InTotoStatement provenance = SlsaProvenance.statement(SlsaProvenanceTest.input(SlsaProvenanceTest.lock(),
        List.of(new ProvenanceInput.Subject("app", root))));
    ImageAttester.attach(location, provenance, key);
    LayoutTamper tamper = new LayoutTamper(layout.dir());

    byte[] signature = referrerBundle(tamper, root, SignatureTypes.COSIGN_SIGN_PREDICATE);
    JsonNode out = verify(signature, key.publicKey(), 0);
    assertThat(out.get("payload").textValue())
        .isEqualTo(new String(InTotoStatement.cosignSignature(root, Map.of()).toJson(), StandardCharsets.UTF_8));
    JsonNode attested = verify(referrerBundle(tamper, root, SlsaProvenance.PREDICATE_TYPE), key.publicKey(), 0);
    assertThat(attested.get("payload").textValue()).isEqualTo(new String(provenance.toJson(), StandardCharsets.UTF_8));

    String forged = SignJson.base64(InTotoStatement.cosignSignature(layout.manifests().get(0).digest(), Map.of()).toJson());
    byte[] tampered = new String(signature, StandardCharsets.UTF_8)
        .replace(SignJson.base64(InTotoStatement.cosignSignature(root, Map.of()).toJson()), forged)
        .getBytes(StandardCharsets.UTF_8);
    assertThat(tampered).isNotEqualTo(signature);
    JsonNode rejected = verify(tampered, key.publicKey(), 1);
    assertThat(rejected.get("code").textValue()).isEqualTo("SIGNATURE_ERROR");
    verify(signature, Keys.generate().publicKey(), 1);
  }

  /** The bundle blob of the referrer of {@code subject} annotated with {@code predicateType}. */
  private static byte[] referrerBundle(LayoutTamper tamper, Digest subject, String predicateType) throws Exception {
    for (JsonNode e : tamper.entries()) {
      if (predicateType.equals(e.path("annotations").path(SignatureTypes.BUNDLE_PREDICATE_TYPE_ANNOTATION).asText())) {
        JsonNode manifest = tamper.json(e.get("digest").asText());
        if (manifest.path("subject").path("digest").asText().equals(subject.toString())) {
          return tamper.blob(manifest.get("layers").get(0).get("digest").asText());
        }
      }
    }
    throw new AssertionError("no " + predicateType + " bundle for " + subject);
  }

  @Test
  void nodeAndTweetnaclOpenBasaltsEncryptedKey() throws Exception {
    SigningKey key = Keys.generate();
    Path privateKey = dir.resolve("cosign.key");
    Keys.writeKeyPair(key, "pa55 wörd".toCharArray(), privateKey, dir.resolve("cosign.pub"), new SecureRandom());
    ExternalTool.Result result = node.run(SCRIPTS.resolve("tweetnacl-open-key.js").toString(), PREFIX.toString(),
        privateKey.toString(), "pa55 wörd", "signed in node");
    assertThat(result.exitCode()).as(result.toString()).isZero();
    JsonNode out = SignJson.parse(result.stdout().strip().getBytes(StandardCharsets.UTF_8), "node output");
    assertThat(out.get("params").toString()).isEqualTo("{\"N\":65536,\"r\":8,\"p\":1}");
    assertThat(out.get("publicKey").textValue()).isEqualTo(key.publicKey().pem().encode());
    key.publicKey().verify("signed in node".getBytes(StandardCharsets.UTF_8),
        Base64.getDecoder().decode(out.get("signature").textValue()));

    ExternalTool.Result wrong = node.run(SCRIPTS.resolve("tweetnacl-open-key.js").toString(), PREFIX.toString(),
        privateKey.toString(), "pa55 word", "x");
    assertThat(wrong.exitCode()).isEqualTo(1);
    assertThat(wrong.stderr()).contains("secretbox did not open: wrong password or altered key");
  }

  private JsonNode verify(byte[] bundle, VerificationKey key, int expectedExit) throws Exception {
    Path bundleFile = dir.resolve("bundle-" + System.nanoTime() + ".sigstore.json");
    Path keyFile = dir.resolve("key-" + System.nanoTime() + ".pub");
    Files.write(bundleFile, bundle);
    Files.writeString(keyFile, key.pem().encode());
    ExternalTool.Result result = node.run(SCRIPTS.resolve("sigstore-js-verify.js").toString(), PREFIX.toString(),
        bundleFile.toString(), keyFile.toString());
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(expectedExit);
    return SignJson.parse(result.stdout().strip().getBytes(StandardCharsets.UTF_8), "sigstore-js output");
  }

  private static boolean installed() {
    return Files.isRegularFile(PREFIX.resolve("node_modules/sigstore/package.json"))
        && Files.isRegularFile(PREFIX.resolve("node_modules/tweetnacl/package.json"))
        && version("sigstore").startsWith("4.");
  }

  private static String version(String module) {
    try {
      Path manifest = PREFIX.resolve("node_modules").resolve(module).resolve("package.json");
      return SignJson.requireText(SignJson.parse(Files.readAllBytes(manifest), module), "version", module);
    } catch (Exception e) {
      return "(not installed)";
    }
  }
}
