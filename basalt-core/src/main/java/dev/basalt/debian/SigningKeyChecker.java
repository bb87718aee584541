package dev.basalt.debian;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.bcpg.BCPGInputStream;
import org.bouncycastle.bcpg.KeyIdentifier;
import org.bouncycastle.bcpg.SignatureSubpacketTags;
import org.bouncycastle.bcpg.sig.RevocationKey;
import org.bouncycastle.bcpg.sig.RevocationReason;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyFlags;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPSignatureSubpacketVector;
import org.bouncycastle.openpgp.operator.PGPContentVerifierBuilderProvider;

/**
 * Decides whether a primary key or subkey from a keyring may vouch for a document signature at a
 * given moment: strong enough, self-certified with a strong digest, unexpired, unrevoked, marked
 * for signing, and, for a subkey, validly bound to its primary key in both directions.
 */
final class SigningKeyChecker {
  private final Keyring keyring;
  private final Instant now;
  private final PGPContentVerifierBuilderProvider verifiers = OpenPgpPolicy.verifiers();

  SigningKeyChecker(Keyring keyring, Instant now) {
    this.keyring = keyring;
    this.now = now;
  }

  /**
   * Why {@code signingKey}, the primary key of {@code certificate} or one of its subkeys, cannot be
   * trusted for a signature made at {@code signedAt}; empty if it can.
   */
  Optional<String> problem(PGPPublicKeyRing certificate, PGPPublicKey signingKey, Instant signedAt) {
    PGPPublicKey primary = certificate.getPublicKey();
    boolean signedByPrimary = Arrays.equals(primary.getFingerprint(), signingKey.getFingerprint());
    String primaryName = "key " + Keyring.fingerprint(primary);
    String signerName = signedByPrimary
        ? primaryName
        : "subkey " + Keyring.keyId(signingKey.getKeyID()) + " of " + primaryName;

    if (primary.getVersion() < 4) {
      return Optional.of(primaryName + " is a version " + primary.getVersion()
          + " key, which is no longer accepted");
    }
    Optional<String> weak = OpenPgpPolicy.keyStrengthProblem(primary).map(p -> primaryName + " " + p);
    if (weak.isEmpty() && !signedByPrimary) {
      weak = OpenPgpPolicy.keyStrengthProblem(signingKey).map(p -> signerName + " " + p);
    }
    if (weak.isPresent()) {
      return weak;
    }

    List<PGPSignature> selfSignatures = validSelfSignatures(primary);
    Optional<String> revoked = primaryRevocation(primary);
    if (revoked.isPresent()) {
      return Optional.of(primaryName + " " + revoked.get());
    }
    if (selfSignatures.isEmpty()) {
      return Optional.of(primaryName + " has no valid self-signature made with "
          + OpenPgpPolicy.acceptedHashNames() + " (an old SHA1 self-signature is not enough)");
    }
    PGPSignature newestCertification = newest(selfSignatures, false);
    PGPSignature newestDirectKey = newest(selfSignatures, true);
    Optional<Instant> primaryExpiry = earliestExpiry(primary, newestCertification, newestDirectKey);
    if (primaryExpiry.isPresent() && !now.isBefore(primaryExpiry.get())) {
      return Optional.of(primaryName + " expired on " + primaryExpiry.get());
    }

    if (signedByPrimary) {
      if (!allowsSigning(newestCertification, newestDirectKey)) {
        return Optional.of(primaryName + " is not marked for signing (its key flags lack 'sign')");
      }
    } else {
      Optional<String> subkeyProblem = subkeyProblem(primary, signingKey);
      if (subkeyProblem.isPresent()) {
        return Optional.of(signerName + " " + subkeyProblem.get());
      }
    }
    if (signedAt.isBefore(signingKey.getCreationTime().toInstant())) {
      return Optional.of(signerName + " was created on " + signingKey.getCreationTime().toInstant()
          + ", after the signature claims to have been made (" + signedAt + ")");
    }
    return Optional.empty();
  }

