package dev.basalt.spec;

import dev.basalt.cache.Digest;
import dev.basalt.check.StructureTests;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A spec that starts {@code from:} a base image and adds {@code layers:} of the application's
 * files, with config on top of the base's. Null config values keep the base's; {@code archs}
 * null takes every platform of the base; {@code created} null takes the base's date.
 */
public record LayeredSpec(
    Path file,
    Digest digest,
    String name,
    String from,
    List<String> archs,
    List<Layer> layers,
    List<String> entrypoint,
    List<String> cmd,
    Map<String, String> environment,
    String workDir,
    String user,
    Map<String, String> labels,
    List<String> ports,
    List<String> healthcheck,
    Instant created,
    ImageSpec.Harden harden,
    ImageSpec.Audit audit,
    StructureTests tests,
    Map<String, String> annotations) {

  public LayeredSpec {
    Objects.requireNonNull(file, "file == null");
    Objects.requireNonNull(digest, "digest == null");
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(from, "from == null");
    archs = archs == null ? null : List.copyOf(archs);
    layers = List.copyOf(layers);
    entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
    cmd = cmd == null ? null : List.copyOf(cmd);
    environment = Map.copyOf(environment);
    labels = Map.copyOf(labels);
    ports = List.copyOf(ports);
    healthcheck = healthcheck == null ? null : List.copyOf(healthcheck);
    Objects.requireNonNull(harden, "harden == null");
    Objects.requireNonNull(audit, "audit == null");
    Objects.requireNonNull(tests, "tests == null");
    annotations = Map.copyOf(annotations);
  }

  /** One layer: its name and its file sources, each with the line it was written on. */
  public record Layer(String name, List<Files> files, int line) {
    public Layer {
      files = List.copyOf(files);
    }
  }

  /**
   * One source: {@code src} resolved against the spec's directory, {@code dest} an absolute image
   * path, {@code glob} selecting under a directory (or null), modes null for the defaults.
   */
  public record Files(Path src, String dest, String glob, Integer mode, Integer dirMode, int uid, int gid, int line) {}
}
