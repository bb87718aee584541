package dev.basalt.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.cache.Digest;
import dev.basalt.oci.Descriptor;
import dev.basalt.oci.MediaTypes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The artifacts that refer to a manifest in a registry: what the OCI 1.1 referrers API lists, or
 * on a registry without it, the index under the fallback tag {@code sha256-<hex>} that pushers
 * keep for each subject.
 */
final class Referrers {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Referrers() {}

  /** The fallback tag of {@code subject}. */
  static String fallbackTag(Digest subject) {
    return Digest.ALGORITHM + "-" + subject.hex();
  }

  /** The referrers of {@code subject}, from the API where the registry has one, else from the fallback tag. */
  static List<Descriptor> of(RegistryClient client, Digest subject) throws RegistryException {
    Optional<byte[]> api = client.referrers(subject);
    if (api.isPresent()) {
      return parse(api.get(), client.repository() + " referrers of " + subject);
    }
    return underFallbackTag(client, subject);
  }

  /** The descriptors in {@code subject}'s fallback tag, or none when the tag is absent or holds no index. */
  static List<Descriptor> underFallbackTag(RegistryClient client, Digest subject) throws RegistryException {
    String tag = fallbackTag(subject);
    Optional<RegistryClient.Manifest> existing = client.fetchManifestIfPresent(tag);
    if (existing.isEmpty() || !existing.get().mediaType().equals(MediaTypes.OCI_INDEX)) {
      return List.of();
    }
    return parse(existing.get().bytes(), client.repository() + ":" + tag);
  }

  private static List<Descriptor> parse(byte[] index, String where) throws RegistryIntegrityException {
    List<Descriptor> out = new ArrayList<>();
    try {
      for (JsonNode d : JSON.readTree(index).path("manifests")) {
        Map<String, String> annotations = new LinkedHashMap<>();
        d.path("annotations").properties().forEach(a -> annotations.put(a.getKey(), a.getValue().asText()));
        out.add(new Descriptor(d.path("mediaType").asText(MediaTypes.OCI_MANIFEST), Digest.parse(d.path("digest").asText()),
            d.path("size").asLong(), annotations, null, d.path("artifactType").asText(null)));
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new RegistryIntegrityException(where + " is not a valid referrers index: " + e.getMessage(), e);
    }
    return out;
  }
}
