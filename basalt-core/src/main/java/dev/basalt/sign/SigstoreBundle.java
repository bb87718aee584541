package dev.basalt.sign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basalt.cache.Digest;
import dev.basalt.sign.VerificationException.Reason;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A sigstore bundle v0.3 signed with a key (no certificate, no transparency log entry, no
 * timestamp): a DSSE envelope and the hint naming the public key. The JSON follows the protobuf
 * JSON layout sigstore clients read: {@code {"mediaType":..,"verificationMaterial":{"publicKey":
 * {"hint":..},"tlogEntries":[]},"dsseEnvelope":{"payload":..,"payloadType":..,"signatures":
 * [{"sig":..}]}}}. Signatures are deterministic, so the same key and payload give the same bytes.
 *
 * @param keyHint the hint naming the signing key, null when the bundle names none
 */
public record SigstoreBundle(String keyHint, DsseEnvelope envelope) {
  private static final String WHAT = "sigstore bundle";
  /** Both media type spellings sigstore has used: {@code bundle.v0.3+json} and {@code bundle+json;version=0.2}. */
  private static final Pattern MEDIA_TYPE = Pattern.compile(
      "application/vnd\\.dev\\.sigstore\\.bundle(\\.v\\d+\\.\\d+\\+json|\\+json;version=\\d+\\.\\d+)");

  public SigstoreBundle {
    Objects.requireNonNull(envelope, "envelope == null");
  }

  /** A bundle of {@code payload} signed by {@code key}, naming the key by its {@link VerificationKey#hint()}. */
  public static SigstoreBundle sign(String payloadType, byte[] payload, SigningKey key) {
    return new SigstoreBundle(key.publicKey().hint(), DsseEnvelope.sign(payloadType, payload, key));
  }

  /** A bundle of {@code statement}, signed by {@code key}, with payload type {@code application/vnd.in-toto+json}. */
  public static SigstoreBundle sign(InTotoStatement statement, SigningKey key) {
    return sign(SignatureTypes.IN_TOTO_PAYLOAD, statement.toJson(), key);
  }

  public byte[] toJson() {
    ObjectNode material = SignJson.object();
    if (keyHint != null) {
      material.putObject("publicKey").put("hint", keyHint);
    }
    material.putArray("tlogEntries");
    ObjectNode root = SignJson.object();
    root.put("mediaType", SignatureTypes.SIGSTORE_BUNDLE_V03);
    root.set("verificationMaterial", material);
    root.set("dsseEnvelope", envelope.toBundleJson());
    return SignJson.bytes(root);
  }

  /**
   * Parses a bundle holding a DSSE envelope. Transparency log entries and timestamps are not read:
   * verification here is by key only.
   *
   * @throws VerificationException {@link Reason#MALFORMED} when it is not a sigstore bundle with a
   *     DSSE envelope
   */
  public static SigstoreBundle fromJson(byte[] json) throws VerificationException {
    try {
      JsonNode root = SignJson.parse(json, WHAT);
      String mediaType = SignJson.requireText(root, "mediaType", WHAT);
      if (!MEDIA_TYPE.matcher(mediaType).matches()) {
        throw new SignJson.Malformed(WHAT + " has media type '" + mediaType + "', not " + SignatureTypes.SIGSTORE_BUNDLE_V03);
      }
      JsonNode material = SignJson.requireObject(root, "verificationMaterial", WHAT);
      if (!root.has("dsseEnvelope")) {
        throw new SignJson.Malformed(WHAT + " holds no DSSE envelope"
            + (root.has("messageSignature") ? " (it holds a message signature, which basalt does not verify)" : ""));
      }
      String hint = null;
      if (material.has("publicKey")) {
        hint = SignJson.optionalText(SignJson.requireObject(material, "publicKey", WHAT), "hint", WHAT + " public key");
      }
      return new SigstoreBundle(hint, DsseEnvelope.fromJsonNode(SignJson.requireObject(root, "dsseEnvelope", WHAT)));
    } catch (SignJson.Malformed e) {
      throw new VerificationException(Reason.MALFORMED, "Not a usable sigstore bundle: " + e.getMessage(), e);
    }
  }

  /**
   * Returns the payload only if the envelope holds a signature by {@code key} over exactly it.
   *
   * @throws VerificationException {@link Reason#NO_SIGNATURE} without a signature;
   *     {@link Reason#OTHER_KEY} when the signature fails and the bundle names another key;
   *     {@link Reason#ALTERED} when it fails and the bundle names this key, or none (a bundle made with
   *     a certificate names none: basalt verifies key-signed bundles)
   */
  public byte[] verify(VerificationKey key) throws VerificationException {
    Objects.requireNonNull(key, "key == null");
    if (envelope.signatures().isEmpty()) {
      throw new VerificationException(Reason.NO_SIGNATURE, "The bundle's DSSE envelope holds no signature.");
    }
    if (envelope.verifiedBy(key)) {
      return envelope.payload();
    }
    if (keyHint != null && !keyHint.equals(key.hint())) {
      throw new VerificationException(Reason.OTHER_KEY, "The bundle was signed by another key: it names key "
          + keyHint + ", and the signature does not verify with the key given, " + key.hint() + ".");
    }
    if (keyHint == null) {
      throw new VerificationException(Reason.ALTERED, "The bundle's signature does not verify with key " + key.hint()
          + ": its payload or signature was altered, or another key signed it (the bundle names no key).");
    }
    throw new VerificationException(Reason.ALTERED, "The bundle's signature does not verify with key " + key.hint()
        + ", the key it names: its payload or signature was altered.");
  }

  /**
   * Verifies the bundle as {@link #verify} does, then requires an in-toto statement of
   * {@code predicateType} about {@code subject}; returns the statement.
   *
   * @throws VerificationException as {@link #verify}; {@link Reason#UNEXPECTED_PAYLOAD} for another
   *     payload or predicate type; {@link Reason#DIGEST_MISMATCH} when no subject has the digest
   */
  public InTotoStatement verifyStatement(VerificationKey key, String predicateType, Digest subject)
      throws VerificationException {
    Objects.requireNonNull(predicateType, "predicateType == null");
    byte[] payload = verify(key);
    if (!SignatureTypes.IN_TOTO_PAYLOAD.equals(envelope.payloadType())) {
      throw new VerificationException(Reason.UNEXPECTED_PAYLOAD, "The bundle's payload is of type '"
          + envelope.payloadType() + "', not '" + SignatureTypes.IN_TOTO_PAYLOAD + "'.");
    }
    InTotoStatement statement = InTotoStatement.fromJson(payload);
    if (!predicateType.equals(statement.predicateType())) {
      throw new VerificationException(Reason.UNEXPECTED_PAYLOAD, "The signed statement's predicate type is '"
          + statement.predicateType() + "', not '" + predicateType + "'.");
    }
    statement.requireSubject(subject);
    return statement;
  }
}
