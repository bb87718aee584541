package dev.basalt.image;

import com.fasterxml.jackson.databind.JsonNode;
import dev.basalt.cache.Digest;
import dev.basalt.oci.Descriptor;
import dev.basalt.oci.MediaTypes;
import dev.basalt.oci.Platform;
import java.util.Map;
import java.util.TreeMap;

/**
 * Descriptors as other tools write them into index.json and manifests: read leniently, so that an
 * entry basalt cannot use (another digest algorithm, no size) is passed over rather than refused.
 */
public final class DescriptorJson {
  private DescriptorJson() {}

  /**
   * A descriptor read from JSON, or null when it is not one basalt can use (another digest
   * algorithm, no media type). Annotation values that are not strings are kept as their JSON.
   */
  public static Descriptor read(JsonNode node) {
    String mediaType = node.path("mediaType").asText("");
    String digestText = node.path("digest").asText("");
    long size = node.path("size").asLong(-1);
    if (mediaType.isEmpty() || size < 0 || !digestText.startsWith(Digest.ALGORITHM + ":")) {
      return null;
    }
    Digest digest;
    try {
      digest = Digest.parse(digestText);
    } catch (IllegalArgumentException e) {
      return null;
    }
    Map<String, String> annotations = new TreeMap<>();
    node.path("annotations").properties().forEach(e ->
        annotations.put(e.getKey(), e.getValue().isTextual() ? e.getValue().textValue() : e.getValue().toString()));
    return new Descriptor(mediaType, digest, size, annotations, platform(node.path("platform")),
        node.hasNonNull("artifactType") ? node.get("artifactType").asText() : null);
  }

  /** Whether {@code mediaType} is an image manifest or index (OCI or Docker). */
  public static boolean isImage(String mediaType) {
    return mediaType.equals(MediaTypes.OCI_INDEX) || mediaType.equals(MediaTypes.OCI_MANIFEST)
        || mediaType.equals(MediaTypes.DOCKER_MANIFEST_LIST) || mediaType.equals(MediaTypes.DOCKER_MANIFEST);
  }

  private static Platform platform(JsonNode node) {
    if (!node.isObject()) {
      return null;
    }
    try {
      return new Platform(node.path("os").asText(""), node.path("architecture").asText(""),
          node.hasNonNull("variant") ? node.get("variant").asText() : null);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
