package dev.basalt.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.cache.Digest;
import dev.basalt.sign.VerificationException.Reason;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SigstoreBundleTest {
  private static final SigningKey KEY = SigningKey.fromScalar(
      new BigInteger("C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721", 16));
  private static final Digest IMAGE = Digest.parse("sha256:4a668fd22601acf91adb14ae57c2fe45a61010c709b3c48ff12b0b9187147640");
  private static final InTotoStatement STATEMENT = InTotoStatement.cosignSignature(IMAGE, Map.of());

  /**
   * The golden bundle: any change to the statement, the signing or the JSON layout shows here. Its
   * signature was checked independently: {@code openssl dgst -sha256 -verify} with the RFC 6979 key
   * over the envelope's PAE says "Verified OK".
   */
  private static final String GOLDEN = "{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\","
      + "\"verificationMaterial\":{\"publicKey\":{\"hint\":\"Wnp4zKSg9CDZvGK7Zpw8J1njn3I9OuENy+DwgVoH7NQ=\"},"
      + "\"tlogEntries\":[]},\"dsseEnvelope\":{\"payload\":\""
      + "eyJfdHlwZSI6Imh0dHBzOi8vaW4tdG90by5pby9TdGF0ZW1lbnQvdjEiLCJzdWJqZWN0IjpbeyJkaWdlc3QiOnsic2hhMjU2IjoiNGE2NjhmZDIy"
      + "NjAxYWNmOTFhZGIxNGFlNTdjMmZlNDVhNjEwMTBjNzA5YjNjNDhmZjEyYjBiOTE4NzE0NzY0MCJ9LCJhbm5vdGF0aW9ucyI6e319XSwicHJlZGlj"
      + "YXRlVHlwZSI6Imh0dHBzOi8vc2lnc3RvcmUuZGV2L2Nvc2lnbi9zaWduL3YxIiwicHJlZGljYXRlIjp7fX0=\","
      + "\"payloadType\":\"application/vnd.in-toto+json\",\"signatures\":[{\"sig\":\""
      + "MEUCIDdHEP2Vhb12ybV/3nS/8xTRsfuMlxKN3zZSLm+kEPmXAiEAv7IU4nhKAHNJii5Y6lB7224K8cEqJ9jRVnEVpm8YtbQ=\"}]}}";

  @Test
  void sameKeyAndStatementGiveTheSameBytes() {
    byte[] first = SigstoreBundle.sign(STATEMENT, KEY).toJson();
    assertThat(SigstoreBundle.sign(STATEMENT, KEY).toJson()).isEqualTo(first);
    assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo(GOLDEN);
  }

  @Test
  void readsBackAndVerifiesTheStatement() throws Exception {
    SigstoreBundle bundle = SigstoreBundle.fromJson(SigstoreBundle.sign(STATEMENT, KEY).toJson());
    assertThat(bundle.keyHint()).isEqualTo(KEY.publicKey().hint());
    assertThat(bundle.verify(KEY.publicKey())).isEqualTo(STATEMENT.toJson());
    assertThat(bundle.verifyStatement(KEY.publicKey(), SignatureTypes.COSIGN_SIGN_PREDICATE, IMAGE)).isEqualTo(STATEMENT);
  }

  @Test
  void aTamperedPayloadIsAltered() throws Exception {
    String json = new String(SigstoreBundle.sign(STATEMENT, KEY).toJson(), StandardCharsets.UTF_8);
    String payload = SignJson.base64(STATEMENT.toJson());
    String tampered = SignJson.base64(new String(STATEMENT.toJson(), StandardCharsets.UTF_8)
        .replace(IMAGE.hex(), Digest.of(new byte[0]).hex()).getBytes(StandardCharsets.UTF_8));
    SigstoreBundle bundle = SigstoreBundle.fromJson(json.replace(payload, tampered).getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> bundle.verify(KEY.publicKey()))
        .isInstanceOfSatisfying(VerificationException.class, e -> assertThat(e.reason()).isEqualTo(Reason.ALTERED))
        .hasMessage("The bundle's signature does not verify with key " + KEY.publicKey().hint()
            + ", the key it names: its payload or signature was altered.");
  }

  @Test
  void anotherKeysBundleSaysSo() throws Exception {
    SigningKey other = SigningKey.generate(new SecureRandom());
    SigstoreBundle bundle = SigstoreBundle.fromJson(SigstoreBundle.sign(STATEMENT, other).toJson());
    assertThatThrownBy(() -> bundle.verify(KEY.publicKey()))
        .isInstanceOfSatisfying(VerificationException.class, e -> assertThat(e.reason()).isEqualTo(Reason.OTHER_KEY))
        .hasMessage("The bundle was signed by another key: it names key " + other.publicKey().hint()
            + ", and the signature does not verify with the key given, " + KEY.publicKey().hint() + ".");
  }

  @Test
  void aBundleWithoutSignatureSaysSo() throws Exception {
    SigstoreBundle unsigned = new SigstoreBundle(null, new DsseEnvelope(SignatureTypes.IN_TOTO_PAYLOAD, STATEMENT.toJson(),
        List.of()));
    SigstoreBundle read = SigstoreBundle.fromJson(unsigned.toJson());
    assertThat(new String(unsigned.toJson(), StandardCharsets.UTF_8)).startsWith(
        "{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\",\"verificationMaterial\":{\"tlogEntries\":[]},");
    assertThatThrownBy(() -> read.verify(KEY.publicKey()))
        .isInstanceOfSatisfying(VerificationException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NO_SIGNATURE))
        .hasMessage("The bundle's DSSE envelope holds no signature.");
  }

  @Test
  void aValidSignatureForAnotherImageIsADigestMismatch() throws Exception {
    Digest other = Digest.of("other manifest".getBytes(StandardCharsets.UTF_8));
    SigstoreBundle bundle = SigstoreBundle.sign(STATEMENT, KEY);
    assertThatThrownBy(() -> bundle.verifyStatement(KEY.publicKey(), SignatureTypes.COSIGN_SIGN_PREDICATE, other))
        .isInstanceOfSatisfying(VerificationException.class, e -> assertThat(e.reason()).isEqualTo(Reason.DIGEST_MISMATCH));
    assertThatThrownBy(() -> bundle.verifyStatement(KEY.publicKey(), "https://slsa.dev/provenance/v1", IMAGE))
        .isInstanceOfSatisfying(VerificationException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNEXPECTED_PAYLOAD))
        .hasMessage("The signed statement's predicate type is 'https://sigstore.dev/cosign/sign/v1', not"
            + " 'https://slsa.dev/provenance/v1'.");
    SigstoreBundle plain = SigstoreBundle.sign("text/plain", STATEMENT.toJson(), KEY);
    assertThatThrownBy(() -> plain.verifyStatement(KEY.publicKey(), SignatureTypes.COSIGN_SIGN_PREDICATE, IMAGE))
        .isInstanceOfSatisfying(VerificationException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNEXPECTED_PAYLOAD))
        .hasMessage("The bundle's payload is of type 'text/plain', not 'application/vnd.in-toto+json'.");
  }

  @Test
  void documentsThatAreNotDsseBundlesAreMalformed() {
    String messageSignature = "{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\",\"verificationMaterial\":"
        + "{\"publicKey\":{\"hint\":\"h\"},\"tlogEntries\":[]},\"messageSignature\":{}}";
    assertThatThrownBy(() -> SigstoreBundle.fromJson(messageSignature.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(VerificationException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED))
        .hasMessage("Not a usable sigstore bundle: sigstore bundle holds no DSSE envelope"
            + " (it holds a message signature, which basalt does not verify)");
    assertThatThrownBy(() -> SigstoreBundle.fromJson("{\"mediaType\":\"application/json\"}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(VerificationException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED))
        .hasMessage("Not a usable sigstore bundle: sigstore bundle has media type 'application/json', not"
            + " application/vnd.dev.sigstore.bundle.v0.3+json");
  }
}
