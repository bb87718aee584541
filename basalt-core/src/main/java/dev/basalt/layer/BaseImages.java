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
import java.time.Instant;
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
  /** Beside a built base: what its last resolution depended on, and when it was. */
  static final String RESOLVED_SUFFIX = ".resolved";
  private static final Pattern PRESET = Pattern.compile("[a-z0-9][a-z0-9._-]*");

  private BaseImages() {}

  /** An opened base and how it was named; {@code preset} is null for an image given directly. */
  record Opened(ImageSource source, String display, String preset) {}

  static Opened open(String base, List<String> archs, LayerEnvironment env) throws BasaltException {
    if (isPresetName(base)) {
      Path spec = env.presetsDir() == null ? null : env.presetsDir().resolve(base + ".yaml");
      if (spec != null && Files.isRegularFile(spec)) {
        ImageLocation built = buildPreset(base, spec, archs, env);
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
   * Builds a preset into the cache, unless the layout there was built from the same inputs (see
   * {@link #inputKey}) and the same resolution (the lock it would write): a reproducible build of
   * those gives the same image, so it is reused. Resolving (the signed
   * indexes' freshness) is skipped only as the environment's {@link LayerEnvironment.PresetRefresh}
   * allows: when the same spec file was resolved within its maximum age, or always when offline.
   */
  private static ImageLocation buildPreset(String preset, Path specFile, List<String> archs, LayerEnvironment env)
      throws BasaltException {
    Path out = env.cacheDir().resolve(BASES_DIR).resolve(preset);
    Path keyFile = out.resolveSibling(preset + KEY_SUFFIX);
    Path resolvedFile = out.resolveSibling(preset + RESOLVED_SUFFIX);
    LayerEnvironment.PresetRefresh refresh = env.presetRefresh();
    byte[] specBytes;
    try {
      specBytes = Files.readAllBytes(specFile);
    } catch (IOException e) {
      throw new LayerException("cannot read the preset " + specFile + ": " + e.getMessage(), e);
    }
    String input = inputKey(specBytes, specFile, archs, env);
    Instant now = Instant.now();
    if (refresh.offline() || !refresh.maxAge().isZero()) {
      Instant resolvedAt = resolvedAt(resolvedFile, input);
      if (resolvedAt != null && Files.isRegularFile(out.resolve("index.json"))
          && (refresh.offline() || !resolvedAt.plus(refresh.maxAge()).isBefore(now))) {
        env.notices().accept("reusing the base " + preset + " resolved at " + resolvedAt
            + (refresh.offline() ? " (offline)" : " (resolved again once older than " + refresh.maxAge() + ")"));
        return new ImageLocation.Layout(out, BuildStep.REFERENCE);
      }
      if (refresh.offline()) {
        throw new LayerInputException("offline, and no resolution of the base " + preset + " from this " + specFile
            + " (and this basalt, platforms and SOURCE_DATE_EPOCH) is recorded in " + env.cacheDir()
            + ": build once online");
      }
    }
    ImageSpec spec = SpecLoader.parse(specBytes, specFile);
    try (Downloader downloader = new Downloader(new BlobStore(env.cacheDir()))) {
      ResolveStep.Options resolve = new ResolveStep.Options(archs == null ? List.of() : archs,
          ResolveStep.LockMode.AUTO, null, downloader, env.mirrors(), Clock.systemUTC(), env.notices());
      ResolveStep.Result resolved = ResolveStep.run(spec, resolve);
      LockFile lock = resolved.lock() != null ? resolved.lock()
          : LockFiles.of(spec, resolved.suites(), resolved.resolutions());
      // What the layout is built from: the resolution's inputs and the resolution itself.
      String key = Digest.of((input + "\n" + new String(LockFiles.toBytes(lock), StandardCharsets.UTF_8))
          .getBytes(StandardCharsets.UTF_8)).hex();
      if (!key.equals(readText(keyFile)) || !Files.isRegularFile(out.resolve("index.json"))) {
        // What was resolved before no longer describes the layout once the build starts replacing it.
        Files.deleteIfExists(resolvedFile);
        env.notices().accept("building the base " + spec.name() + " from " + specFile + " into " + out);
        BuildStep.run(spec, new BuildStep.Options(resolve, out, null, Compression.GZIP, env.variables()));
        AtomicFiles.write(keyFile, key.getBytes(StandardCharsets.UTF_8));
      }
      AtomicFiles.write(resolvedFile, (input + "\n" + now + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new LayerException("cannot record the base built in " + out + ": " + e.getMessage(), e);
    }
    return new ImageLocation.Layout(out, BuildStep.REFERENCE);
  }

  /**
   * What a resolution of the preset depends on besides the archive: this basalt, the spec file's
   * bytes (and its lock's, when it has one), the platforms asked for and {@code SOURCE_DATE_EPOCH}.
   */
  private static String inputKey(byte[] specBytes, Path specFile, List<String> archs, LayerEnvironment env)
      throws LayerException {
    try {
      Path lock = LockFiles.besideSpec(specFile);
      return Digest.of((Version.VERSION + "\n" + Digest.of(specBytes) + "\n"
          + (Files.isRegularFile(lock) ? Digest.of(Files.readAllBytes(lock)) : "no lock") + "\n"
          + (archs == null ? "all" : String.join(",", archs)) + "\n"
          + env.variables().getOrDefault("SOURCE_DATE_EPOCH", "")).getBytes(StandardCharsets.UTF_8)).hex();
    } catch (IOException e) {
      throw new LayerException("cannot read the lock beside the preset " + specFile + ": " + e.getMessage(), e);
    }
  }

  /** When the preset was last resolved from the same {@code input}, or null. */
  private static Instant resolvedAt(Path file, String input) {
    String text = readText(file);
    if (text == null) {
      return null;
    }
    String[] lines = text.split("\n");
    try {
      return lines.length >= 2 && lines[0].equals(input) ? Instant.parse(lines[1]) : null;
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  private static String readText(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException absent) {
      return null;
    }
  }
}
