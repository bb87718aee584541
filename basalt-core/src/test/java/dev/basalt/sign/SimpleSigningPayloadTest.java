package dev.basalt.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.cache.Digest;
import dev.basalt.sign.VerificationException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimpleSigningPayloadTest {
  private static final Digest DIGEST = Digest.parse("sha256:d34db33fd34db33fd34db33fd34db33fd34db33fd34db33fd34db33fd34db33f");

  @Test
  void writesWhatCosignMarshals() {
    // sigstore/sigstore pkg/signature/payload/payload_test.go (3ac7ff57), case "no claims".
    assertThat(json(new SimpleSigningPayload("example.com/test/image", DIGEST, null))).isEqualTo(
        "{\"critical\":{\"identity\":{\"docker-reference\":\"example.com/test/image\"},\"image\":{\"docker-manifest-digest\":"
            + "\"sha256:d34db33fd34db33fd34db33fd34db33fd34db33fd34db33fd34db33fd34db33f\"},"
            + "\"type\":\"cosign container image signature\"},\"optional\":null}");
    assertThat(json(new SimpleSigningPayload("localhost:5000/app", DIGEST, Map.of("z", "1", "creator", "basalt"))))
        .endsWith(",\"optional\":{\"creator\":\"basalt\",\"z\":\"1\"}}");
  }

  @Test
  void escapesHtmlCharactersAsGoDoes() {
    assertThat(json(new SimpleSigningPayload("example.com/a", DIGEST, Map.of("note", "<a & b>\u2028"))))
        .endsWith("\"optional\":{\"note\":\"\\u003ca \\u0026 b\\u003e\\u2028\"}}");
  }

  @Test
  void aReferenceWithTagOrDigestIsMisuse() {
    assertThatThrownBy(() -> new SimpleSigningPayload("example.com/app:1.0", DIGEST, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("docker-reference must be a repository without tag or digest: example.com/app:1.0");
    assertThatThrownBy(() -> new SimpleSigningPayload("example.com/app@" + DIGEST, DIGEST, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void readsBackWhatItWrote() throws Exception {
    SimpleSigningPayload payload = new SimpleSigningPayload("example.com/app", DIGEST, Map.of("k", "v"));
    assertThat(SimpleSigningPayload.fromJson(payload.toJson())).isEqualTo(payload);
    byte[] atomic = ("{\"critical\":{\"identity\":{\"docker-reference\":\"example.com/atomic/test/image\"},\"image\":"
        + "{\"docker-manifest-digest\":\"" + DIGEST + "\"},\"type\":\"atomic container signature\"},\"optional\":{}}")
        .getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> SimpleSigningPayload.fromJson(atomic))
        .isInstanceOfSatisfying(VerificationException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNEXPECTED_PAYLOAD))
        .hasMessage("The signed payload is of type 'atomic container signature', not 'cosign container image signature'.");
  }

  @Test
  void verifyChecksTheSignatureThenTheDigest() throws Exception {
    SigningKey key = SigningKey.generate(new SecureRandom());
    byte[] payload = new SimpleSigningPayload("example.com/app", DIGEST, null).toJson();
    byte[] signature = key.sign(payload);
    assertThat(SimpleSigningPayload.verify(payload, signature, key.publicKey(), DIGEST).dockerReference())
        .isEqualTo("example.com/app");

    Digest other = Digest.of(new byte[0]);
    assertThatThrownBy(() -> SimpleSigningPayload.verify(payload, signature, key.publicKey(), other))
        .isInstanceOfSatisfying(VerificationException.class, e -> assertThat(e.reason()).isEqualTo(Reason.DIGEST_MISMATCH))
        .hasMessage("The signature holds, but it is for manifest " + DIGEST + " of example.com/app, not for " + other + ".");
    byte[] altered = new String(payload, StandardCharsets.UTF_8).replace("d34db33f", "d34db33e").getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> SimpleSigningPayload.verify(altered, signature, key.publicKey(), DIGEST))
        .isInstanceOfSatisfying(VerificationException.class, e -> assertThat(e.reason()).isEqualTo(Reason.ALTERED));
  }

  private static String json(SimpleSigningPayload payload) {
    return new String(payload.toJson(), StandardCharsets.UTF_8);
  }
}
