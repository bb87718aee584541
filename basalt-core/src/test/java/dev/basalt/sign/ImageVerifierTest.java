package dev.basalt.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basalt.cache.Digest;
import dev.basalt.image.ImageLocation;
import dev.basalt.image.ImageReadException;
import dev.basalt.oci.AttachmentTags;
import dev.basalt.sign.SignatureReport.Form;
import dev.basalt.sign.VerificationException.Reason;
import dev.basalt.testkit.TestLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** basalt verify: a valid signature by the key over this exact digest, and each way that fails. */
class ImageVerifierTest {
  static final SigningKey KEY = ImageSignerTest.KEY;
  static final SigningKey OTHER = ImageSignerTest.OTHER;

  @TempDir Path dir;
  TestLayout.Written layout;
  ImageLocation.Layout location;
  LayoutTamper tamper;
  Digest root;

  @BeforeEach
  void layout() throws Exception {
    layout = TestLayout.write(dir.resolve("app"), "app", "x");
    location = new ImageLocation.Layout(layout.dir(), null);
    tamper = new LayoutTamper(layout.dir());
    root = layout.index().digest();
  }

  private static List<Reason> reasons(SignatureReport.DigestResult r) {
    return r.forms().stream().map(f -> f.verified() ? null : f.failure().reason()).toList();
  }

  private VerificationException failure(SigningKey key) throws Exception {
    SignatureReport report = ImageVerifier.verify(location, key.publicKey());
    assertThat(report.verified()).isFalse();
    try {
      report.requireVerified();
    } catch (VerificationException e) {
      return e;
    }
    throw new AssertionError("requireVerified passed on an unverified report");
  }

  @Test
  void anUnsignedImageHasNoSignature() throws Exception {
    SignatureReport report = ImageVerifier.verify(location, KEY.publicKey());
    assertThat(reasons(report.root())).containsExactly(Reason.NO_SIGNATURE, Reason.NO_SIGNATURE);
    assertThat(report.root().forms().get(1).failure()).hasMessage("oci:" + layout.dir() + " lists no sigstore bundle"
        + " referrer for " + root + " with predicate type https://sigstore.dev/cosign/sign/v1.");
    VerificationException e = failure(KEY);
    assertThat(e.reason()).isEqualTo(Reason.NO_SIGNATURE);
    assertThat(e).hasMessage("oci:" + layout.dir() + " (image index " + root + ") is not verified: oci:" + layout.dir()
        + " has no cosign signature tag " + AttachmentTags.signature(root) + ".");
    assertThat(e.exitCode()).isEqualTo(1);
  }

  @Test
  void aSignatureByAnotherKeyIsNamedSo() throws Exception {
    ImageSigner.sign(location, OTHER, null);
    SignatureReport report = ImageVerifier.verify(location, KEY.publicKey());
    // A simple signing layer names no key: it only fails to verify. The bundle names its key.
    assertThat(reasons(report.root())).containsExactly(Reason.ALTERED, Reason.OTHER_KEY);
    VerificationException e = failure(KEY);
    assertThat(e.reason()).isEqualTo(Reason.OTHER_KEY);
    assertThat(e.getMessage()).endsWith("The bundle was signed by another key: it names key " + OTHER.publicKey().hint()
        + ", and the signature does not verify with the key given, " + KEY.publicKey().hint() + ".");
  }

  @Test
  void payloadsRewrittenConsistentlyAreNotCoveredByTheirSignatures() throws Exception {
    ImageSigner.sign(location, KEY, null);
    String other = layout.manifests().get(0).digest().toString();
    // Make the .sig payload vouch for another digest; blob, manifest and index.json all consistent.
    tamper.rewriteLayer(tamper.tagged(AttachmentTags.signature(root)), 0, payload ->
        new String(payload, StandardCharsets.UTF_8).replace(root.toString(), other).getBytes(StandardCharsets.UTF_8));
    SignatureReport tagOnly = ImageVerifier.verify(location, KEY.publicKey());
    assertThat(reasons(tagOnly.root())).containsExactly(Reason.ALTERED, null);
    assertThat(tagOnly.verified()).isTrue(); // the bundle still covers the root: either form is enough

    tamper.rewriteLayer(tamper.referrer(SignatureTypes.SIGSTORE_BUNDLE_V03, root), 0, bundle -> {
      String forged = SignJson.base64(InTotoStatement.cosignSignature(Digest.parse(other), Map.of()).toJson());
      String honest = SignJson.base64(InTotoStatement.cosignSignature(root, Map.of()).toJson());
      return new String(bundle, StandardCharsets.UTF_8).replace(honest, forged).getBytes(StandardCharsets.UTF_8);
    });
    SignatureReport report = ImageVerifier.verify(location, KEY.publicKey());
    assertThat(reasons(report.root())).containsExactly(Reason.ALTERED, Reason.ALTERED);
    assertThat(report.root().forms().get(1).failure().getMessage()).contains("The bundle's signature does not verify"
        + " with key " + KEY.publicKey().hint() + ", the key it names: its payload or signature was altered.");
    assertThat(failure(KEY).reason()).isEqualTo(Reason.ALTERED);
    // The platforms' signatures were not touched.
    assertThat(report.platforms()).extracting(SignatureReport.DigestResult::verified).containsExactly(true, true);
  }

