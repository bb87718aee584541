package dev.basalt.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.sign.VerificationException.Reason;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SigningKeyTest {
  /** RFC 6979 appendix A.2.5: the P-256 key, its public point, and its SHA-256 signature of "sample". */
  private static final BigInteger RFC6979_X =
      new BigInteger("C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721", 16);
  private static final String RFC6979_UX = "60fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6";
  private static final String RFC6979_UY = "7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299";
  private static final String SAMPLE_R = "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716";
  private static final String SAMPLE_S = "f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8";

  private static final byte[] SAMPLE = "sample".getBytes(StandardCharsets.US_ASCII);

  @Test
  void signsWithRfc6979NoncesGivingThePublishedSignature() {
    SigningKey key = SigningKey.fromScalar(RFC6979_X);
    // DER: SEQUENCE { INTEGER r, INTEGER s }, both with a leading zero since their top bit is set.
    assertThat(HexFormat.of().formatHex(key.sign(SAMPLE)))
        .isEqualTo("3046022100" + SAMPLE_R + "022100" + SAMPLE_S);
    assertThat(HexFormat.of().formatHex(key.publicKey().der()))
        .isEqualTo("3059301306072a8648ce3d020106082a8648ce3d03010703420004" + RFC6979_UX + RFC6979_UY);
  }

  @Test
  void sameKeyAndMessageGiveTheSameSignature() {
    SigningKey key = SigningKey.generate(new SecureRandom());
    byte[] first = key.sign(SAMPLE);
    assertThat(key.sign(SAMPLE)).isEqualTo(first);
    assertThat(key.sign("samplf".getBytes(StandardCharsets.US_ASCII))).isNotEqualTo(first);
  }

  @Test
  void verifyAcceptsOnlyThisKeysSignatureOverTheseExactBytes() throws Exception {
    SigningKey key = SigningKey.generate(new SecureRandom());
    byte[] signature = key.sign(SAMPLE);
    key.publicKey().verify(SAMPLE, signature);

    assertThatThrownBy(() -> key.publicKey().verify("samplE".getBytes(StandardCharsets.US_ASCII), signature))
        .isInstanceOfSatisfying(VerificationException.class, e -> assertThat(e.reason()).isEqualTo(Reason.ALTERED))
        .hasMessage("The signature does not verify with key " + key.publicKey().hint()
            + ": the signed bytes were altered, or another key made the signature.");
    SigningKey other = SigningKey.generate(new SecureRandom());
    assertThatThrownBy(() -> other.publicKey().verify(SAMPLE, signature))
        .isInstanceOfSatisfying(VerificationException.class, e -> assertThat(e.reason()).isEqualTo(Reason.ALTERED));
  }

  @Test
  void signaturesThatAreNotStrictDerAreMalformed() {
    SigningKey key = SigningKey.fromScalar(RFC6979_X);
    byte[] signature = key.sign(SAMPLE);
    byte[] trailing = java.util.Arrays.copyOf(signature, signature.length + 1);
    byte[] raw = HexFormat.of().parseHex(SAMPLE_R + SAMPLE_S);
    for (byte[] bad : new byte[][] {trailing, raw, new byte[0]}) {
      assertThatThrownBy(() -> key.publicKey().verify(SAMPLE, bad))
          .isInstanceOfSatisfying(VerificationException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED))
          .hasMessage("The signature is not a DER-encoded ECDSA signature (" + bad.length + " bytes).");
    }
  }

  @Test
  void pkcs8IsLaidOutAsGoMarshalsIt() throws Exception {
    // Go's x509.MarshalPKCS8PrivateKey: the curve named once, outside; version 1, the scalar, the point.
    SigningKey key = SigningKey.fromScalar(RFC6979_X);
    assertThat(HexFormat.of().formatHex(key.pkcs8())).isEqualTo("308187020100301306072a8648ce3d020106082a8648ce3d030107"
        + "046d306b0201010420" + RFC6979_X.toString(16) + "a14403420004" + RFC6979_UX + RFC6979_UY);
    assertThat(SigningKey.fromPkcs8(key.pkcs8(), "round trip").publicKey()).isEqualTo(key.publicKey());
  }

  @Test
  void aStoredPublicKeyThatIsNotTheKeysOwnIsRefused() {
    byte[] pkcs8 = SigningKey.fromScalar(RFC6979_X).pkcs8();
    pkcs8[pkcs8.length - 1] ^= 0x01;
    assertThatThrownBy(() -> SigningKey.fromPkcs8(pkcs8, "forged.key"))
        .isInstanceOf(KeyException.class)
        .hasMessageStartingWith("forged.key: the public key stored with the private key");
  }

  @Test
  void toStringNamesThePublicKeyOnly() {
    SigningKey key = SigningKey.fromScalar(RFC6979_X);
    assertThat(key.toString()).isEqualTo("ECDSA P-256 private key for " + key.publicKey().hint())
        .doesNotContainIgnoringCase(RFC6979_X.toString(16));
  }
}
