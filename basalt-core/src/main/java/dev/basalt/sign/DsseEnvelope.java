package dev.basalt.sign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basalt.sign.VerificationException.Reason;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * A DSSE envelope: a payload, its type, and signatures over the pre-authentication encoding
 * ({@link #pae}) of the two, so a signature can never be replayed under another payload type.
 * Its JSON is what go-securesystemslib's {@code dsse.Envelope} marshals to (cosign's attestation
 * layers); inside a sigstore bundle it takes the protobuf JSON layout instead ({@link SigstoreBundle}).
 */
public record DsseEnvelope(String payloadType, byte[] payload, List<Signature> signatures) {
  private static final String WHAT = "DSSE envelope";

  /** One signature; {@code keyid} is an unauthenticated hint, empty when there is none (as cosign writes). */
  public record Signature(String keyid, byte[] sig) {
    public Signature {
      Objects.requireNonNull(keyid, "keyid == null");
      Objects.requireNonNull(sig, "sig == null");
      sig = sig.clone();
    }

    @Override
    public byte[] sig() {
      return sig.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Signature s && keyid.equals(s.keyid) && Arrays.equals(sig, s.sig);
    }

    @Override
    public int hashCode() {
      return 31 * keyid.hashCode() + Arrays.hashCode(sig);
    }

    @Override
    public String toString() {
      return "Signature[keyid=" + keyid + ", " + sig.length + " bytes]";
    }
  }

  public DsseEnvelope {
    Objects.requireNonNull(payloadType, "payloadType == null");
    Objects.requireNonNull(payload, "payload == null");
    payload = payload.clone();
    signatures = List.copyOf(signatures);
  }

  /** {@code "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body}, lengths in ASCII decimal bytes. */
  public static byte[] pae(String payloadType, byte[] payload) {
    byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + type.length + 32);
    out.writeBytes(("DSSEv1 " + type.length + " ").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(type);
    out.writeBytes((" " + payload.length + " ").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(payload);
    return out.toByteArray();
  }

  /** An envelope holding one signature by {@code key}, with an empty key id. */
  public static DsseEnvelope sign(String payloadType, byte[] payload, SigningKey key) {
    Objects.requireNonNull(key, "key == null");
    return new DsseEnvelope(payloadType, payload, List.of(new Signature("", key.sign(pae(payloadType, payload)))));
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  /**
   * Returns the payload only if a signature in the envelope is by {@code key} over exactly this
   * payload and payload type.
   *
   * @throws VerificationException {@link Reason#NO_SIGNATURE} for an envelope without signatures,
   *     {@link Reason#ALTERED} when none of them holds
   */
  public byte[] verify(VerificationKey key) throws VerificationException {
    Objects.requireNonNull(key, "key == null");
    if (signatures.isEmpty()) {
      throw new VerificationException(Reason.NO_SIGNATURE, "The DSSE envelope holds no signature.");
    }
    if (!verifiedBy(key)) {
      throw new VerificationException(Reason.ALTERED, "No signature in the DSSE envelope verifies with key "
          + key.hint() + ": the payload or its type was altered, or another key signed it.");
    }
    return payload.clone();
  }

  boolean verifiedBy(VerificationKey key) {
    byte[] pae = pae(payloadType, payload);
    return signatures.stream().anyMatch(s -> key.holds(pae, s.sig));
  }

  /** The envelope's JSON, as go-securesystemslib writes it: the key id always present. */
  public byte[] toJson() {
    ObjectNode root = SignJson.object();
    root.put("payloadType", payloadType);
    root.put("payload", SignJson.base64(payload));
    ArrayNode sigs = root.putArray("signatures");
    for (Signature s : signatures) {
      sigs.addObject().put("keyid", s.keyid).put("sig", SignJson.base64(s.sig));
    }
    return SignJson.goBytes(root);
  }

  /** The protobuf JSON layout sigstore bundles use: fields in proto order, an empty key id left out. */
  ObjectNode toBundleJson() {
    ObjectNode root = SignJson.object();
    root.put("payload", SignJson.base64(payload));
    root.put("payloadType", payloadType);
    ArrayNode sigs = root.putArray("signatures");
    for (Signature s : signatures) {
      ObjectNode sig = sigs.addObject().put("sig", SignJson.base64(s.sig));
      if (!s.keyid.isEmpty()) {
        sig.put("keyid", s.keyid);
      }
    }
    return root;
  }

  /**
   * Parses an envelope's JSON (either layout).
   *
   * @throws VerificationException {@link Reason#MALFORMED} when it is not a DSSE envelope
   */
  public static DsseEnvelope fromJson(byte[] json) throws VerificationException {
    try {
      return fromJsonNode(SignJson.parse(json, WHAT));
    } catch (SignJson.Malformed e) {
      throw new VerificationException(Reason.MALFORMED, e.getMessage(), e);
    }
  }

  static DsseEnvelope fromJsonNode(JsonNode root) throws SignJson.Malformed {
    if (!root.isObject()) {
      throw new SignJson.Malformed(WHAT + " is not a JSON object");
    }
    String type = SignJson.requireText(root, "payloadType", WHAT);
    byte[] body = SignJson.fromBase64(SignJson.requireText(root, "payload", WHAT), WHAT + " payload");
    List<Signature> sigs = new ArrayList<>();
    Iterator<JsonNode> it = SignJson.elements(root, "signatures", WHAT);
    while (it.hasNext()) {
      JsonNode s = it.next();
      String keyid = SignJson.optionalText(s, "keyid", WHAT + " signature");
      byte[] sig = SignJson.fromBase64(SignJson.requireText(s, "sig", WHAT + " signature"), WHAT + " signature");
      sigs.add(new Signature(keyid == null ? "" : keyid, sig));
    }
    return new DsseEnvelope(type, body, sigs);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DsseEnvelope e && payloadType.equals(e.payloadType) && Arrays.equals(payload, e.payload)
        && signatures.equals(e.signatures);
  }

  @Override
  public int hashCode() {
    return Objects.hash(payloadType, Arrays.hashCode(payload), signatures);
  }

  @Override
  public String toString() {
    return "DsseEnvelope[" + payloadType + ", " + payload.length + " bytes, " + signatures.size() + " signatures]";
  }
}
