package dev.basalt.oci;

import dev.basalt.cache.Digest;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An OCI content descriptor: what a blob is, its digest and size, and optionally annotations, the
 * platform it is for (in an index) and an artifact type. Components are in the order the JSON
 * writes them; {@code annotations} is never null (empty is omitted from the JSON).
 */
public record Descriptor(
    String mediaType, Digest digest, long size, Map<String, String> annotations, Platform platform,
    String artifactType) {

  public Descriptor {
    Objects.requireNonNull(mediaType, "mediaType == null");
    Objects.requireNonNull(digest, "digest == null");
    if (size < 0) {
      throw new IllegalArgumentException("size < 0: " + size);
    }
    annotations = annotations == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(annotations));
  }

  public static Descriptor of(String mediaType, Digest digest, long size) {
    return new Descriptor(mediaType, digest, size, Map.of(), null, null);
  }

  /** The descriptor of {@code content}. */
  public static Descriptor of(String mediaType, byte[] content) {
    return of(mediaType, Digest.of(content), content.length);
  }

  public Descriptor withAnnotations(Map<String, String> newAnnotations) {
    return new Descriptor(mediaType, digest, size, newAnnotations, platform, artifactType);
  }

  public Descriptor withPlatform(Platform newPlatform) {
    return new Descriptor(mediaType, digest, size, annotations, newPlatform, artifactType);
  }
}
