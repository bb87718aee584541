package dev.basalt.layer;

import dev.basalt.BasaltException;
import dev.basalt.Version;
import dev.basalt.build.BuildStep;
import dev.basalt.build.ResolveStep;
import dev.basalt.cache.BlobStore;
import dev.basalt.cache.Digest;
import dev.basalt.cache.Downloader;
import dev.basalt.fs.AtomicFiles;
import dev.basalt.image.ImageLocation;
import dev.basalt.image.ImageSource;
import dev.basalt.lock.LockFile;
import dev.basalt.lock.LockFiles;
import dev.basalt.oci.Compression;
import dev.basalt.spec.ImageSpec;
import dev.basalt.spec.SpecLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Finds the base a request names: an image (layout, docker-archive, registry) is opened as it
 * is; a shipped preset's name is built first, through the ordinary build (its lock beside it
 * when there is one), into the cache's {@code bases/<preset>} layout, and then opened.
 */
final class BaseImages {
  /** Under the cache directory: where preset bases are built. */
  static final String BASES_DIR = "bases";
  /** Beside a built base: the digest of what it was built from. */
  static final String KEY_SUFFIX = ".built-from";
  private static final Pattern PRESET = Pattern.compile("[a-z0-9][a-z0-9._-]*");

  private BaseImages() {}

  /** An opened base and how it was named; {@code preset} is null for an image given directly. */
  record Opened(ImageSource source, String display, String preset) {}

  static Opened open(String base, List<String> archs, LayerEnvironment env) throws BasaltException {
    if (isPresetName(base)) {
      Path spec = env.presetsDir() == null ? null : env.presetsDir().resolve(base + ".yaml");
      if (spec != null && Files.isRegularFile(spec)) {
        ImageLocation built = buildPreset(spec, archs, env);
        return new Opened(ImageSource.open(built), base, base);
      }
      if (!Files.isDirectory(Path.of(base))) {
        throw new LayerInputException("base '" + base + "' is neither an image (oci:DIR[:REF], a layout directory,"
            + " docker-archive:FILE, docker://REF) nor a shipped preset"
            + (env.presetsDir() == null ? " (basalt's presets directory is unknown here: set BASALT_HOME)"
                : " in " + env.presetsDir()));
      }
    }
    ImageLocation location = ImageLocation.parse(base);
    return new Opened(ImageSource.open(location), location.display(), null);
  }

  static boolean isPresetName(String base) {
    return PRESET.matcher(base).matches() && !Files.isDirectory(Path.of(base));
  }

  /**
   * Builds a preset into the cache, unless the layout there was built from the same spec and the
   * same resolution (the lock it would write), the same {@code SOURCE_DATE_EPOCH} and this basalt:
   * a reproducible build of those gives the same image, so it is reused. Resolving (the signed
   * indexes' freshness) is never skipped.
   */
  private static ImageLocation buildPreset(Path specFile, List<String> archs, LayerEnvironment env)
      throws BasaltException {
    ImageSpec spec = SpecLoader.load(specFile);
    Path out = env.cacheDir().resolve(BASES_DIR).resolve(spec.name());
    Path keyFile = out.resolveSibling(spec.name() + KEY_SUFFIX);
    try (Downloader downloader = new Downloader(new BlobStore(env.cacheDir()))) {
      ResolveStep.Options resolve = new ResolveStep.Options(archs == null ? List.of() : archs,
          ResolveStep.LockMode.AUTO, null, downloader, env.mirrors(), Clock.systemUTC(), env.notices());
      ResolveStep.Result resolved = ResolveStep.run(spec, resolve);
      LockFile lock = resolved.lock() != null ? resolved.lock()
          : LockFiles.of(spec, resolved.suites(), resolved.resolutions());
      String key = Digest.of((Version.VERSION + "\n" + spec.digest() + "\n"
          + env.variables().getOrDefault("SOURCE_DATE_EPOCH", "") + "\n"
          + new String(LockFiles.toBytes(lock), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)).hex();
      if (key.equals(readKey(keyFile)) && Files.isRegularFile(out.resolve("index.json"))) {
        return new ImageLocation.Layout(out, BuildStep.REFERENCE);
      }
      env.notices().accept("building the base " + spec.name() + " from " + specFile + " into " + out);
      BuildStep.run(spec, new BuildStep.Options(resolve, out, null, Compression.GZIP, env.variables()));
      AtomicFiles.write(keyFile, key.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new LayerException("cannot record the base built in " + out + ": " + e.getMessage(), e);
    }
    return new ImageLocation.Layout(out, BuildStep.REFERENCE);
  }

  private static String readKey(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException absent) {
      return null;
    }
  }
}
