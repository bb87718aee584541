package dev.basalt.sign;

import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECPoint;

/**
 * An ECDSA P-256 private key. Signatures are deterministic (RFC 6979 nonces), so signing the same
 * bytes with the same key gives the same signature, and a signed document is reproducible like
 * the image it signs. {@link #toString()} never shows the secret.
 */
public final class SigningKey {
  private final ECPrivateKeyParameters key;
  private final VerificationKey publicKey;

  private SigningKey(BigInteger d) {
    this.key = new ECPrivateKeyParameters(d, P256.DOMAIN);
    this.publicKey = new VerificationKey(P256.DOMAIN.getG().multiply(d));
  }

  /** A new random key. */
  public static SigningKey generate(SecureRandom random) {
    Objects.requireNonNull(random, "random == null");
    ECKeyPairGenerator generator = new ECKeyPairGenerator();
    generator.init(new ECKeyGenerationParameters(P256.DOMAIN, random));
    AsymmetricCipherKeyPair pair = generator.generateKeyPair();
    return new SigningKey(((ECPrivateKeyParameters) pair.getPrivate()).getD());
  }

  /** The key with private scalar {@code d}; for known-answer tests. */
  static SigningKey fromScalar(BigInteger d) {
    return new SigningKey(d);
  }

  /**
   * A key from PKCS#8 DER (what {@code PRIVATE KEY} blocks and sigstore's encrypted keys hold).
   *
   * @param source names the key in error messages
   * @throws KeyException when the bytes are not PKCS#8, or the key is not on P-256
   */
  public static SigningKey fromPkcs8(byte[] der, String source) throws KeyException {
    Objects.requireNonNull(der, "der == null");
    PrivateKeyInfo info;
    ECPrivateKey ec;
    try {
      info = PrivateKeyInfo.getInstance(der);
      if (!P256.isP256(info.getPrivateKeyAlgorithm())) {
        throw new KeyException(source + " holds " + P256.describe(info.getPrivateKeyAlgorithm())
            + "; basalt signs with ECDSA P-256 keys only (cosign's default)");
      }
      ec = ECPrivateKey.getInstance(info.parsePrivateKey());
    } catch (IOException | IllegalArgumentException e) {
      throw new KeyException(source + " does not hold a PKCS#8 private key", e);
    }
    return fromEcPrivateKey(ec, source);
  }

  /**
   * A key from SEC 1 DER (what {@code EC PRIVATE KEY} blocks hold, as OpenSSL writes them).
   *
   * @throws KeyException when the bytes are not a SEC 1 key, or the key is not on P-256
   */
  public static SigningKey fromSec1(byte[] der, String source) throws KeyException {
    Objects.requireNonNull(der, "der == null");
    ECPrivateKey ec;
    try {
      ec = ECPrivateKey.getInstance(der);
    } catch (IllegalArgumentException e) {
      throw new KeyException(source + " does not hold an EC private key (SEC 1)", e);
    }
    ASN1Primitive curve = ec.getParametersObject() == null ? null : ec.getParametersObject().toASN1Primitive();
    if (curve == null || !P256.CURVE_OID.equals(curve)) {
      throw new KeyException(source + " holds an ECDSA key on curve " + (curve == null ? "(not named)" : P256.curveName(curve))
          + "; basalt signs with ECDSA P-256 keys only (cosign's default)");
    }
    return fromEcPrivateKey(ec, source);
  }

  private static SigningKey fromEcPrivateKey(ECPrivateKey ec, String source) throws KeyException {
    BigInteger d = ec.getKey();
    if (d.signum() <= 0 || d.compareTo(P256.DOMAIN.getN()) >= 0) {
      throw new KeyException(source + ": the private key is out of range for P-256");
    }
    SigningKey key = new SigningKey(d);
    ASN1BitString stated = ec.getPublicKey();
    if (stated != null) {
      ECPoint point;
      try {
        point = P256.DOMAIN.getCurve().decodePoint(stated.getOctets());
      } catch (IllegalArgumentException e) {
        throw new KeyException(source + ": the public key stored with the private key is not a point on P-256", e);
      }
      if (!new VerificationKey(point).equals(key.publicKey)) {
        throw new KeyException(source + ": the public key stored with the private key does not belong to it");
      }
    }
    return key;
  }

  /**
   * PKCS#8 DER laid out as Go's {@code x509.MarshalPKCS8PrivateKey} lays out a P-256 key: the
   * curve named in the algorithm identifier only, the public point included.
   */
  public byte[] pkcs8() {
    ECPrivateKey ec = new ECPrivateKey(P256.ORDER_BITS, key.getD(),
        new DERBitString(P256.DOMAIN.getG().multiply(key.getD()).getEncoded(false)), null);
    try {
      return new PrivateKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, P256.CURVE_OID), ec)
          .getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new IllegalStateException("encoding a private key cannot fail", e);
    }
  }

  public VerificationKey publicKey() {
    return publicKey;
  }

  /** The DER ECDSA signature over SHA-256({@code message}), with an RFC 6979 nonce. */
  public byte[] sign(byte[] message) {
    Objects.requireNonNull(message, "message == null");
    ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
    signer.init(true, key);
    BigInteger[] rs = signer.generateSignature(P256.sha256(message));
    return P256.derSignature(rs[0], rs[1]);
  }

  @Override
  public String toString() {
    return "ECDSA P-256 private key for " + publicKey.hint();
  }
}
