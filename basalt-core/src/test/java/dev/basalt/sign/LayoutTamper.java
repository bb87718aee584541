package dev.basalt.sign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basalt.cache.Digest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * What an attacker with write access to a layout can do: rewrite any blob and re-store it under
 * its new digest, then fix every descriptor on the way up to index.json, so that nothing is
 * inconsistent but the signatures.
 */
final class LayoutTamper {
  static final ObjectMapper JSON = new ObjectMapper();

  private final Path layout;

  LayoutTamper(Path layout) {
    this.layout = layout;
  }

  Path blobPath(String digest) {
    return layout.resolve("blobs/sha256").resolve(Digest.parse(digest).hex());
  }

  byte[] blob(String digest) throws IOException {
    return Files.readAllBytes(blobPath(digest));
  }

  JsonNode json(String digest) throws IOException {
    return JSON.readTree(blob(digest));
  }

  /** Stores {@code bytes} as a blob; returns its digest. */
  String store(byte[] bytes) throws IOException {
    Digest d = Digest.of(bytes);
    Files.write(layout.resolve("blobs/sha256").resolve(d.hex()), bytes);
    return d.toString();
  }

  ArrayNode entries() throws IOException {
    return (ArrayNode) JSON.readTree(layout.resolve("index.json").toFile()).get("manifests");
  }

  /** The index.json entry tagged {@code ref}. */
  ObjectNode tagged(String ref) throws IOException {
    for (JsonNode e : entries()) {
      if (ref.equals(e.path("annotations").path("org.opencontainers.image.ref.name").asText())) {
        return (ObjectNode) e;
      }
    }
    throw new AssertionError("no entry tagged " + ref);
  }

  /** The first index.json entry of {@code artifactType} whose manifest's subject is {@code subject}. */
  ObjectNode referrer(String artifactType, Digest subject) throws IOException {
    for (JsonNode e : entries()) {
      if (artifactType.equals(e.path("artifactType").asText())
          && json(e.get("digest").asText()).path("subject").path("digest").asText().equals(subject.toString())) {
        return (ObjectNode) e;
      }
    }
    throw new AssertionError("no " + artifactType + " referrer of " + subject);
  }

  /**
   * Rewrites layer {@code layer} of the manifest {@code entry} names with {@code edit}, re-stores
   * it, the manifest, and index.json, all consistent.
   */
  void rewriteLayer(ObjectNode entry, int layer, UnaryOperator<byte[]> edit) throws IOException {
    ObjectNode manifest = (ObjectNode) json(entry.get("digest").asText());
    ObjectNode l = (ObjectNode) manifest.get("layers").get(layer);
    byte[] content = edit.apply(blob(l.get("digest").asText()));
    l.put("digest", store(content)).put("size", content.length);
    replaceManifest(entry, JSON.writeValueAsBytes(manifest));
  }

  /** Stores {@code manifest} and points the index.json entry that named {@code entry}'s digest at it. */
  void replaceManifest(ObjectNode entry, byte[] manifest) throws IOException {
    String old = entry.get("digest").asText();
    ObjectNode index = (ObjectNode) JSON.readTree(layout.resolve("index.json").toFile());
    for (JsonNode e : index.get("manifests")) {
      if (e.get("digest").asText().equals(old)) {
        ((ObjectNode) e).put("digest", store(manifest)).put("size", manifest.length);
      }
    }
    Files.write(layout.resolve("index.json"), JSON.writeValueAsBytes(index));
  }

  /** Adds an entry to index.json as is. */
  void addEntry(ObjectNode entry) throws IOException {
    ObjectNode index = (ObjectNode) JSON.readTree(layout.resolve("index.json").toFile());
    ((ArrayNode) index.get("manifests")).add(entry);
    Files.write(layout.resolve("index.json"), JSON.writeValueAsBytes(index));
  }

  /** Flips one bit of a blob in place, fixing nothing. */
  void flip(String digest) throws IOException {
    byte[] bytes = blob(digest);
    bytes[bytes.length / 2] ^= 1;
    Files.write(blobPath(digest), bytes);
  }
}
