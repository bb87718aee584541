package dev.basalt.layer;

import dev.basalt.build.SpecLocator;
import dev.basalt.cache.BlobStore;
import dev.basalt.debian.MirrorResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What a layered build takes from its surroundings: the cache directory (blobs, built preset
 * bases, layers), how Debian archive names map to mirrors (for building a preset base), the
 * process environment ({@code SOURCE_DATE_EPOCH}, registry settings), where the shipped presets
 * are (null when unknown; then a base must be an image, not a preset name), where progress
 * notices go, and how often a preset base is resolved afresh against its archive.
 */
public record LayerEnvironment(Path cacheDir, MirrorResolver mirrors, Map<String, String> variables, Path presetsDir,
    Consumer<String> notices, PresetRefresh presetRefresh) {
  /** Names basalt's home (holding {@code presets/}) when the {@code basalt.home} property is not set. */
  public static final String HOME_ENV = "BASALT_HOME";

  public LayerEnvironment {
    Objects.requireNonNull(cacheDir, "cacheDir == null");
    Objects.requireNonNull(mirrors, "mirrors == null");
    variables = Map.copyOf(variables);
    Objects.requireNonNull(notices, "notices == null");
    Objects.requireNonNull(presetRefresh, "presetRefresh == null");
  }

  /** An environment that resolves a preset base afresh on every build. */
  public LayerEnvironment(Path cacheDir, MirrorResolver mirrors, Map<String, String> variables, Path presetsDir,
      Consumer<String> notices) {
    this(cacheDir, mirrors, variables, presetsDir, notices, PresetRefresh.ALWAYS);
  }

  /**
   * How often a preset base is resolved against its archive (the signed indexes fetched and
   * checked for newer packages): on every build ({@link #ALWAYS}, the default), or only when the
   * last resolution of the same preset is older than {@code maxAge}; {@code offline} never
   * resolves and uses the base last built, as Maven's offline mode asks.
   */
  public record PresetRefresh(Duration maxAge, boolean offline) {
    public static final PresetRefresh ALWAYS = new PresetRefresh(Duration.ZERO, false);

    public PresetRefresh {
      Objects.requireNonNull(maxAge, "maxAge == null");
      if (maxAge.isNegative()) {
        throw new IllegalArgumentException("maxAge is negative: " + maxAge);
      }
    }
  }

  /**
   * The environment a command without flags has: the cache from {@code BASALT_CACHE} (else
   * {@code XDG_CACHE_HOME/basalt}, else {@code ~/.cache/basalt}), mirrors from
   * {@code BASALT_MIRROR_*}, the user's config file and the host's apt sources, presets from the
   * {@code basalt.home} property or {@code BASALT_HOME}, notices to standard error.
   */
  public static LayerEnvironment defaults() {
    return new LayerEnvironment(BlobStore.defaultRoot(), MirrorResolver.forHost(Map.of()), System.getenv(),
        defaultPresets(System.getenv()), message -> System.err.println("basalt: " + message), PresetRefresh.ALWAYS);
  }

  public LayerEnvironment withPresetRefresh(PresetRefresh refresh) {
    return new LayerEnvironment(cacheDir, mirrors, variables, presetsDir, notices, refresh);
  }

  public LayerEnvironment withPresetsDir(Path dir) {
    return new LayerEnvironment(cacheDir, mirrors, variables, dir, notices, presetRefresh);
  }

  public LayerEnvironment withNotices(Consumer<String> sink) {
    return new LayerEnvironment(cacheDir, mirrors, variables, presetsDir, sink, presetRefresh);
  }

  public LayerEnvironment withMirrors(MirrorResolver resolver) {
    return new LayerEnvironment(cacheDir, resolver, variables, presetsDir, notices, presetRefresh);
  }

  public LayerEnvironment withCacheDir(Path dir) {
    return new LayerEnvironment(dir, mirrors, variables, presetsDir, notices, presetRefresh);
  }

  static Path defaultPresets(Map<String, String> env) {
    Path fromProperty = SpecLocator.presetsDir();
    if (fromProperty != null && Files.isDirectory(fromProperty)) {
      return fromProperty;
    }
    String home = env.get(HOME_ENV);
    if (home != null && !home.isBlank() && Files.isDirectory(Path.of(home, "presets"))) {
      return Path.of(home, "presets");
    }
    return null;
  }
}