  /** Self-certifications of unrevoked user IDs and direct-key signatures that pass the policy. */
  private List<PGPSignature> validSelfSignatures(PGPPublicKey primary) {
    List<PGPSignature> valid = new ArrayList<>();
    for (PGPSignature signature : iterable(primary.getSignaturesOfType(PGPSignature.DIRECT_KEY))) {
      if (isAcceptableKeySignature(signature, primary) && verifies(signature, primary,
          s -> s.verifyCertification(primary))) {
        valid.add(signature);
      }
    }
    for (byte[] userId : iterable(primary.getRawUserIDs())) {
      List<PGPSignature> certifications = new ArrayList<>();
      boolean userIdRevoked = false;
      for (PGPSignature signature : iterable(primary.getSignaturesForID(userId))) {
        if (signature.getSignatureType() == PGPSignature.CERTIFICATION_REVOCATION) {
          userIdRevoked |= verifies(signature, primary, s -> s.verifyCertification(userId, primary));
        } else if (signature.isCertification() && isAcceptableKeySignature(signature, primary)
            && verifies(signature, primary, s -> s.verifyCertification(userId, primary))) {
          certifications.add(signature);
        }
      }
      if (!userIdRevoked) {
        valid.addAll(certifications);
      }
    }
    return valid;
  }

