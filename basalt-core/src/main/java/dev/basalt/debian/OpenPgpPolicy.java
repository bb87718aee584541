package dev.basalt.debian;

import org.bouncycastle.openpgp.operator.PGPContentVerifierBuilderProvider;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentVerifierBuilderProvider;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.bcpg.BCPGKey;
import org.bouncycastle.bcpg.ECPublicBCPGKey;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.SignatureSubpacketTags;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureSubpacketVector;

/**
 * The algorithm and timing rules for trusting an OpenPGP signature on archive metadata. They
 * follow what apt enforces through gpgv: no SHA-1 or MD5 digests, and only the public key
 * algorithms of apt's {@code APT::Key::Assert-Pubkey-Algo} default.
 */
final class OpenPgpPolicy {
  /**
   * Signature checks go through the JDK's own RSA and EdDSA. Bouncy Castle's lightweight RSA
   * re-proves every modulus composite with Miller-Rabin rounds when it builds a key (over a
   * second per run for Debian's 4096-bit keys in a short-lived JVM); that guards against
   * hostile keys, and a keyring's keys are trusted by definition.
   */
  static PGPContentVerifierBuilderProvider verifiers() {
    return new JcaPGPContentVerifierBuilderProvider();
  }

  /** How far a signature may claim to lie in the future before we refuse it: clocks drift. */
  static final Duration CLOCK_SKEW_TOLERANCE = Duration.ofMinutes(5);

  /** apt's ">=rsa2048": shorter RSA keys are factorable by a determined attacker. */
  static final int MIN_RSA_BITS = 2048;

  /** Digests with no known practical collision attack, by OpenPGP ID, in the order we list them. */
  static final Map<Integer, String> ACCEPTED_HASHES = acceptedHashes();

  /** Every digest name a "Hash:" armor header may carry (RFC 9580 section 9.5), by OpenPGP ID. */
  static final Map<String, Integer> HASH_HEADER_NAMES = Map.of(
      "MD5", HashAlgorithmTags.MD5,
      "SHA1", HashAlgorithmTags.SHA1,
      "RIPEMD160", HashAlgorithmTags.RIPEMD160,
      "SHA224", HashAlgorithmTags.SHA224,
      "SHA256", HashAlgorithmTags.SHA256,
      "SHA384", HashAlgorithmTags.SHA384,
      "SHA512", HashAlgorithmTags.SHA512,
      "SHA3-256", HashAlgorithmTags.SHA3_256,
      "SHA3-512", HashAlgorithmTags.SHA3_512);

  /**
   * Critical subpackets whose meaning we honour or which cannot widen what a document signature
   * claims. RFC 9580 requires treating a signature with any other critical subpacket as invalid.
   */
  static final Set<Integer> DOCUMENT_SIGNATURE_CRITICAL_SUBPACKETS = Set.of(
      SignatureSubpacketTags.CREATION_TIME,
      SignatureSubpacketTags.EXPIRE_TIME,
      SignatureSubpacketTags.ISSUER_KEY_ID,
      SignatureSubpacketTags.ISSUER_FINGERPRINT,
      SignatureSubpacketTags.SIGNER_USER_ID);

  /** The same rule for self-signatures, binding signatures and revocations. */
  static final Set<Integer> KEY_SIGNATURE_CRITICAL_SUBPACKETS = Set.of(
      SignatureSubpacketTags.CREATION_TIME,
      SignatureSubpacketTags.EXPIRE_TIME,
      SignatureSubpacketTags.EXPORTABLE,
      SignatureSubpacketTags.REVOCABLE,
      SignatureSubpacketTags.KEY_EXPIRE_TIME,
      SignatureSubpacketTags.PREFERRED_SYM_ALGS,
      SignatureSubpacketTags.REVOCATION_KEY,
      SignatureSubpacketTags.ISSUER_KEY_ID,
      SignatureSubpacketTags.PREFERRED_HASH_ALGS,
      SignatureSubpacketTags.PREFERRED_COMP_ALGS,
      SignatureSubpacketTags.KEY_SERVER_PREFS,
      SignatureSubpacketTags.PREFERRED_KEY_SERV,
      SignatureSubpacketTags.PRIMARY_USER_ID,
      SignatureSubpacketTags.KEY_FLAGS,
      SignatureSubpacketTags.SIGNER_USER_ID,
      SignatureSubpacketTags.REVOCATION_REASON,
      SignatureSubpacketTags.FEATURES,
      SignatureSubpacketTags.EMBEDDED_SIGNATURE,
      SignatureSubpacketTags.ISSUER_FINGERPRINT,
      SignatureSubpacketTags.LIBREPGP_PREFERRED_ENCRYPTION_MODES,
      SignatureSubpacketTags.PREFERRED_AEAD_ALGORITHMS);

