package dev.basalt.oci;

import dev.basalt.cache.Digest;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One platform's image, ready to be written out: its config, its layer blobs bottom first, and
 * the manifest's annotations. The config's {@code diff_ids} must be the layers', in order.
 */
public record PlatformImage(ImageConfig config, List<LayerFile> layers, Map<String, String> annotations) {
  public PlatformImage {
    Objects.requireNonNull(config, "config == null");
    layers = List.copyOf(layers);
    annotations = annotations == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(annotations));
    List<Digest> diffIds = layers.stream().map(l -> l.layer().diffId()).toList();
    if (!diffIds.equals(config.rootfs().diffIds())) {
      throw new IllegalArgumentException("the config's diff_ids " + config.rootfs().diffIds()
          + " are not the layers' " + diffIds);
    }
  }

  public Platform platform() {
    return config.platform();
  }

  public ImageManifest manifest() {
    return ImageManifest.of(config.descriptor(), layers.stream().map(l -> l.layer().descriptor()).toList(),
        annotations);
  }
}
