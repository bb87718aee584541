package dev.basalt.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basalt.cache.Digest;
import dev.basalt.image.ImageLocation;
import dev.basalt.lock.LockFile;
import dev.basalt.oci.AttachmentTags;
import dev.basalt.sign.SignatureReport.Form;
import dev.basalt.sign.VerificationException.Reason;
import dev.basalt.testkit.TestLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Provenance attached to a layout, where cosign keeps attestations, and checked against a lock. */
class ImageAttesterTest {
  static final SigningKey KEY = ImageSignerTest.KEY;
  static final SigningKey OTHER = ImageSignerTest.OTHER;

  @TempDir Path dir;
  TestLayout.Written layout;
  ImageLocation.Layout location;
  LayoutTamper tamper;
  Digest root;
  InTotoStatement provenance;

  @BeforeEach
  void layout() throws Exception {
    layout = TestLayout.write(dir.resolve("app"), "app", "x");
    location = new ImageLocation.Layout(layout.dir(), null);
    tamper = new LayoutTamper(layout.dir());
    root = layout.index().digest();
    provenance = SlsaProvenance.statement(SlsaProvenanceTest.input(SlsaProvenanceTest.lock(), List.of(
        new ProvenanceInput.Subject("app", root),
        new ProvenanceInput.Subject("app@linux/amd64", layout.manifests().get(0).digest()),
        new ProvenanceInput.Subject("app@linux/arm64/v8", layout.manifests().get(1).digest()))));
  }

  @Test
  void signedProvenanceGoesToABundleReferrerAndTheAttTagAndVerifiesAgainstItsLock() throws Exception {
    ImageAttester.Result result = ImageAttester.attach(location, provenance, KEY);
    assertThat(result.changed()).isTrue();
    assertThat(result.tag()).isEqualTo(AttachmentTags.attestation(root));

    ObjectNode referrer = tamper.referrer(SignatureTypes.SIGSTORE_BUNDLE_V03, root);
    assertThat(referrer.get("annotations").toString()).isEqualTo("{\"dev.sigstore.bundle.content\":\"dsse-envelope\","
        + "\"dev.sigstore.bundle.predicateType\":\"https://slsa.dev/provenance/v1\"}");
    JsonNode att = tamper.json(tamper.tagged(AttachmentTags.attestation(root)).get("digest").asText());
    JsonNode layer = att.get("layers").get(0);
    assertThat(layer.get("mediaType").asText()).isEqualTo("application/vnd.dsse.envelope.v1+json");
    assertThat(layer.get("annotations").toString()).isEqualTo("{\"dev.cosignproject.cosign/signature\":\"\","
        + "\"predicateType\":\"https://slsa.dev/provenance/v1\"}");
    DsseEnvelope envelope = DsseEnvelope.fromJson(tamper.blob(layer.get("digest").asText()));
    assertThat(envelope.payloadType()).isEqualTo(SignatureTypes.IN_TOTO_PAYLOAD);
    assertThat(envelope.verify(KEY.publicKey())).isEqualTo(provenance.toJson());

    ProvenanceVerifier.Result verified = ProvenanceVerifier.verify(location, KEY.publicKey(), SlsaProvenanceTest.lock());
    assertThat(verified.form()).isEqualTo(Form.SIGSTORE_BUNDLE);
    assertThat(verified.subject()).isEqualTo(root);
    assertThat(verified.statement().toJson()).isEqualTo(provenance.toJson());
    assertThat(verified.dependencies()).hasSize(5);

    byte[] index = Files.readAllBytes(layout.dir().resolve("index.json"));
    assertThat(ImageAttester.attach(location, provenance, KEY).changed()).isFalse();
    assertThat(Files.readAllBytes(layout.dir().resolve("index.json"))).isEqualTo(index);

    // An attestation is not a signature of the image.
    assertThat(ImageVerifier.verify(location, KEY.publicKey()).verified()).isFalse();
  }

  @Test
  void theAttTagAloneIsEnough() throws Exception {
    ImageAttester.attach(location, provenance, KEY);
    ObjectNode index = (ObjectNode) LayoutTamper.JSON.readTree(layout.dir().resolve("index.json").toFile());
    ArrayNode kept = LayoutTamper.JSON.createArrayNode();
    index.get("manifests").forEach(e -> {
      if (!SignatureTypes.SIGSTORE_BUNDLE_V03.equals(e.path("artifactType").asText())) {
        kept.add(e);
      }
    });
    index.set("manifests", kept);
    Files.write(layout.dir().resolve("index.json"), LayoutTamper.JSON.writeValueAsBytes(index));
    assertThat(ProvenanceVerifier.verify(location, KEY.publicKey(), null).form()).isEqualTo(Form.COSIGN_TAG);
  }

