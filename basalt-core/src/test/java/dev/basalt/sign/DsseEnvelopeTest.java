package dev.basalt.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.sign.VerificationException.Reason;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bouncycastle.asn1.x509.Certificate;
import org.junit.jupiter.api.Test;

class DsseEnvelopeTest {
  private static final Path FIXTURES = SignFixtures.dir();
  private static final SigningKey KEY = SigningKey.fromScalar(
      new BigInteger("C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721", 16));
  private static final byte[] HELLO = "hello world".getBytes(StandardCharsets.UTF_8);

  @Test
  void paeIsTheSpecsExample() {
    // DSSE protocol.md: PAE("http://example.com/HelloWorld", "hello world").
    assertThat(new String(DsseEnvelope.pae("http://example.com/HelloWorld", HELLO), StandardCharsets.UTF_8))
        .isEqualTo("DSSEv1 29 http://example.com/HelloWorld 11 hello world");
    assertThat(DsseEnvelope.pae("t/é", new byte[0])).isEqualTo("DSSEv1 4 t/é 0 ".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void signedEnvelopeIsDeterministicJsonThatVerifies() throws Exception {
    DsseEnvelope envelope = DsseEnvelope.sign("text/plain", HELLO, KEY);
    String json = new String(envelope.toJson(), StandardCharsets.UTF_8);
    assertThat(json).isEqualTo("{\"payloadType\":\"text/plain\",\"payload\":\"aGVsbG8gd29ybGQ=\",\"signatures\":"
        + "[{\"keyid\":\"\",\"sig\":\"" + SignJson.base64(KEY.sign(DsseEnvelope.pae("text/plain", HELLO))) + "\"}]}");
    assertThat(DsseEnvelope.sign("text/plain", HELLO, KEY).toJson()).isEqualTo(envelope.toJson());
    DsseEnvelope parsed = DsseEnvelope.fromJson(envelope.toJson());
    assertThat(parsed).isEqualTo(envelope);
    assertThat(parsed.verify(KEY.publicKey())).isEqualTo(HELLO);
  }

  @Test
  void verifiesAnEnvelopeThatSigstoreJsSigned() throws Exception {
    DsseEnvelope envelope = DsseEnvelope.fromJson(Files.readAllBytes(FIXTURES.resolve("sigstore-js-dsse-envelope.json")));
    VerificationKey signer = certificateKey();
    assertThat(new String(envelope.verify(signer), StandardCharsets.UTF_8)).isEqualTo("hello, world!");
    assertThat(envelope.payloadType()).isEqualTo("text/plain");

    DsseEnvelope otherType = new DsseEnvelope("text/html", envelope.payload(), envelope.signatures());
    assertThatThrownBy(() -> otherType.verify(signer))
        .isInstanceOfSatisfying(VerificationException.class, e -> assertThat(e.reason()).isEqualTo(Reason.ALTERED));
    DsseEnvelope otherPayload = new DsseEnvelope("text/plain", "hello, world?".getBytes(StandardCharsets.UTF_8),
        envelope.signatures());
    assertThatThrownBy(() -> otherPayload.verify(signer))
        .isInstanceOfSatisfying(VerificationException.class, e -> assertThat(e.reason()).isEqualTo(Reason.ALTERED))
        .hasMessage("No signature in the DSSE envelope verifies with key " + signer.hint()
            + ": the payload or its type was altered, or another key signed it.");
    assertThatThrownBy(() -> envelope.verify(KEY.publicKey()))
        .isInstanceOfSatisfying(VerificationException.class, e -> assertThat(e.reason()).isEqualTo(Reason.ALTERED));
  }

  @Test
  void anEnvelopeWithoutSignaturesOrNotAnEnvelopeIsRefused() {
    DsseEnvelope unsigned = new DsseEnvelope("text/plain", HELLO, List.of());
    assertThatThrownBy(() -> unsigned.verify(KEY.publicKey()))
        .isInstanceOfSatisfying(VerificationException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NO_SIGNATURE))
        .hasMessage("The DSSE envelope holds no signature.");
    assertThatThrownBy(() -> DsseEnvelope.fromJson("{\"payloadType\":\"t\",\"payload\":\"!!\",\"signatures\":[]}"
        .getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(VerificationException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED))
        .hasMessage("DSSE envelope payload is not base64");
    assertThatThrownBy(() -> DsseEnvelope.fromJson("{\"payloadType\":\"t\",\"payload\":\"\",\"payload\":\"\"}"
        .getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(VerificationException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED))
        .hasMessage("DSSE envelope is not valid JSON: Duplicate field 'payload'");
  }

  /** The public key of the certificate that sigstore-js's fixture envelope was signed under. */
  static VerificationKey certificateKey() throws Exception {
    Pem pem = Pem.decode(Files.readString(FIXTURES.resolve("sigstore-js-dsse-signer.crt")), "certificate");
    return VerificationKey.fromDer(Certificate.getInstance(pem.bytes()).getSubjectPublicKeyInfo().getEncoded(),
        "certificate");
  }
}
