package dev.basalt.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.BasaltException;
import dev.basalt.cache.Digest;
import dev.basalt.image.ConfigView;
import dev.basalt.image.ImageLocation;
import dev.basalt.image.ImageSource;
import dev.basalt.image.SourceImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Runs an image with runc under its runtime profile: the image's user, entrypoint, cmd, env and
 * working directory; a read-only root with a private {@code /tmp}; no capabilities; no new
 * privileges; basalt's seccomp filter; no network unless asked. The root file system is
 * unpacked once per set of layers into the cache and shared, read-only, by later runs.
 */
public final class ContainerRunner {
  private ContainerRunner() {}

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A host path mounted into the container. */
  public record Volume(Path host, String container, boolean readOnly) {
    /** Parses {@code HOST:CTR[:ro]}. */
    public static Volume parse(String text) throws RunException {
      String[] parts = text.split(":");
      if (parts.length < 2 || parts.length > 3 || (parts.length == 3 && !parts[2].equals("ro") && !parts[2].equals("rw"))
          || !parts[1].startsWith("/")) {
        throw new RunException("volume '" + text + "' must be HOST:CONTAINER[:ro] with an absolute container path",
            BasaltException.EXIT_USAGE);
      }
      return new Volume(Path.of(parts[0]).toAbsolutePath(), parts[1], parts.length == 3 && parts[2].equals("ro"));
    }
  }

  /** What to run, and how; {@code args} empty means the image's entrypoint and cmd. */
  public record Options(String arch, boolean hostNetwork, List<Volume> volumes, Map<String, String> env,
      List<String> args, boolean verbose) {
    public Options {
      volumes = List.copyOf(volumes);
      env = Map.copyOf(env);
      args = List.copyOf(args);
    }
  }

  /** What a captured run printed, and its exit code. */
  public record Captured(int exitCode, String stdout, String stderr) {}

  /** Runs the image on this process's streams and returns the program's exit code. */
  public static int run(ImageLocation location, Options options, Path cacheRoot) throws BasaltException {
    return launch(location, options, cacheRoot, null).exitCode();
  }

  /** Runs the image with its output captured (structure tests). */
  public static Captured runCaptured(ImageLocation location, Options options, Path cacheRoot) throws BasaltException {
    try {
      Path out = Files.createTempFile("basalt-run-", ".out");
      try {
        return launch(location, options, cacheRoot, out);
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(Path.of(out + ".err"));
      }
    } catch (IOException e) {
      throw new RunException("cannot capture the output: " + e.getMessage(), e);
    }
  }

