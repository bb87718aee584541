package dev.basalt.debian;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.bouncycastle.bcpg.KeyIdentifier;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureSubpacketVector;

/**
 * Checks the inline OpenPGP signatures of a Debian {@code InRelease} file against a keyring and
 * fails closed. One trustworthy signature suffices, as Debian signs with several keys across key
 * rotations; signatures by keys outside the keyring are skipped. Checking {@code Valid-Until} and
 * the rest of the content is the caller's job.
 */
public final class InReleaseVerifier {
  private static final String NO_ISSUER = "(unnamed)";
  private static final String ADVICE_KEYRING =
      "Use an up-to-date keyring for this archive, as the archive may have rotated its keys.";
  private static final String ADVICE_CLOCK = "Check this machine's clock.";
  private static final String ADVICE_DIGEST =
      "The archive must sign with SHA256 or stronger; like apt, basalt refuses weaker digests.";
  private static final String ADVICE_DOWNLOAD = ClearsignedMessage.ADVICE_DOWNLOAD;

  private final Keyring keyring;
  private final Clock clock;

  public InReleaseVerifier(Keyring keyring, Clock clock) {
    this.keyring = Objects.requireNonNull(keyring, "keyring == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  /**
   * Verifies a clearsigned {@code InRelease} file.
   *
   * @param source where the bytes came from, such as a URL; every error message names it
   * @return the signed text, exactly as signed, and the key that signed it
   * @throws SignatureVerificationException if the file is not a well-formed clearsigned message, if
   *     any signature by a key in the keyring does not match the text, or if no signature comes from
   *     a key in the keyring that is strong, unexpired, unrevoked and allowed to sign
   */
  public VerifiedInRelease verify(byte[] inRelease, String source) throws SignatureVerificationException {
    Objects.requireNonNull(inRelease, "inRelease == null");
    Objects.requireNonNull(source, "source == null");
    ClearsignedMessage message = ClearsignedMessage.parse(inRelease, source);
    Instant now = clock.instant();
    SigningKeyChecker keys = new SigningKeyChecker(keyring, now);

    List<Outcome> outcomes = new ArrayList<>();
    for (PGPSignature signature : message.signatures()) {
      try {
        outcomes.add(check(signature, message, keys, now));
      } catch (RuntimeException e) {
        // Crafted packets can trip unchecked exceptions deep in Bouncy Castle; such a signature
        // proves nothing, and the caller gets a checked exception rather than a crash.
        outcomes.add(new Rejected(issuerKeyId(signature), "could not be processed (" + e + ")",
            ADVICE_DOWNLOAD));
      }
    }
    rejectIfAnyForged(outcomes, source);
    Trusted first = null;
    List<String> signers = new ArrayList<>();
    for (Outcome outcome : outcomes) {
      if (outcome instanceof Trusted trusted) {
        first = first == null ? trusted : first;
        if (!signers.contains(trusted.fingerprint())) {
          signers.add(trusted.fingerprint());
        }
      }
    }
    if (first == null) {
      throw noTrustedSignature(outcomes, source);
    }
    return new VerifiedInRelease(message.signedText(), first.fingerprint(), first.keyId(), signers);
  }

  private sealed interface Outcome permits Trusted, UnknownKey, Forged, Rejected {}

  private record Trusted(String fingerprint, String keyId) implements Outcome {}

  private record UnknownKey(String keyId) implements Outcome {}

  /** Made by a key we hold, yet does not match the text: the text or signature was altered. */
  private record Forged(String keyId) implements Outcome {}

  private record Rejected(String keyId, String reason, String advice) implements Outcome {}

  private record Candidate(PGPPublicKeyRing certificate, PGPPublicKey key) {}

  private Outcome check(
      PGPSignature signature, ClearsignedMessage message, SigningKeyChecker keys, Instant now) {
    String keyId = issuerKeyId(signature);
    List<Candidate> candidates = candidates(signature);
    if (candidates.isEmpty()) {
      return new UnknownKey(keyId);
    }
    if (signature.getVersion() != 4 && signature.getVersion() != 6) {
      return new Rejected(keyId, "signature version " + signature.getVersion()
          + " is not accepted (only 4 and 6)", ADVICE_DOWNLOAD);
    }
    if (signature.getSignatureType() != PGPSignature.CANONICAL_TEXT_DOCUMENT) {
      return new Rejected(keyId, String.format("signature type 0x%02X is not the text signature type "
          + "(0x01) that the cleartext framework requires", signature.getSignatureType()), ADVICE_DOWNLOAD);
    }
    int hash = signature.getHashAlgorithm();
    if (!OpenPgpPolicy.isAcceptedHash(hash)) {
      return new Rejected(keyId, "digest " + OpenPgpPolicy.hashName(hash) + " is too weak (accepted: "
          + OpenPgpPolicy.acceptedHashNames() + ")", ADVICE_DIGEST);
    }
    if (!message.declaredHashes().isEmpty() && !message.declaredHashes().contains(hash)) {
      return new Rejected(keyId, "digest " + OpenPgpPolicy.hashName(hash)
          + " is not declared by the message's 'Hash:' header", ADVICE_DOWNLOAD);
    }

    Candidate signer = null;
    byte[] signedBytes = message.signedBytes();
    for (Candidate candidate : candidates) {
      if (matchesText(signature, candidate.key(), signedBytes)) {
        signer = candidate;
        break;
      }
    }
    if (signer == null) {
      return new Forged(keyId);
    }

    Optional<String> problem = signatureProblem(signature, now);
    if (problem.isPresent()) {
      return new Rejected(keyId, problem.get(), ADVICE_CLOCK);
    }
    Instant signedAt = signature.getHashedSubPackets().getSignatureCreationTime().toInstant();
    problem = keys.problem(signer.certificate(), signer.key(), signedAt);
    if (problem.isPresent()) {
      return new Rejected(keyId, problem.get(), ADVICE_KEYRING + " " + ADVICE_CLOCK);
    }
    return new Trusted(Keyring.fingerprint(signer.certificate().getPublicKey()),
        Keyring.keyId(signer.key().getKeyID()));
  }

  /** Checks what the now authenticated signature says about itself. */
  private static Optional<String> signatureProblem(PGPSignature signature, Instant now) {
    PGPSignatureSubpacketVector hashed = signature.getHashedSubPackets();
    if (hashed == null || hashed.getSignatureCreationTime() == null) {
      return Optional.of("no signed creation time");
    }
    Instant created = hashed.getSignatureCreationTime().toInstant();
    if (created.isAfter(now.plus(OpenPgpPolicy.CLOCK_SKEW_TOLERANCE))) {
      return Optional.of("made at " + created + ", more than "
          + OpenPgpPolicy.CLOCK_SKEW_TOLERANCE.toMinutes() + " minutes in the future (clock: " + now + ")");
    }
    long validSeconds = hashed.getSignatureExpirationTime();
    if (validSeconds > 0 && !now.isBefore(created.plusSeconds(validSeconds))) {
      return Optional.of("signature expired on " + created.plusSeconds(validSeconds));
    }
    OptionalInt critical = OpenPgpPolicy.unknownCriticalSubpacket(
        signature, OpenPgpPolicy.DOCUMENT_SIGNATURE_CRITICAL_SUBPACKETS);
    if (critical.isPresent()) {
      return Optional.of("critical subpacket " + critical.getAsInt() + " is not understood");
    }
    return Optional.empty();
  }

  /**
   * Keys the signature names as its issuer. A fingerprint, when given, must match exactly; a bare
   * key ID may match several keys, and each is tried.
   */
  private List<Candidate> candidates(PGPSignature signature) {
    List<KeyIdentifier> issuers = signature.getKeyIdentifiers();
    boolean hasFingerprint = issuers.stream().anyMatch(issuer -> issuer.getFingerprint() != null);
    List<Candidate> candidates = new ArrayList<>();
    for (PGPPublicKeyRing certificate : keyring.certificates()) {
      for (PGPPublicKey key : certificate) {
        for (KeyIdentifier issuer : issuers) {
          boolean matches = hasFingerprint
              ? Arrays.equals(issuer.getFingerprint(), key.getFingerprint())
              : issuer.getKeyId() == key.getKeyID();
          if (matches) {
            candidates.add(new Candidate(certificate, key));
            break;
          }
        }
      }
    }
    return candidates;
  }

  private static boolean matchesText(PGPSignature signature, PGPPublicKey key, byte[] signedBytes) {
    if (signature.getKeyAlgorithm() != key.getAlgorithm()) {
      return false;
    }
    try {
      signature.init(OpenPgpPolicy.verifiers(), key);
      signature.update(signedBytes);
      return signature.verify();
    } catch (PGPException | RuntimeException e) {
      // A signature that cannot be processed proves nothing; Bouncy Castle also throws unchecked.
      return false;
    }
  }

  private static String issuerKeyId(PGPSignature signature) {
    List<KeyIdentifier> issuers = signature.getKeyIdentifiers();
    return issuers.isEmpty() ? NO_ISSUER : Keyring.keyId(issuers.get(0).getKeyId());
  }

  /**
   * Every signature covers the same text, so one that a key we hold does not vouch for means
   * someone altered the file; apt refuses such a file even when another signature is good.
   */
  private void rejectIfAnyForged(List<Outcome> outcomes, String source)
      throws SignatureVerificationException {
    Set<String> forgedBy = new LinkedHashSet<>();
    for (Outcome outcome : outcomes) {
      if (outcome instanceof Forged forged) {
        forgedBy.add(forged.keyId());
      }
    }
    if (!forgedBy.isEmpty()) {
      throw new SignatureVerificationException(source + " has a BAD signature by key "
          + String.join(", ", forgedBy) + " from " + keyring.source() + ": the signed text or the "
          + "signature was altered after signing. Do not use this file. " + ADVICE_DOWNLOAD);
    }
  }

  private SignatureVerificationException noTrustedSignature(List<Outcome> outcomes, String source) {
    Set<String> unknown = new LinkedHashSet<>();
    List<String> findings = new ArrayList<>();
    Set<String> advice = new LinkedHashSet<>();
    for (Outcome outcome : outcomes) {
      if (outcome instanceof UnknownKey unknownKey) {
        unknown.add(unknownKey.keyId());
        findings.add("signature by key " + unknownKey.keyId() + ": key not in the keyring");
      } else if (outcome instanceof Rejected rejected) {
        findings.add("signature by key " + rejected.keyId() + ": " + rejected.reason());
        advice.add(rejected.advice());
      }
    }
    if (advice.isEmpty()) {
      return new SignatureVerificationException(source + " is signed only by keys that are not in "
          + keyring.source() + " (signing key IDs: " + String.join(", ", unknown) + "). Use the keyring "
          + "that belongs to this archive and suite, or add the archive's signing key to your keyring.");
    }
    return new SignatureVerificationException(source + " has no signature that " + keyring.source()
        + " can vouch for: " + String.join("; ", findings) + ". Refusing to trust it. "
        + String.join(" ", advice));
  }
}
