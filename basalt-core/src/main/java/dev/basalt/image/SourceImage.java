package dev.basalt.image;

import dev.basalt.cache.Digest;
import java.util.List;
import java.util.Objects;

/**
 * One image (one platform) found in an {@link ImageSource}: its config and its layers, bottom
 * first. {@code name} is the reference it was found under (a layout's ref name or an archive's
 * repo tag), or null; {@code manifest} is null where the source has no manifest blob (a
 * docker-archive).
 */
public record SourceImage(String name, Digest manifest, Digest configDigest, ConfigView config, List<LayerBlob> layers) {
  public SourceImage {
    Objects.requireNonNull(configDigest, "configDigest == null");
    Objects.requireNonNull(config, "config == null");
    layers = List.copyOf(layers);
  }

  /** The platform as {@code os/arch[/variant]}, or "unknown" when the config names none. */
  public String platformName() {
    return config.platform() == null ? "unknown" : config.platform().toString();
  }

  /** The architecture ({@code amd64}, {@code arm64}), or "unknown". */
  public String arch() {
    return config.architecture() == null || config.architecture().isEmpty() ? "unknown" : config.architecture();
  }

  /**
   * One layer blob. {@code digest} and {@code size} are what the manifest promises for the stored
   * (possibly compressed) bytes, null and -1 where nothing was promised; {@code diffId} is the
   * config's digest of the uncompressed tar, or null. {@code location} says where the blob is.
   */
  public record LayerBlob(String mediaType, Digest digest, long size, Digest diffId, String location) {
    public LayerBlob {
      Objects.requireNonNull(location, "location == null");
    }
  }
}