  private static Captured launch(ImageLocation location, Options options, Path cacheRoot, Path capture)
      throws BasaltException {
    Path runc = which("runc");
    if (runc == null) {
      throw new RunException("runc is not installed: install it (Debian: apt-get install runc) to run images",
          BasaltException.EXIT_FAILURE);
    }
    String arch = options.arch() != null ? options.arch() : hostArch();
    Path rootfs;
    ConfigView config;
    Rootless rootless = null;
    try (ImageSource source = ImageSource.open(location)) {
      SourceImage image = source.images(arch).get(0);
      config = image.config();
      if (!runningAsRoot()) {
        long[] ids = RuncConfig.user(config.user());
        rootless = Rootless.forCaller(ids[0], ids[1]);
      }
      rootfs = unpacked(source, image, cacheRoot.resolve("rootfs"), rootless);
    } catch (IOException e) {
      throw new RunException("cannot unpack " + location.display() + ": " + e.getMessage(), e);
    }
    Path bundle;
    try {
      bundle = Files.createDirectories(cacheRoot.resolve("run").resolve(UUID.randomUUID().toString()));
      Files.write(bundle.resolve("config.json"), JSON.writerWithDefaultPrettyPrinter()
          .writeValueAsBytes(RuncConfig.of(config, rootfs, arch, options, rootless)));
      if (options.verbose()) {
        System.err.println("basalt: rootfs " + rootfs + " (read-only), user " + config.user() + ", /tmp a private tmpfs, "
            + "no capabilities, no_new_privs, seccomp denying " + SeccompProfile.DENIED.size() + " system calls, "
            + (options.hostNetwork() ? "the host's network" : "no network")
            + (rootless == null ? "" : "; rootless: container root is uid " + rootless.uid() + ", ids 1.." + Math.min(
                rootless.uids().count(), Rootless.WANTED) + " are host ids from " + rootless.uids().start())
            + "; no rlimits are set, so none the host forbids can stop the start");
      }
    } catch (IOException e) {
      throw new RunException("cannot write the runtime bundle: " + e.getMessage(), e);
    }
    try {
      List<String> command = new ArrayList<>(List.of(runc.toString(), "--root", cacheRoot.resolve("runc").toString(),
          "run", "--bundle", bundle.toString(), "basalt-" + bundle.getFileName()));
      ProcessBuilder pb = new ProcessBuilder(command);
      if (capture == null) {
        pb.inheritIO();
      } else {
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectOutput(capture.toFile()).redirectError(Path.of(capture + ".err").toFile());
      }
      int code = pb.start().waitFor();
      return capture == null ? new Captured(code, null, null)
          : new Captured(code, new String(Files.readAllBytes(capture), StandardCharsets.UTF_8),
              new String(Files.readAllBytes(Path.of(capture + ".err")), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new RunException("cannot start runc: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RunException("interrupted while the container ran", e);
    } finally {
      try {
        RootfsWriter.deleteTree(bundle);
      } catch (IOException ignored) {
        // a leftover bundle directory holds only config.json
      }
    }
  }

  /**
   * The image's root file system, unpacked into the cache under the digest of its layer list
   * (and, for an unprivileged caller, of the id mapping its owners were set for).
   */
  static Path unpacked(ImageSource source, SourceImage image, Path cache, Rootless rootless) throws IOException {
    StringBuilder key = new StringBuilder(rootless == null ? "" : rootless.cacheKey() + "\n");
    for (SourceImage.LayerBlob layer : image.layers()) {
      key.append(layer.diffId() != null ? layer.diffId() : layer.digest()).append('\n');
    }
    Path dir = cache.resolve(Digest.of(key.toString().getBytes(StandardCharsets.UTF_8)).hex());
    Path rootfs = dir.resolve("rootfs");
    if (Files.isDirectory(rootfs)) {
      return rootfs;
    }
    Files.createDirectories(cache);
    Path tmp = cache.resolve(dir.getFileName() + ".partial-" + ProcessHandle.current().pid());
    delete(tmp, rootless);
    Path tmpRoot = Files.createDirectories(tmp.resolve("rootfs"));
    Files.setPosixFilePermissions(tmpRoot, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    RootfsWriter writer = new RootfsWriter(tmpRoot, rootless == null && runningAsRoot());
    try {
      for (SourceImage.LayerBlob layer : image.layers()) {
        try (InputStream in = source.openLayer(image, layer)) {
          writer.apply(in);
        }
      }
      if (rootless != null) {
        rootless.chown(writer.owned());
      }
    } catch (IOException | RuntimeException e) {
      delete(tmp, rootless);
      throw e;
    }
    try {
      Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException | java.nio.file.DirectoryNotEmptyException e) {
      delete(tmp, rootless); // another run unpacked the same layers first
    }
    return rootfs;
  }

  /** Deletes a partial unpack; parts of a rootless one belong to subordinate ids and go from inside the mapping. */
  private static void delete(Path tmp, Rootless rootless) throws IOException {
    if (rootless != null && Files.exists(tmp, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      rootless.deleteTree(tmp);
    } else {
      RootfsWriter.deleteTree(tmp);
    }
  }

  static boolean runningAsRoot() {
    try {
      return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  public static String hostArch() {
    String a = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
    return switch (a) {
      case "amd64", "x86_64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      default -> a;
    };
  }

  static Path which(String tool) {
    List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")));
    dirs.addAll(List.of("/usr/sbin", "/sbin"));
    for (String d : dirs) {
      Path p = Path.of(d, tool);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  /** Keeps the map order so config.json reads in the spec's order. */
  static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}
