package dev.basalt.layer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What an application changes in its base's image config. A null value keeps the base's;
 * {@code env} and {@code labels} are merged over the base's (a key given here wins);
 * {@code exposedPorts} are added to the base's. As in a Dockerfile, a new {@code entrypoint}
 * without a {@code cmd} clears the base's {@code cmd}, which was written for the old entrypoint.
 *
 * <p>{@code user} is a uid, {@code uid:gid}, or an account name of the base's
 * {@code /etc/passwd}; the build refuses one that is root unless the request waives the
 * {@code runs-as-root} rule. {@code healthcheck} is the exec form only: the program and its
 * arguments, written as {@code Healthcheck.Test ["CMD", ...]}; a shell form ({@code CMD-SHELL})
 * is refused, because the hardened bases have no shell to run it.
 */
public record ConfigChanges(
    List<String> entrypoint,
    List<String> cmd,
    Map<String, String> env,
    String workDir,
    String user,
    Map<String, String> labels,
    List<String> exposedPorts,
    List<String> healthcheck) {

  /** Keeps everything of the base's config. */
  public static final ConfigChanges NONE = new ConfigChanges(null, null, Map.of(), null, null, Map.of(), List.of(), null);

  private static final Pattern PORT = Pattern.compile("([0-9]{1,5})(/(tcp|udp|sctp))?");
  private static final String CMD_SHELL = "CMD-SHELL";
  private static final String CMD = "CMD";

  public ConfigChanges {
    entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
    cmd = cmd == null ? null : List.copyOf(cmd);
    env = Collections.unmodifiableMap(new TreeMap<>(env == null ? Map.of() : env));
    for (Map.Entry<String, String> e : env.entrySet()) {
      Objects.requireNonNull(e.getValue(), "env value of " + e.getKey() + " == null");
      if (e.getKey().isEmpty() || e.getKey().indexOf('=') >= 0) {
        throw new IllegalArgumentException("not an environment variable name: '" + e.getKey() + "'");
      }
    }
    if (workDir != null && !workDir.startsWith("/")) {
      throw new IllegalArgumentException("the working directory must be an absolute path, not '" + workDir + "'");
    }
    if (user != null && (user.isBlank() || user.chars().anyMatch(Character::isWhitespace))) {
      throw new IllegalArgumentException("the user must be a uid, uid:gid or account name, not '" + user + "'");
    }
    labels = Collections.unmodifiableMap(new TreeMap<>(labels == null ? Map.of() : labels));
    List<String> ports = new ArrayList<>();
    for (String p : exposedPorts == null ? List.<String>of() : exposedPorts) {
      String normal = normalizePort(p);
      if (!ports.contains(normal)) {
        ports.add(normal);
      }
    }
    exposedPorts = List.copyOf(ports);
    if (healthcheck != null) {
      healthcheck = List.copyOf(healthcheck);
      if (healthcheck.isEmpty()) {
        throw new IllegalArgumentException("a health check needs a program to run");
      }
      if (healthcheck.get(0).equals(CMD_SHELL)) {
        throw new IllegalArgumentException("a shell-form health check (CMD-SHELL) cannot run on an image without a"
            + " shell: give the program and its arguments as a list (exec form)");
      }
      if (healthcheck.get(0).equals(CMD)) {
        throw new IllegalArgumentException("give the health check's program and arguments without the CMD marker;"
            + " basalt writes the exec form itself");
      }
    }
  }

  /**
   * A port as the image config keys it: {@code 8080} becomes {@code 8080/tcp}.
   *
   * @throws IllegalArgumentException for anything but {@code PORT[/tcp|udp|sctp]} with 1 ≤ PORT ≤ 65535
   */
  public static String normalizePort(String port) {
    var m = port == null ? null : PORT.matcher(port);
    if (m == null || !m.matches() || Integer.parseInt(m.group(1)) < 1 || Integer.parseInt(m.group(1)) > 65535) {
      throw new IllegalArgumentException("not a port (like 8080 or 8080/tcp): '" + port + "'");
    }
    return Integer.parseInt(m.group(1)) + "/" + (m.group(3) == null ? "tcp" : m.group(3));
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder newBuilder() {
    Builder b = new Builder();
    b.entrypoint = entrypoint;
    b.cmd = cmd;
    b.env.putAll(env);
    b.workDir = workDir;
    b.user = user;
    b.labels.putAll(labels);
    b.exposedPorts.addAll(exposedPorts);
    b.healthcheck = healthcheck;
    return b;
  }

  /** Builds {@link ConfigChanges}; what is not set keeps the base's. */
  public static final class Builder {
    private List<String> entrypoint;
    private List<String> cmd;
    private final Map<String, String> env = new LinkedHashMap<>();
    private String workDir;
    private String user;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final List<String> exposedPorts = new ArrayList<>();
    private List<String> healthcheck;

    private Builder() {}

    public Builder entrypoint(List<String> value) {
      this.entrypoint = value;
      return this;
    }

    public Builder cmd(List<String> value) {
      this.cmd = value;
      return this;
    }

    public Builder env(String name, String value) {
      env.put(name, value);
      return this;
    }

    public Builder env(Map<String, String> values) {
      env.putAll(values);
      return this;
    }

    public Builder workDir(String value) {
      this.workDir = value;
      return this;
    }

    public Builder user(String value) {
      this.user = value;
      return this;
    }

    public Builder label(String key, String value) {
      labels.put(key, value);
      return this;
    }

    public Builder labels(Map<String, String> values) {
      labels.putAll(values);
      return this;
    }

    public Builder exposedPort(String port) {
      exposedPorts.add(port);
      return this;
    }

    public Builder healthcheck(List<String> command) {
      this.healthcheck = command;
      return this;
    }

    public ConfigChanges build() {
      return new ConfigChanges(entrypoint, cmd, env, workDir, user, labels, exposedPorts, healthcheck);
    }
  }

  /**
   * The record's usual text, written out (a generated toString is linked through invokedynamic
   * on first use, costly in a fresh JVM); a request's description, and so its digest, uses it.
   */
  @Override
  public String toString() {
    return "ConfigChanges[entrypoint=" + entrypoint + ", cmd=" + cmd + ", env=" + env + ", workDir=" + workDir
        + ", user=" + user + ", labels=" + labels + ", exposedPorts=" + exposedPorts + ", healthcheck=" + healthcheck
        + "]";
  }
}
