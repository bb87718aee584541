package dev.basalt.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Runs a built image without a container engine: skopeo picks one architecture out of the
 * layout, umoci unpacks it into a runtime bundle, and runc runs it as the image's user with a
 * read-only root file system, no capabilities and no new privileges. rlimits are dropped from
 * the bundle's config: this sandbox cannot raise them.
 */
public final class ImageRunner {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a run printed and how it ended. */
  public record Result(int exitCode, String stdout, String stderr) {}

  private ImageRunner() {}

  /** Null when every tool is present, else why runtime tests must be skipped. */
  public static String missingTools() {
    for (String tool : List.of("skopeo", "umoci", "runc")) {
      if (which(tool) == null) {
        return tool + " is not installed (Debian package " + tool + "; .ci/run installs it)";
      }
    }
    return null;
  }

  private static Path which(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
      Path p = Path.of(dir, tool);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    for (String dir : List.of("/usr/sbin", "/sbin")) {
      Path p = Path.of(dir, tool);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  /** Unpacks {@code arch} of the layout's {@code ref} into a bundle under {@code work}. */
  public static Path unpack(Path layout, String ref, String arch, Path work) throws Exception {
    Files.createDirectories(work);
    Path single = work.resolve("single-" + arch);
    exec(List.of(which("skopeo").toString(), "--override-arch", arch, "copy", "--quiet",
        "oci:" + layout.toAbsolutePath() + ":" + ref, "oci:" + single + ":" + ref));
    Path bundle = work.resolve("bundle-" + arch);
    exec(List.of(which("umoci").toString(), "unpack", "--image", single + ":" + ref, bundle.toString()));
    return bundle;
  }

  /** Runs {@code args} (or the image's entrypoint and cmd when empty) in an unpacked bundle. */
  public static Result run(Path bundle, List<String> args) throws Exception {
    return run(bundle, args, java.util.Map.of());
  }

  /** As {@link #run(Path, List)}, with host directories bind-mounted read-only (host to container path). */
  public static Result run(Path bundle, List<String> args, java.util.Map<Path, String> mounts) throws Exception {
    Path configFile = bundle.resolve("config.json");
    ObjectNode config = (ObjectNode) JSON.readTree(configFile.toFile());
    ObjectNode process = (ObjectNode) config.get("process");
    process.remove("rlimits");
    process.put("terminal", false);
    process.put("noNewPrivileges", true);
    if (!args.isEmpty()) {
      ArrayNode a = process.putArray("args");
      args.forEach(a::add);
    }
    ObjectNode caps = process.putObject("capabilities");
    for (String set : List.of("bounding", "effective", "inheritable", "permitted", "ambient")) {
      caps.putArray(set);
    }
    ((ObjectNode) config.get("root")).put("readonly", true);
    ArrayNode configMounts = (ArrayNode) config.get("mounts");
    for (var m : mounts.entrySet()) {
      ObjectNode mount = configMounts.addObject();
      mount.put("destination", m.getValue());
      mount.put("type", "bind");
      mount.put("source", m.getKey().toAbsolutePath().toString());
      mount.putArray("options").add("rbind").add("ro");
    }
    Files.writeString(configFile, JSON.writeValueAsString(config));
    String id = "basalt-test-" + UUID.randomUUID().toString().substring(0, 8);
    Path out = Files.createTempFile("runc-out", ".txt");
    Path err = Files.createTempFile("runc-err", ".txt");
    try {
      Process p = new ProcessBuilder(which("runc").toString(), "run", "--bundle", bundle.toString(), id)
          .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        new ProcessBuilder(which("runc").toString(), "delete", "--force", id).start().waitFor();
        throw new IOException("runc run did not finish in 120 s");
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** Runs a command and fails with its output unless it exits 0; returns stdout. */
  public static String exec(List<String> command) throws Exception {
    Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed (" + (p.isAlive() ? "timeout" : "exit " + p.exitValue()) + "):\n" + output);
    }
    return output;
  }
}
