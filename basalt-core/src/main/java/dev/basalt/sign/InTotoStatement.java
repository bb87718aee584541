package dev.basalt.sign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basalt.cache.Digest;
import dev.basalt.sign.VerificationException.Reason;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An in-toto Statement v1: what it is about (subjects with digests), the predicate type, and the
 * predicate. The predicate is kept with the members of every object sorted, so equal predicates
 * give equal bytes whatever order they were built in. {@link #toJson()} writes {@code _type},
 * {@code subject}, {@code predicateType}, {@code predicate} in that order, as the protobuf JSON
 * that cosign writes does.
 */
public record InTotoStatement(List<Subject> subjects, String predicateType, JsonNode predicate) {
  private static final String WHAT = "in-toto statement";

  /**
   * A resource the statement is about.
   *
   * @param name null to leave it out (cosign's signing statement names no subject)
   * @param digest algorithm to lower-case hex, at least one
   * @param annotations null to leave them out; empty is written as {@code {}}, as cosign does
   */
  public record Subject(String name, Map<String, String> digest, Map<String, String> annotations) {
    public Subject {
      Objects.requireNonNull(digest, "digest == null");
      if (digest.isEmpty()) {
        throw new IllegalArgumentException("a subject needs at least one digest");
      }
      digest = Collections.unmodifiableMap(new TreeMap<>(digest));
      annotations = annotations == null ? null : Collections.unmodifiableMap(new TreeMap<>(annotations));
    }

    /** A named subject with a SHA-256 digest, the usual in-toto form. */
    public static Subject of(String name, Digest digest) {
      Objects.requireNonNull(name, "name == null");
      return new Subject(name, Map.of(Digest.ALGORITHM, digest.hex()), null);
    }
  }

  public InTotoStatement {
    subjects = List.copyOf(subjects);
    if (subjects.isEmpty()) {
      throw new IllegalArgumentException("a statement needs at least one subject");
    }
    Objects.requireNonNull(predicateType, "predicateType == null");
    Objects.requireNonNull(predicate, "predicate == null");
    predicate = SignJson.sorted(predicate);
  }

  /** A statement whose predicate is the JSON document {@code predicateJson}. */
  public static InTotoStatement of(List<Subject> subjects, String predicateType, byte[] predicateJson) {
    try {
      return new InTotoStatement(subjects, predicateType, SignJson.parse(predicateJson, "predicate"));
    } catch (SignJson.Malformed e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /**
   * The statement {@code cosign sign} (v3) signs for an image: the manifest digest as the one
   * unnamed subject, the {@code -a} annotations on it, and an empty predicate.
   */
  public static InTotoStatement cosignSignature(Digest manifestDigest, Map<String, String> annotations) {
    Subject subject = new Subject(null, Map.of(Digest.ALGORITHM, manifestDigest.hex()), annotations);
    return new InTotoStatement(List.of(subject), SignatureTypes.COSIGN_SIGN_PREDICATE, SignJson.object());
  }

  @Override
  public JsonNode predicate() {
    return predicate.deepCopy();
  }

  public byte[] toJson() {
    ObjectNode root = SignJson.object();
    root.put("_type", SignatureTypes.IN_TOTO_STATEMENT_V1);
    ArrayNode subjectArray = root.putArray("subject");
    for (Subject s : subjects) {
      ObjectNode node = subjectArray.addObject();
      if (s.name() != null) {
        node.put("name", s.name());
      }
      ObjectNode digest = node.putObject("digest");
      s.digest().forEach(digest::put);
      if (s.annotations() != null) {
        ObjectNode annotations = node.putObject("annotations");
        s.annotations().forEach(annotations::put);
      }
    }
    root.put("predicateType", predicateType);
    root.set("predicate", predicate.deepCopy());
    return SignJson.bytes(root);
  }

  /**
   * Parses a statement.
   *
   * @throws VerificationException {@link Reason#MALFORMED} for bytes that are not one,
   *     {@link Reason#UNEXPECTED_PAYLOAD} for another {@code _type}
   */
  public static InTotoStatement fromJson(byte[] json) throws VerificationException {
    try {
      JsonNode root = SignJson.parse(json, WHAT);
      String type = SignJson.requireText(root, "_type", WHAT);
      if (!SignatureTypes.IN_TOTO_STATEMENT_V1.equals(type)) {
        throw new VerificationException(Reason.UNEXPECTED_PAYLOAD,
            "The signed payload is a statement of type '" + type + "', not '" + SignatureTypes.IN_TOTO_STATEMENT_V1 + "'.");
      }
      List<Subject> subjects = new ArrayList<>();
      for (Iterator<JsonNode> it = SignJson.elements(root, "subject", WHAT); it.hasNext(); ) {
        subjects.add(subject(it.next()));
      }
      JsonNode predicate = root.get("predicate");
      return new InTotoStatement(subjects, SignJson.requireText(root, "predicateType", WHAT),
          predicate == null ? SignJson.object() : predicate);
    } catch (SignJson.Malformed | IllegalArgumentException e) {
      throw new VerificationException(Reason.MALFORMED, "The signed payload is not an in-toto statement: "
          + e.getMessage(), e);
    }
  }

  private static Subject subject(JsonNode node) throws SignJson.Malformed {
    String what = WHAT + " subject";
    Map<String, String> digest = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : SignJson.requireObject(node, "digest", what).properties()) {
      if (!e.getValue().isTextual()) {
        throw new SignJson.Malformed(what + " digest '" + e.getKey() + "' is not a string");
      }
      digest.put(e.getKey(), e.getValue().textValue());
    }
    Map<String, String> annotations = null;
    if (node.has("annotations")) {
      annotations = new TreeMap<>();
      for (Map.Entry<String, JsonNode> e : SignJson.requireObject(node, "annotations", what).properties()) {
        // Annotations may be any JSON value; non-strings are kept as their JSON text.
        annotations.put(e.getKey(), e.getValue().isTextual() ? e.getValue().textValue() : e.getValue().toString());
      }
    }
    return new Subject(SignJson.optionalText(node, "name", what), digest, annotations);
  }

  /**
   * Returns normally only if a subject has SHA-256 digest {@code expected}.
   *
   * @throws VerificationException {@link Reason#DIGEST_MISMATCH} otherwise
   */
  public void requireSubject(Digest expected) throws VerificationException {
    Objects.requireNonNull(expected, "expected == null");
    for (Subject s : subjects) {
      if (expected.hex().equals(s.digest().get(Digest.ALGORITHM))) {
        return;
      }
    }
    List<String> found = subjects.stream().map(s -> String.valueOf(s.digest().get(Digest.ALGORITHM))).toList();
    throw new VerificationException(Reason.DIGEST_MISMATCH, "The signature holds, but the statement is about sha256 "
        + String.join(", ", found) + ", not " + expected + ".");
  }
}
