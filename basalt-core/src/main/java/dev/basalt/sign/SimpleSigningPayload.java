package dev.basalt.sign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basalt.cache.Digest;
import dev.basalt.sign.VerificationException.Reason;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * cosign's "simple signing" payload for an image: the repository and manifest digest it vouches
 * for, plus optional annotations. {@link #toJson()} is byte for byte what cosign (sigstore's
 * {@code payload.Cosign}) marshals: {@code {"critical":{"identity":{"docker-reference":..},
 * "image":{"docker-manifest-digest":..},"type":"cosign container image signature"},"optional":..}},
 * with {@code "optional":null} when there are no annotations.
 *
 * @param dockerReference the repository, fully qualified and without tag or digest, as
 *     go-containerregistry names it ({@code index.docker.io/library/debian}, {@code example.com/app})
 * @param annotations null for none; otherwise written with sorted keys. Non-string values of a
 *     payload read from elsewhere are kept as their JSON text.
 */
public record SimpleSigningPayload(String dockerReference, Digest manifestDigest, Map<String, String> annotations) {
  private static final String WHAT = "simple signing payload";

  public SimpleSigningPayload {
    Objects.requireNonNull(dockerReference, "dockerReference == null");
    Objects.requireNonNull(manifestDigest, "manifestDigest == null");
    int lastSlash = dockerReference.lastIndexOf('/');
    if (dockerReference.isEmpty() || dockerReference.contains("@") || dockerReference.indexOf(':', lastSlash + 1) >= 0) {
      throw new IllegalArgumentException("docker-reference must be a repository without tag or digest: " + dockerReference);
    }
    annotations = annotations == null ? null : Collections.unmodifiableMap(new TreeMap<>(annotations));
  }

  public byte[] toJson() {
    ObjectNode critical = SignJson.object();
    critical.putObject("identity").put("docker-reference", dockerReference);
    critical.putObject("image").put("docker-manifest-digest", manifestDigest.toString());
    critical.put("type", SignatureTypes.COSIGN_SIMPLE_SIGNING_TYPE);
    ObjectNode root = SignJson.object();
    root.set("critical", critical);
    if (annotations == null) {
      root.putNull("optional");
    } else {
      ObjectNode optional = root.putObject("optional");
      annotations.forEach(optional::put);
    }
    return SignJson.goBytes(root);
  }

  /**
   * Parses a payload.
   *
   * @throws VerificationException {@link Reason#MALFORMED} for bytes that are not such a payload,
   *     {@link Reason#UNEXPECTED_PAYLOAD} for one whose {@code critical.type} is another
   */
  public static SimpleSigningPayload fromJson(byte[] json) throws VerificationException {
    try {
      JsonNode root = SignJson.parse(json, WHAT);
      JsonNode critical = SignJson.requireObject(root, "critical", WHAT);
      String type = SignJson.requireText(critical, "type", WHAT + " critical");
      if (!SignatureTypes.COSIGN_SIMPLE_SIGNING_TYPE.equals(type)) {
        throw new VerificationException(Reason.UNEXPECTED_PAYLOAD, "The signed payload is of type '" + type
            + "', not '" + SignatureTypes.COSIGN_SIMPLE_SIGNING_TYPE + "'.");
      }
      String reference = SignJson.requireText(SignJson.requireObject(critical, "identity", WHAT), "docker-reference", WHAT);
      String digest = SignJson.requireText(SignJson.requireObject(critical, "image", WHAT), "docker-manifest-digest", WHAT);
      JsonNode optional = root.get("optional");
      Map<String, String> annotations = null;
      if (optional != null && optional.isObject()) {
        annotations = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : optional.properties()) {
          annotations.put(e.getKey(), e.getValue().isTextual() ? e.getValue().textValue() : e.getValue().toString());
        }
      }
      return new SimpleSigningPayload(reference, parseDigest(digest), annotations);
    } catch (SignJson.Malformed | IllegalArgumentException e) {
      throw new VerificationException(Reason.MALFORMED, "The signed payload is not a simple signing payload: "
          + e.getMessage(), e);
    }
  }

  private static Digest parseDigest(String text) {
    if (!text.startsWith(Digest.ALGORITHM + ":")) {
      throw new IllegalArgumentException("docker-manifest-digest is not a sha256 digest: " + text);
    }
    return Digest.parse(text);
  }

  /**
   * Verifies a cosign signature over a simple signing payload and returns the payload only if the
   * signature is by {@code key} and the payload names {@code expected}.
   *
   * @throws VerificationException {@link Reason#ALTERED} or {@link Reason#MALFORMED} for the
   *     signature, {@link Reason#DIGEST_MISMATCH} when the payload vouches for another manifest
   */
  public static SimpleSigningPayload verify(byte[] payload, byte[] signature, VerificationKey key, Digest expected)
      throws VerificationException {
    Objects.requireNonNull(expected, "expected == null");
    key.verify(payload, signature);
    SimpleSigningPayload parsed = fromJson(payload);
    if (!parsed.manifestDigest.equals(expected)) {
      throw new VerificationException(Reason.DIGEST_MISMATCH, "The signature holds, but it is for manifest "
          + parsed.manifestDigest + " of " + parsed.dockerReference + ", not for " + expected + ".");
    }
    return parsed;
  }
}