  /**
   * A self-revocation, or a revocation by a designated revoker (as Debian's keys name ftpmaster
   * keys), revokes the key. A designated revoker's revocation that we cannot check because the
   * revoker's key is not in the keyring counts as a revocation: when in doubt, refuse.
   */
  private Optional<String> primaryRevocation(PGPPublicKey primary) {
    List<byte[]> revokers = designatedRevokers(primary);
    for (PGPSignature revocation : iterable(primary.getSignaturesOfType(PGPSignature.KEY_REVOCATION))) {
      if (isIssuedBy(revocation, primary)) {
        if (verifies(revocation, primary, s -> s.verifyCertification(primary))) {
          return Optional.of("has been revoked" + reason(revocation));
        }
        continue;
      }
      for (byte[] revoker : revokers) {
        if (revocation.getKeyIdentifiers().isEmpty() || !isIssuedBy(revocation, revoker)) {
          continue;
        }
        Optional<PGPPublicKeyRing> revokerCertificate = keyring.certificateWithPrimary(revoker);
        if (revokerCertificate.isEmpty()) {
          return Optional.of("carries a revocation by its designated revoker " + Keyring.fingerprint(revoker)
              + ", which is not in the keyring to check it" + reason(revocation));
        }
        PGPPublicKey revokerKey = revokerCertificate.get().getPublicKey();
        if (verifies(revocation, revokerKey, s -> s.verifyCertification(primary))) {
          return Optional.of("has been revoked by its designated revoker "
              + Keyring.fingerprint(revokerKey) + reason(revocation));
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Fingerprints of the keys designated to revoke this one. Designations only widen who may
   * revoke, so any genuine self-signature naming one counts. RFC 9580 deprecates designated
   * revokers, hence the suppressed warning, but Debian's archive keys name five of them.
   */
  @SuppressWarnings("deprecation")
  private List<byte[]> designatedRevokers(PGPPublicKey primary) {
    List<byte[]> revokers = new ArrayList<>();
    for (PGPSignature signature : iterable(primary.getSignatures())) {
      PGPSignatureSubpacketVector hashed = signature.getHashedSubPackets();
      if (hashed == null || hashed.getRevocationKeys().length == 0 || !isIssuedBy(signature, primary)) {
        continue;
      }
      boolean genuine = signature.getSignatureType() == PGPSignature.DIRECT_KEY
          ? verifies(signature, primary, s -> s.verifyCertification(primary))
          : signature.isCertification() && verifiesAnyUserId(signature, primary);
      if (genuine) {
        for (RevocationKey revoker : hashed.getRevocationKeys()) {
          revokers.add(revoker.getFingerprint());
        }
      }
    }
    return revokers;
  }

  private boolean verifiesAnyUserId(PGPSignature signature, PGPPublicKey primary) {
    for (byte[] userId : iterable(primary.getRawUserIDs())) {
      if (verifies(signature, primary, s -> s.verifyCertification(userId, primary))) {
        return true;
      }
    }
    return false;
  }

  private Optional<String> subkeyProblem(PGPPublicKey primary, PGPPublicKey subkey) {
    for (PGPSignature revocation : iterable(subkey.getSignaturesOfType(PGPSignature.SUBKEY_REVOCATION))) {
      if (isIssuedBy(revocation, primary)
          && verifies(revocation, primary, s -> s.verifyCertification(primary, subkey))) {
        return Optional.of("has been revoked" + reason(revocation));
      }
    }
    PGPSignature binding = null;
    for (PGPSignature candidate : iterable(subkey.getSignaturesOfType(PGPSignature.SUBKEY_BINDING))) {
      if (isAcceptableKeySignature(candidate, primary)
          && verifies(candidate, primary, s -> s.verifyCertification(primary, subkey))
          && (binding == null || candidate.getCreationTime().after(binding.getCreationTime()))) {
        binding = candidate;
      }
    }
    if (binding == null) {
      return Optional.of("has no valid binding signature from its primary key made with "
          + OpenPgpPolicy.acceptedHashNames());
    }
    if ((binding.getHashedSubPackets().getKeyFlags() & PGPKeyFlags.CAN_SIGN) == 0) {
      return Optional.of("is not marked for signing (its key flags lack 'sign')");
    }
    if (!hasValidBackSignature(binding, primary, subkey)) {
      // Without the subkey's own signature over the binding, anyone could claim someone else's
      // signing subkey as theirs (RFC 9580 section 5.2.3.34); GnuPG refuses such subkeys too.
      return Optional.of("is not cross-certified: its binding lacks a valid primary key binding "
          + "signature made by the subkey");
    }
    long validSeconds = binding.getHashedSubPackets().getKeyExpirationTime();
    if (validSeconds > 0) {
      Instant expiry = subkey.getCreationTime().toInstant().plusSeconds(validSeconds);
      if (!now.isBefore(expiry)) {
        return Optional.of("expired on " + expiry);
      }
    }
    return Optional.empty();
  }

  private boolean hasValidBackSignature(PGPSignature binding, PGPPublicKey primary, PGPPublicKey subkey) {
    PGPSignatureSubpacketVector[] areas = {binding.getHashedSubPackets(), binding.getUnhashedSubPackets()};
    for (PGPSignatureSubpacketVector area : areas) {
      PGPSignatureList embedded;
      try {
        embedded = area == null ? null : area.getEmbeddedSignatures();
      } catch (PGPException | RuntimeException e) {
        continue;
      }
      if (embedded == null) {
        continue;
      }
      for (PGPSignature backSignature : embedded) {
        if (backSignature.getSignatureType() == PGPSignature.PRIMARYKEY_BINDING
            && isAcceptableKeySignature(backSignature, subkey)
            && verifies(backSignature, subkey, s -> s.verifyCertification(primary, subkey))) {
          return true;
        }
      }
    }
    return false;
  }

  /** The policy checks every self-signature or binding must pass before its content counts. */
  private boolean isAcceptableKeySignature(PGPSignature signature, PGPPublicKey issuer) {
    PGPSignatureSubpacketVector hashed = signature.getHashedSubPackets();
    if (signature.getVersion() < 4 || hashed == null || !isIssuedBy(signature, issuer)
        || !OpenPgpPolicy.isAcceptedHash(signature.getHashAlgorithm())
        || hashed.getSignatureCreationTime() == null) {
      return false;
    }
    Instant created = hashed.getSignatureCreationTime().toInstant();
    if (created.isAfter(now.plus(OpenPgpPolicy.CLOCK_SKEW_TOLERANCE))) {
      return false;
    }
    long validSeconds = hashed.getSignatureExpirationTime();
    if (validSeconds > 0 && !now.isBefore(created.plusSeconds(validSeconds))) {
      return false;
    }
    return OpenPgpPolicy.unknownCriticalSubpacket(signature, OpenPgpPolicy.KEY_SIGNATURE_CRITICAL_SUBPACKETS)
        .isEmpty();
  }

  private static PGPSignature newest(List<PGPSignature> signatures, boolean directKey) {
    PGPSignature newest = null;
    for (PGPSignature signature : signatures) {
      boolean isDirectKey = signature.getSignatureType() == PGPSignature.DIRECT_KEY;
      if (isDirectKey == directKey
          && (newest == null || signature.getCreationTime().after(newest.getCreationTime()))) {
        newest = signature;
      }
    }
    return newest;
  }

  /**
   * Key expiry may be stated by the newest user ID self-signature and by the newest direct-key
   * signature; when both state one, the earlier wins.
   */
  private static Optional<Instant> earliestExpiry(PGPPublicKey key, PGPSignature... sources) {
    Instant earliest = null;
    for (PGPSignature source : sources) {
      if (source == null) {
        continue;
      }
      long validSeconds = source.getHashedSubPackets().getKeyExpirationTime();
      if (validSeconds > 0) {
        Instant expiry = key.getCreationTime().toInstant().plusSeconds(validSeconds);
        earliest = earliest == null || expiry.isBefore(earliest) ? expiry : earliest;
      }
    }
    return Optional.ofNullable(earliest);
  }

  /** Signing must be allowed by every source that states key flags, and at least one must. */
  private static boolean allowsSigning(PGPSignature... sources) {
    boolean stated = false;
    for (PGPSignature source : sources) {
      if (source == null || !source.getHashedSubPackets().hasSubpacket(SignatureSubpacketTags.KEY_FLAGS)) {
        continue;
      }
      stated = true;
      if ((source.getHashedSubPackets().getKeyFlags() & PGPKeyFlags.CAN_SIGN) == 0) {
        return false;
      }
    }
    return stated;
  }

  private static String reason(PGPSignature revocation) {
    PGPSignatureSubpacketVector hashed = revocation.getHashedSubPackets();
    RevocationReason reason = hashed == null ? null : hashed.getRevocationReason();
    if (reason == null || reason.getRevocationDescription().isBlank()) {
      return "";
    }
    return " (reason given: " + reason.getRevocationDescription().strip() + ")";
  }

  private static boolean isIssuedBy(PGPSignature signature, PGPPublicKey key) {
    return isIssuedBy(signature, key.getFingerprint());
  }

  /** Whether the signature names this issuer; a signature naming no issuer at all might be it. */
  private static boolean isIssuedBy(PGPSignature signature, byte[] fingerprint) {
    List<KeyIdentifier> issuers = signature.getKeyIdentifiers();
    if (issuers.isEmpty()) {
      return true;
    }
    KeyIdentifier key = new KeyIdentifier(fingerprint);
    for (KeyIdentifier issuer : issuers) {
      if (issuer.getFingerprint() != null
          ? Arrays.equals(issuer.getFingerprint(), fingerprint)
          : issuer.getKeyId() == key.getKeyId()) {
        return true;
      }
    }
    return false;
  }

  private interface Check {
    boolean verify(PGPSignature signature) throws PGPException;
  }

  /**
   * A signature that cannot be processed does not verify; Bouncy Castle also throws unchecked.
   * Verification runs on a copy because a signature object carries verification state, and the
   * keyring's signatures may be checked by several threads at once.
   */
  private boolean verifies(PGPSignature signature, PGPPublicKey issuer, Check check) {
    if (signature.getKeyAlgorithm() != issuer.getAlgorithm()) {
      return false;
    }
    try {
      PGPSignature copy =
          new PGPSignature(new BCPGInputStream(new ByteArrayInputStream(signature.getEncoded())));
      copy.init(verifiers, issuer);
      return check.verify(copy);
    } catch (IOException | PGPException | RuntimeException e) {
      return false;
    }
  }

  private static <T> Iterable<T> iterable(Iterator<T> iterator) {
    List<T> items = new ArrayList<>();
    iterator.forEachRemaining(items::add);
    return items;
  }
}
