package dev.basalt.oci;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An OCI image index: the per-platform manifests of one image, or (as a layout's
 * {@code index.json}) the tagged roots of a layout. Components in JSON order.
 */
public record ImageIndex(
    int schemaVersion, String mediaType, List<Descriptor> manifests, Map<String, String> annotations) {

  public ImageIndex {
    if (schemaVersion != ImageManifest.SCHEMA_VERSION) {
      throw new IllegalArgumentException("schemaVersion must be 2, not " + schemaVersion);
    }
    Objects.requireNonNull(mediaType, "mediaType == null");
    manifests = List.copyOf(manifests);
    annotations = annotations == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(annotations));
  }

  public static ImageIndex of(List<Descriptor> manifests, Map<String, String> annotations) {
    return new ImageIndex(ImageManifest.SCHEMA_VERSION, MediaTypes.OCI_INDEX, manifests, annotations);
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
