package dev.basalt.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.cache.Digest;
import dev.basalt.oci.Descriptor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An image manifest read back from a layout for what it carries rather than for a filesystem: a
 * signature image's layers, an OCI 1.1 artifact's type, blobs and subject.
 *
 * @param manifest the descriptor it was read by (checked against its bytes)
 * @param artifactType the manifest's own {@code artifactType}, else the index entry's, else null
 * @param subject the digest of the manifest it refers to, or null
 */
public record ArtifactManifest(Descriptor manifest, String artifactType, Descriptor config, List<Descriptor> layers,
    Digest subject, Map<String, String> annotations) {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  public ArtifactManifest {
    Objects.requireNonNull(manifest, "manifest == null");
    layers = List.copyOf(layers);
    annotations = Map.copyOf(annotations);
  }

  /**
   * Reads the manifest {@code d} names from {@code index}'s layout.
   *
   * @throws ImageReadException when the blob is missing, not what {@code d} says, or not a manifest
   *     whose descriptors basalt reads
   */
  public static ArtifactManifest read(LayoutIndex index, Descriptor d) throws ImageReadException {
    byte[] bytes = index.readBlob(d);
    String where = index.display() + " manifest " + d.digest();
    JsonNode root;
    try {
      root = MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw new ImageReadException(where + " is not valid JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject() || !root.path("layers").isArray()) {
      throw new ImageReadException(where + " is not an image manifest (no layers array)");
    }
    Descriptor config = root.has("config") ? DescriptorJson.read(root.get("config")) : null;
    List<Descriptor> layers = new ArrayList<>();
    for (JsonNode layer : root.get("layers")) {
      Descriptor l = DescriptorJson.read(layer);
      if (l == null) {
        throw new ImageReadException(where + " has a layer basalt cannot read (sha256 digest, media type and size"
            + " needed): " + layer);
      }
      layers.add(l);
    }
    Digest subject = null;
    if (root.has("subject")) {
      Descriptor s = DescriptorJson.read(root.get("subject"));
      if (s == null) {
        throw new ImageReadException(where + " has a subject basalt cannot read: " + root.get("subject"));
      }
      subject = s.digest();
    }
    Map<String, String> annotations = new TreeMap<>();
    root.path("annotations").properties().forEach(e -> annotations.put(e.getKey(), e.getValue().asText()));
    String artifactType = root.hasNonNull("artifactType") ? root.get("artifactType").asText() : d.artifactType();
    return new ArtifactManifest(d, artifactType, config, layers, subject, annotations);
  }
}