  @Test
  void aProvenanceStatingOtherPackagesThanTheLockIsRefusedWithTheDifferences() throws Exception {
    ImageAttester.attach(location, provenance, KEY);
    LockFile lock = SlsaProvenanceTest.lock();
    List<LockFile.Package> amd64 = new ArrayList<>(lock.archs().get("amd64"));
    amd64.add(SlsaProvenanceTest.pkg("bash", "5.2", "amd64", "bash", "pool/main/b/bash/bash_5.2_amd64.deb",
        SlsaProvenanceTest.sha("bash")));
    LockFile changed = new LockFile(1, "app", lock.specSha256(), lock.suites(),
        Map.of("amd64", amd64, "arm64", lock.archs().get("arm64")), Map.of());
    assertThatThrownBy(() -> ProvenanceVerifier.verify(location, KEY.publicKey(), changed))
        .isInstanceOf(ProvenanceMismatchException.class)
        .hasMessage("The provenance of oci:" + layout.dir() + " verifies, but its resolved dependencies differ from the"
            + " lock for app (1 differences):\n  missing from the provenance: pkg:deb/debian/bash@5.2?arch=amd64 (sha256 "
            + SlsaProvenanceTest.sha("bash").hex() + ")")
        .satisfies(e -> assertThat(((ProvenanceMismatchException) e).exitCode()).isEqualTo(1));
  }

  @Test
  void provenanceCopiedFromAnotherImageIsAboutThatImage() throws Exception {
    TestLayout.Written other = TestLayout.write(dir.resolve("other"), "app", "y");
    Digest otherRoot = other.index().digest();
    ImageAttester.attach(new ImageLocation.Layout(other.dir(), null), SlsaProvenance.statement(
        SlsaProvenanceTest.input(SlsaProvenanceTest.lock(), List.of(new ProvenanceInput.Subject("app", otherRoot)))), KEY);
    LayoutTamper from = new LayoutTamper(other.dir());
    ObjectNode att = from.tagged(AttachmentTags.attestation(otherRoot)).deepCopy();
    JsonNode layer = from.json(att.get("digest").asText()).get("layers").get(0);
    for (String digest : List.of(att.get("digest").asText(), layer.get("digest").asText(),
        from.json(att.get("digest").asText()).get("config").get("digest").asText())) {
      tamper.store(from.blob(digest));
    }
    ((ObjectNode) att.get("annotations")).put("org.opencontainers.image.ref.name", AttachmentTags.attestation(root));
    tamper.addEntry(att);
    assertThatThrownBy(() -> ProvenanceVerifier.verify(location, KEY.publicKey(), null))
        .isInstanceOf(VerificationException.class)
        .hasMessageEndingWith("The signature holds, but the statement is about sha256 " + otherRoot.hex() + ", not "
            + root + ".")
        .satisfies(e -> assertThat(((VerificationException) e).reason()).isEqualTo(Reason.DIGEST_MISMATCH));
  }

  @Test
  void provenanceByAnotherKeyOrUnsignedOrAboutAnotherImageDoesNotVerify() throws Exception {
    ImageAttester.attach(location, provenance, OTHER);
    assertThatThrownBy(() -> ProvenanceVerifier.verify(location, KEY.publicKey(), null))
        .isInstanceOf(VerificationException.class)
        .satisfies(e -> assertThat(((VerificationException) e).reason()).isEqualTo(Reason.OTHER_KEY));

    TestLayout.Written bare = TestLayout.write(dir.resolve("bare"), "app", "x");
    ImageLocation.Layout bareLocation = new ImageLocation.Layout(bare.dir(), null);
    ImageAttester.Result unsigned = ImageAttester.attach(bareLocation, provenance, null);
    assertThat(unsigned.tag()).isNull();
    ObjectNode referrer = new LayoutTamper(bare.dir()).referrer(SignatureTypes.IN_TOTO_PAYLOAD, root);
    assertThat(referrer.get("annotations").toString())
        .isEqualTo("{\"in-toto.io/predicate-type\":\"https://slsa.dev/provenance/v1\"}");
    assertThatThrownBy(() -> ProvenanceVerifier.verify(bareLocation, KEY.publicKey(), null))
        .isInstanceOf(VerificationException.class)
        .hasMessage("oci:" + bare.dir() + " (" + root + ") has no verified provenance: oci:" + bare.dir()
            + " lists no sigstore bundle referrer for " + root + " with predicate type https://slsa.dev/provenance/v1.");

    TestLayout.Written other = TestLayout.write(dir.resolve("other"), "app", "y");
    assertThatThrownBy(() -> ImageAttester.attach(new ImageLocation.Layout(other.dir(), null), provenance, KEY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the statement is not about oci:" + other.dir() + ": ");
  }
}