  @Test
  void aBlobChangedWithoutFixingItsDigestIsAnAlteredSignature() throws Exception {
    ImageSigner.sign(location, KEY, null);
    ObjectNode sig = tamper.tagged(AttachmentTags.signature(root));
    tamper.flip(tamper.json(sig.get("digest").asText()).get("layers").get(0).get("digest").asText());
    SignatureReport report = ImageVerifier.verify(location, KEY.publicKey());
    assertThat(reasons(report.root())).containsExactly(Reason.ALTERED, null);
    assertThat(report.root().forms().get(0).failure().getMessage()).contains("the signed payload was altered:")
        .contains("does not match its descriptor");

    ObjectNode referrer = tamper.referrer(SignatureTypes.SIGSTORE_BUNDLE_V03, root);
    tamper.flip(tamper.json(referrer.get("digest").asText()).get("layers").get(0).get("digest").asText());
    assertThat(reasons(ImageVerifier.verify(location, KEY.publicKey()).root()))
        .containsExactly(Reason.ALTERED, Reason.ALTERED);
  }

  @Test
  void aSignatureCopiedFromAnotherImageIsForThatImage() throws Exception {
    TestLayout.Written signed = TestLayout.write(dir.resolve("signed"), "app", "y");
    ImageLocation.Layout signedLocation = new ImageLocation.Layout(signed.dir(), null);
    ImageSigner.sign(signedLocation, KEY, null);
    Digest source = signed.index().digest();
    LayoutTamper from = new LayoutTamper(signed.dir());
    try (Stream<Path> blobs = Files.list(signed.dir().resolve("blobs/sha256"))) {
      for (Path b : blobs.toList()) {
        Files.copy(b, layout.dir().resolve("blobs/sha256").resolve(b.getFileName()),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
    // The .sig image under this image's tag, and the bundle referrer with its (unsigned) subject rewritten.
    ObjectNode sig = from.tagged(AttachmentTags.signature(source)).deepCopy();
    ((ObjectNode) sig.get("annotations")).put("org.opencontainers.image.ref.name", AttachmentTags.signature(root));
    tamper.addEntry(sig);
    ObjectNode referrer = from.referrer(SignatureTypes.SIGSTORE_BUNDLE_V03, source).deepCopy();
    ObjectNode manifest = (ObjectNode) from.json(referrer.get("digest").asText());
    ((ObjectNode) manifest.get("subject")).put("digest", root.toString()).put("size", layout.index().size());
    byte[] bytes = LayoutTamper.JSON.writeValueAsBytes(manifest);
    referrer.put("digest", tamper.store(bytes)).put("size", bytes.length);
    tamper.addEntry(referrer);

    SignatureReport report = ImageVerifier.verify(location, KEY.publicKey());
    assertThat(reasons(report.root())).containsExactly(Reason.DIGEST_MISMATCH, Reason.DIGEST_MISMATCH);
    VerificationException e = failure(KEY);
    assertThat(e.reason()).isEqualTo(Reason.DIGEST_MISMATCH);
    assertThat(e.getMessage()).endsWith("The signature holds, but it is for manifest " + source + " of app, not for "
        + root + ".");
    assertThat(report.root().forms().get(1).failure().getMessage()).endsWith("The signature holds, but the statement"
        + " is about sha256 " + source.hex() + ", not " + root + ".");
  }

  @Test
  void aPlatformsSignatureDoesNotCoverTheRoot() throws Exception {
    ImageSigner.sign(location, KEY, null);
    Digest amd64 = layout.manifests().get(0).digest();
    ObjectNode platformSig = tamper.tagged(AttachmentTags.signature(amd64)).deepCopy();
    // Drop the root's own signatures, then tag the platform's .sig image as the root's.
    ObjectNode rootSig = tamper.tagged(AttachmentTags.signature(root));
    ((ObjectNode) platformSig.get("annotations")).put("org.opencontainers.image.ref.name", AttachmentTags.signature(root));
    tamper.replaceManifest(rootSig, tamper.blob(platformSig.get("digest").asText()));
    SignatureReport report = ImageVerifier.verify(location, KEY.publicKey());
    assertThat(report.root().forms().get(0).failure().reason()).isEqualTo(Reason.DIGEST_MISMATCH);
    assertThat(report.root().verifiedForms()).containsExactly(Form.SIGSTORE_BUNDLE);
  }

  @Test
  void aCorruptImageIndexCannotBeRead() throws Exception {
    ImageSigner.sign(location, KEY, null);
    tamper.flip(root.toString());
    assertThatThrownBy(() -> ImageVerifier.verify(location, KEY.publicKey())).isInstanceOf(ImageReadException.class)
        .hasMessageContaining("blob " + root + " does not match its descriptor");
  }
}
