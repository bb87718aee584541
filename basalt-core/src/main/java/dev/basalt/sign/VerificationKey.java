package dev.basalt.sign;

import dev.basalt.sign.VerificationException.Reason;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.ECPoint;

/**
 * An ECDSA P-256 public key: verifies DER signatures over the SHA-256 of a message, as cosign's
 * keys do. Its canonical form is a SubjectPublicKeyInfo with the uncompressed point (what Go's
 * {@code x509.MarshalPKIXPublicKey} writes), and its {@link #hint()} is what sigstore clients put
 * in a bundle to name the key.
 */
public final class VerificationKey {
  public static final String PEM_TYPE = "PUBLIC KEY";

  private final ECPublicKeyParameters key;
  private final byte[] der;

  VerificationKey(ECPoint point) {
    this.key = new ECPublicKeyParameters(point.normalize(), P256.DOMAIN);
    try {
      this.der = new SubjectPublicKeyInfo(P256.ALGORITHM, key.getQ().getEncoded(false)).getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new IllegalStateException("encoding a point cannot fail", e);
    }
  }

  /**
   * A key from a DER SubjectPublicKeyInfo.
   *
   * @param source names the key in error messages
   * @throws KeyException when the bytes are not a public key, or not one on P-256
   */
  public static VerificationKey fromDer(byte[] spki, String source) throws KeyException {
    Objects.requireNonNull(spki, "spki == null");
    SubjectPublicKeyInfo info;
    try {
      info = SubjectPublicKeyInfo.getInstance(spki);
    } catch (IllegalArgumentException e) {
      throw new KeyException(source + " does not hold a public key (SubjectPublicKeyInfo)", e);
    }
    if (!P256.isP256(info.getAlgorithm())) {
      throw new KeyException(source + " holds " + P256.describe(info.getAlgorithm())
          + "; basalt signs and verifies with ECDSA P-256 keys only (cosign's default)");
    }
    try {
      return new VerificationKey(P256.DOMAIN.getCurve().decodePoint(info.getPublicKeyData().getOctets()));
    } catch (IllegalArgumentException e) {
      throw new KeyException(source + ": the public key is not a point on P-256", e);
    }
  }

  /**
   * A key from a {@code PUBLIC KEY} PEM block, as {@code cosign generate-key-pair} writes it.
   *
   * @throws KeyException when there is no such block or it does not hold a P-256 key
   */
  public static VerificationKey fromPem(String text, String source) throws KeyException {
    Pem pem = Pem.decode(text, source);
    if (!PEM_TYPE.equals(pem.type())) {
      throw new KeyException(source + " holds a '" + pem.type() + "' block, not a '" + PEM_TYPE + "'");
    }
    return fromDer(pem.bytes(), source);
  }

  /** The DER SubjectPublicKeyInfo. */
  public byte[] der() {
    return der.clone();
  }

  public Pem pem() {
    return new Pem(PEM_TYPE, der);
  }

  /** base64(SHA-256(DER)): the {@code publicKey.hint} sigstore-go and cosign write into bundles. */
  public String hint() {
    return Base64.getEncoder().encodeToString(P256.sha256(der));
  }

  /**
   * Returns normally only if {@code signature} is a DER ECDSA signature by this key over the
   * SHA-256 of exactly {@code message}.
   *
   * @throws VerificationException {@link Reason#MALFORMED} for bytes that are not a DER signature,
   *     {@link Reason#ALTERED} for a signature that does not hold
   */
  public void verify(byte[] message, byte[] signature) throws VerificationException {
    Objects.requireNonNull(message, "message == null");
    Objects.requireNonNull(signature, "signature == null");
    BigInteger[] rs = P256.parseDerSignature(signature);
    if (rs == null) {
      throw new VerificationException(Reason.MALFORMED,
          "The signature is not a DER-encoded ECDSA signature (" + signature.length + " bytes).");
    }
    if (!holds(message, rs)) {
      throw new VerificationException(Reason.ALTERED, "The signature does not verify with key " + hint()
          + ": the signed bytes were altered, or another key made the signature.");
    }
  }

  /** Whether the signature holds, for callers that classify a failure themselves. */
  boolean holds(byte[] message, byte[] signature) {
    BigInteger[] rs = P256.parseDerSignature(signature);
    return rs != null && holds(message, rs);
  }

  private boolean holds(byte[] message, BigInteger[] rs) {
    ECDSASigner verifier = new ECDSASigner();
    verifier.init(false, key);
    return verifier.verifySignature(P256.sha256(message), rs[0], rs[1]);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VerificationKey k && Arrays.equals(der, k.der);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(der);
  }

  @Override
  public String toString() {
    return "ECDSA P-256 public key " + hint();
  }
}
