package dev.basalt.oci;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An OCI image manifest: one platform's config and layers, or (OCI 1.1) an artifact such as an
 * SBOM or a signature, with {@code artifactType} and the {@code subject} it refers to. Components
 * in JSON order; null ones are left out.
 */
public record ImageManifest(
    int schemaVersion, String mediaType, String artifactType, Descriptor config, List<Descriptor> layers,
    Descriptor subject, Map<String, String> annotations) {

  public static final int SCHEMA_VERSION = 2;

  public ImageManifest {
    if (schemaVersion != SCHEMA_VERSION) {
      throw new IllegalArgumentException("schemaVersion must be 2, not " + schemaVersion);
    }
    Objects.requireNonNull(mediaType, "mediaType == null");
    Objects.requireNonNull(config, "config == null");
    layers = List.copyOf(layers);
    annotations = annotations == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(annotations));
  }

  public static ImageManifest of(Descriptor config, List<Descriptor> layers, Map<String, String> annotations) {
    return new ImageManifest(SCHEMA_VERSION, MediaTypes.OCI_MANIFEST, null, config, layers, null, annotations);
  }

  /**
   * An artifact manifest that refers to {@code subject}: the empty config, as the image spec
   * recommends for artifacts without one, and {@code blobs} as its layers.
   */
  public static ImageManifest artifact(String artifactType, List<Descriptor> blobs, Descriptor subject,
      Map<String, String> annotations) {
    Objects.requireNonNull(artifactType, "artifactType == null");
    Objects.requireNonNull(subject, "subject == null");
    Descriptor bare = new Descriptor(subject.mediaType(), subject.digest(), subject.size(), null, null, null);
    return new ImageManifest(SCHEMA_VERSION, MediaTypes.OCI_MANIFEST, artifactType, MediaTypes.EMPTY_DESCRIPTOR,
        blobs, bare, annotations);
  }

  /** The canonical JSON bytes. */
  public byte[] toJson() {
    return Json.bytes(this);
  }

  /** The descriptor of {@link #toJson()}. */
  public Descriptor descriptor() {
    return Descriptor.of(mediaType, toJson());
  }
}
