package dev.basalt.sign;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;

/**
 * The one curve basalt signs with, ECDSA P-256 over SHA-256, as cosign does by default; and the
 * DER form of its signatures (an ASN.1 SEQUENCE of r and s).
 */
final class P256 {
  static final ASN1ObjectIdentifier CURVE_OID = X9ObjectIdentifiers.prime256v1;
  static final ECNamedDomainParameters DOMAIN =
      new ECNamedDomainParameters(CURVE_OID, CustomNamedCurves.getByOID(CURVE_OID));
  static final AlgorithmIdentifier ALGORITHM =
      new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, CURVE_OID);
  static final int ORDER_BITS = 256;

  private P256() {}

  /** What an algorithm identifier names, for messages about keys basalt cannot use. */
  static String describe(AlgorithmIdentifier algorithm) {
    ASN1ObjectIdentifier oid = algorithm.getAlgorithm();
    if (X9ObjectIdentifiers.id_ecPublicKey.equals(oid)) {
      return "an ECDSA key on curve " + curveName(algorithm.getParameters() == null
          ? null : algorithm.getParameters().toASN1Primitive());
    }
    return switch (oid.getId()) {
      case "1.2.840.113549.1.1.1" -> "an RSA key";
      case "1.3.101.112" -> "an Ed25519 key";
      default -> "a key of algorithm " + oid.getId();
    };
  }

  static String curveName(ASN1Primitive parameters) {
    if (parameters instanceof ASN1ObjectIdentifier oid) {
      String name = ECNamedCurveTable.getName(oid);
      return name != null ? name : oid.getId();
    }
    return "with explicit parameters";
  }

  static boolean isP256(AlgorithmIdentifier algorithm) {
    return X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm.getAlgorithm())
        && algorithm.getParameters() != null && CURVE_OID.equals(algorithm.getParameters().toASN1Primitive());
  }

  static byte[] sha256(byte[] message) {
    SHA256Digest digest = new SHA256Digest();
    digest.update(message, 0, message.length);
    byte[] out = new byte[digest.getDigestSize()];
    digest.doFinal(out, 0);
    return out;
  }

  static byte[] derSignature(BigInteger r, BigInteger s) {
    try {
      return new DERSequence(new ASN1Integer[] {new ASN1Integer(r), new ASN1Integer(s)}).getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new IllegalStateException("encoding two integers cannot fail", e);
    }
  }

  /** r and s of a DER signature, or null if the bytes are not exactly one (no BER, no trailing bytes). */
  static BigInteger[] parseDerSignature(byte[] signature) {
    try {
      ASN1Primitive primitive = ASN1Primitive.fromByteArray(signature);
      if (!(primitive instanceof ASN1Sequence seq) || seq.size() != 2
          || !(seq.getObjectAt(0) instanceof ASN1Integer r) || !(seq.getObjectAt(1) instanceof ASN1Integer s)
          || !Arrays.equals(primitive.getEncoded(ASN1Encoding.DER), signature)) {
        return null;
      }
      return new BigInteger[] {r.getValue(), s.getValue()};
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
  }
}
