package dev.basalt.oci;

import dev.basalt.cache.Digest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * An OCI image configuration ({@code application/vnd.oci.image.config.v1+json}). Components are
 * in the order the JSON writes them; {@link #toJson()} gives the canonical bytes whose digest
 * names the config. Build one with {@link #builder}.
 */
public record ImageConfig(
    Instant created,
    String architecture,
    String os,
    String variant,
    Container config,
    RootFs rootfs,
    List<History> history) {

  /** The only rootfs type the spec defines. */
  public static final String ROOTFS_LAYERS = "layers";

  public ImageConfig {
    Objects.requireNonNull(created, "created == null");
    Objects.requireNonNull(architecture, "architecture == null");
    Objects.requireNonNull(os, "os == null");
    Objects.requireNonNull(config, "config == null");
    Objects.requireNonNull(rootfs, "rootfs == null");
    history = List.copyOf(history);
  }

  /** What a container started from the image runs, and how; JSON keys as Docker spells them. */
  public record Container(
      @Json.Name("User") String user,
      @Json.Name("ExposedPorts") Map<String, Map<String, String>> exposedPorts,
      @Json.Name("Env") List<String> env,
      @Json.Name("Entrypoint") List<String> entrypoint,
      @Json.Name("Cmd") List<String> cmd,
      @Json.Name("WorkingDir") String workingDir,
      @Json.Name("Labels") Map<String, String> labels,
      @Json.Name("Volumes") Map<String, Map<String, String>> volumes,
      @Json.Name("Healthcheck") Healthcheck healthcheck) {

    public Container {
      volumes = sortedCopy(volumes);
      exposedPorts = sortedCopy(exposedPorts);
      env = env == null ? null : List.copyOf(env);
      entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
      cmd = cmd == null ? null : List.copyOf(cmd);
      labels = sortedCopy(labels);
    }
  }

  /**
   * How a runtime checks that a container works: {@code Test} is {@code ["CMD", program, args...]}
   * (exec form; basalt writes no shell form, its images have no shell).
   */
  public record Healthcheck(@Json.Name("Test") List<String> test) {
    public Healthcheck {
      test = List.copyOf(test);
      if (test.isEmpty()) {
        throw new IllegalArgumentException("a health check needs a test");
      }
    }
  }

  /** The layers' uncompressed digests, bottom first. */
  public record RootFs(String type, @Json.Name("diff_ids") List<Digest> diffIds) {
    public RootFs {
      Objects.requireNonNull(type, "type == null");
      diffIds = List.copyOf(diffIds);
    }
  }

  /** One step of the image's history; {@code emptyLayer} is null unless the step made no layer. */
  public record History(
      Instant created,
      @Json.Name("created_by") String createdBy,
      String comment,
      @Json.Name("empty_layer") Boolean emptyLayer) {}

  /** A builder for a Linux image config for {@code platform}, created at {@code created}. */
  public static Builder builder(Platform platform, Instant created) {
    return new Builder(platform, created);
  }

  public Builder newBuilder() {
    Builder b = new Builder(platform(), created);
    b.user = config.user();
    if (config.exposedPorts() != null) {
      b.exposedPorts.putAll(config.exposedPorts());
    }
    if (config.env() != null) {
      for (String kv : config.env()) {
        int eq = kv.indexOf('=');
        b.env.put(kv.substring(0, eq), kv.substring(eq + 1));
      }
    }
    b.entrypoint = config.entrypoint();
    b.cmd = config.cmd();
    b.workingDir = config.workingDir();
    if (config.labels() != null) {
      b.labels.putAll(config.labels());
    }
    if (config.volumes() != null) {
      b.volumes.putAll(config.volumes());
    }
    b.healthcheck = config.healthcheck();
    b.diffIds.addAll(rootfs.diffIds());
    b.history.addAll(history);
    return b;
  }

  public Platform platform() {
    return new Platform(os, architecture, variant);
  }

  /** The canonical JSON bytes. */
  public byte[] toJson() {
    return Json.bytes(this);
  }

  /** The descriptor of {@link #toJson()}. */
  public Descriptor descriptor() {
    return Descriptor.of(MediaTypes.OCI_CONFIG, toJson());
  }

  private static <V> Map<String, V> sortedCopy(Map<String, V> m) {
    return m == null ? null : Collections.unmodifiableMap(new TreeMap<>(m));
  }

  /** Builds an {@link ImageConfig}; lists given are kept in order, maps are sorted by key. */
  public static final class Builder {
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}(/(tcp|udp|sctp))?");

    private final Platform platform;
    private final Instant created;
    private String user;
    private final Map<String, Map<String, String>> exposedPorts = new TreeMap<>();
    private final Map<String, String> env = new TreeMap<>();
    private List<String> entrypoint;
    private List<String> cmd;
    private String workingDir;
    private final Map<String, String> labels = new TreeMap<>();
    private final Map<String, Map<String, String>> volumes = new TreeMap<>();
    private Healthcheck healthcheck;
    private final List<Digest> diffIds = new ArrayList<>();
    private final List<History> history = new ArrayList<>();

    private Builder(Platform platform, Instant created) {
      this.platform = Objects.requireNonNull(platform, "platform == null");
      this.created = Objects.requireNonNull(created, "created == null");
    }

    /** The user to run as: a name, a uid, or {@code uid:gid}. */
    public Builder user(String user) {
      this.user = user;
      return this;
    }

    /** Sets one environment variable; {@code Env} lists them sorted by name. */
    public Builder env(String name, String value) {
      Objects.requireNonNull(name, "name == null");
      Objects.requireNonNull(value, "value == null");
      if (name.isEmpty() || name.indexOf('=') >= 0) {
        throw new IllegalArgumentException("not an environment variable name: \"" + name + "\"");
      }
      env.put(name, value);
      return this;
    }

    public Builder env(Map<String, String> variables) {
      variables.forEach(this::env);
      return this;
    }

    /** The entrypoint; null (the default) leaves it out, an empty list writes {@code []}. */
    public Builder entrypoint(List<String> entrypoint) {
      this.entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
      return this;
    }

    /** The default arguments; null (the default) leaves them out, an empty list writes {@code []}. */
    public Builder cmd(List<String> cmd) {
      this.cmd = cmd == null ? null : List.copyOf(cmd);
      return this;
    }

    public Builder workingDir(String workingDir) {
      this.workingDir = workingDir;
      return this;
    }

    public Builder label(String key, String value) {
      labels.put(Objects.requireNonNull(key, "key == null"), Objects.requireNonNull(value, "value == null"));
      return this;
    }

    /** Declares a port, {@code 8080/tcp} or {@code 53/udp}. */
    public Builder exposedPort(String port) {
      if (port == null || !PORT.matcher(port).matches()) {
        throw new IllegalArgumentException("not a port (like 8080/tcp): " + port);
      }
      exposedPorts.put(port, Map.of());
      return this;
    }

    /** Declares a volume mount point (an absolute path). */
    public Builder volume(String path) {
      if (path == null || !path.startsWith("/")) {
        throw new IllegalArgumentException("a volume must be an absolute path, not " + path);
      }
      volumes.put(path, Map.of());
      return this;
    }

    /** The health check; null (the default) leaves it out. */
    public Builder healthcheck(Healthcheck value) {
      this.healthcheck = value;
      return this;
    }

    /** Adds a step of an earlier image's history as it was written (for an image built on a base). */
    public Builder history(History step) {
      history.add(Objects.requireNonNull(step, "step == null"));
      return this;
    }

    /** Adds a layer of a base image on top, whose history step is added separately with {@link #history}. */
    public Builder baseLayer(Digest diffId) {
      diffIds.add(Objects.requireNonNull(diffId, "diffId == null"));
      return this;
    }

    /** Adds a layer on top, with the history step that made it. */
    public Builder layer(Digest diffId, String createdBy, String comment) {
      diffIds.add(Objects.requireNonNull(diffId, "diffId == null"));
      history.add(new History(created, createdBy, comment, null));
      return this;
    }

    /** Adds a history step that made no layer (a config change). */
    public Builder emptyLayerStep(String createdBy, String comment) {
      history.add(new History(created, createdBy, comment, Boolean.TRUE));
      return this;
    }

    public ImageConfig build() {
      List<String> envList = env.isEmpty() ? null
          : env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
      Container container = new Container(user, exposedPorts.isEmpty() ? null : exposedPorts, envList, entrypoint,
          cmd, workingDir, labels.isEmpty() ? null : labels, volumes.isEmpty() ? null : volumes, healthcheck);
      return new ImageConfig(created, platform.architecture(), platform.os(), platform.variant(), container,
          new RootFs(ROOTFS_LAYERS, diffIds), history);
    }
  }
}
