package dev.basalt.oci;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** An OCI image manifest: one platform's config and layers. Components in JSON order. */
public record ImageManifest(
    int schemaVersion, String mediaType, Descriptor config, List<Descriptor> layers,
    Map<String, String> annotations) {

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
    return new ImageManifest(SCHEMA_VERSION, MediaTypes.OCI_MANIFEST, config, layers, annotations);
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