  private static final Set<String> EDDSA_CURVES = Set.of(
      "1.3.6.1.4.1.11591.15.1", // Ed25519, as GnuPG and Debian's release keys encode it
      "1.3.101.112", // Ed25519
      "1.3.101.113"); // Ed448

  private static final Map<String, String> ECDSA_CURVES = Map.of(
      "1.2.840.10045.3.1.7", "NIST P-256",
      "1.3.132.0.34", "NIST P-384",
      "1.3.132.0.35", "NIST P-521");

  private OpenPgpPolicy() {}

  static boolean isAcceptedHash(int hashAlgorithm) {
    return ACCEPTED_HASHES.containsKey(hashAlgorithm);
  }

  /** A readable name for a digest ID, including the refused ones. */
  static String hashName(int hashAlgorithm) {
    for (Map.Entry<String, Integer> entry : HASH_HEADER_NAMES.entrySet()) {
      if (entry.getValue() == hashAlgorithm) {
        return entry.getKey();
      }
    }
    return "digest algorithm " + hashAlgorithm;
  }

  /** The accepted digests as one readable list, for error messages. */
  static String acceptedHashNames() {
    return String.join(", ", ACCEPTED_HASHES.values());
  }

  /** A subpacket the signature marks critical, in either area, that is not in {@code known}. */
  static OptionalInt unknownCriticalSubpacket(PGPSignature signature, Set<Integer> known) {
    for (PGPSignatureSubpacketVector area : new PGPSignatureSubpacketVector[] {
        signature.getHashedSubPackets(), signature.getUnhashedSubPackets()}) {
      if (area == null) {
        continue;
      }
      for (int tag : area.getCriticalTags()) {
        if (!known.contains(tag)) {
          return OptionalInt.of(tag);
        }
      }
    }
    return OptionalInt.empty();
  }

  /** Why this key's algorithm or size is not good enough to trust, if it is not. */
  static Optional<String> keyStrengthProblem(PGPPublicKey key) {
    int algorithm = key.getAlgorithm();
    switch (algorithm) {
      case PublicKeyAlgorithmTags.RSA_GENERAL:
        int bits = key.getBitStrength();
        return bits >= MIN_RSA_BITS
            ? Optional.empty()
            : Optional.of("is a " + bits + "-bit RSA key; at least " + MIN_RSA_BITS + " bits are required");
      case PublicKeyAlgorithmTags.Ed25519:
      case PublicKeyAlgorithmTags.Ed448:
        return Optional.empty();
      case PublicKeyAlgorithmTags.EDDSA_LEGACY:
        return EDDSA_CURVES.contains(curve(key))
            ? Optional.empty()
            : Optional.of("is an EdDSA key on an unsupported curve " + curve(key));
      case PublicKeyAlgorithmTags.ECDSA:
        return ECDSA_CURVES.containsKey(curve(key))
            ? Optional.empty()
            : Optional.of("is an ECDSA key on a curve that is not accepted (" + curve(key) + ")");
      default:
        return Optional.of("uses public key algorithm " + algorithm
            + ", which is not accepted (accepted: RSA of " + MIN_RSA_BITS
            + " bits or more, Ed25519, Ed448, ECDSA on NIST P-256/384/521)");
    }
  }

  private static String curve(PGPPublicKey key) {
    BCPGKey material = key.getPublicKeyPacket().getKey();
    if (material instanceof ECPublicBCPGKey) {
      ASN1ObjectIdentifier oid = ((ECPublicBCPGKey) material).getCurveOID();
      return oid.getId();
    }
    return "(none)";
  }

  private static Map<Integer, String> acceptedHashes() {
    Map<Integer, String> hashes = new LinkedHashMap<>();
    hashes.put(HashAlgorithmTags.SHA256, "SHA256");
    hashes.put(HashAlgorithmTags.SHA384, "SHA384");
    hashes.put(HashAlgorithmTags.SHA512, "SHA512");
    hashes.put(HashAlgorithmTags.SHA3_256, "SHA3-256");
    hashes.put(HashAlgorithmTags.SHA3_512, "SHA3-512");
    return Collections.unmodifiableMap(hashes);
  }
}
