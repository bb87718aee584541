package dev.basalt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.cache.BlobStore;
import dev.basalt.cache.Digest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * Checks that an output path shows a complete OCI layout: {@code index.json} tags a root, and
 * every blob reachable from it (indexes, manifests, configs, layers) is present with its digest.
 */
final class LayoutCheck {
  private static final ObjectMapper JSON = new ObjectMapper();

  private LayoutCheck() {}

  /** The digest tagged {@code latest} in the layout at {@code out}, after checking every reachable blob. */
  static Digest completeRoot(Path out) throws IOException {
    JsonNode index = JSON.readTree(Files.readAllBytes(out.resolve("index.json")));
    Digest root = null;
    Deque<Digest> pending = new ArrayDeque<>();
    for (JsonNode m : index.path("manifests")) {
      Digest d = Digest.parse(m.get("digest").asText());
      pending.add(d);
      if ("latest".equals(m.path("annotations").path("org.opencontainers.image.ref.name").asText())) {
        root = d;
      }
    }
    if (root == null) {
      throw new IOException(out + "/index.json tags no root 'latest'");
    }
    Set<Digest> seen = new HashSet<>();
    while (!pending.isEmpty()) {
      Digest d = pending.pop();
      if (!seen.add(d)) {
        continue;
      }
      Path blob = out.resolve("blobs").resolve("sha256").resolve(d.hex());
      Digest actual;
      try {
        actual = BlobStore.digestOf(blob);
      } catch (NoSuchFileException e) {
        throw new IOException(out + " lacks blob " + d, e);
      }
      if (!actual.equals(d)) {
        throw new IOException(out + " blob " + d + " has digest " + actual);
      }
      long size = Files.size(blob);
      if (size > 0 && size < 1 << 20 && Files.readAllBytes(blob)[0] == '{') {
        JsonNode doc = JSON.readTree(Files.readAllBytes(blob));
        for (JsonNode m : doc.path("manifests")) {
          pending.add(Digest.parse(m.get("digest").asText()));
        }
        if (doc.path("config").has("digest")) {
          pending.add(Digest.parse(doc.get("config").get("digest").asText()));
        }
        for (JsonNode l : doc.path("layers")) {
          pending.add(Digest.parse(l.get("digest").asText()));
        }
      }
    }
    return root;
  }
}
