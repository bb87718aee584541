package dev.basalt.image;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.cache.Digest;
import dev.basalt.oci.Platform;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What an image config says, read leniently from the JSON that any tool wrote (OCI or Docker):
 * unknown keys are ignored, absent ones are null or empty. Only the rootfs diff ids are required.
 */
public record ConfigView(
    String os,
    String architecture,
    String variant,
    Instant created,
    String user,
    List<String> env,
    Set<String> exposedPorts,
    Set<String> volumes,
    List<String> healthcheck,
    List<String> entrypoint,
    List<String> cmd,
    String workingDir,
    Map<String, String> labels,
    List<Digest> diffIds) {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  public ConfigView {
    env = List.copyOf(env);
    exposedPorts = Collections.unmodifiableSet(new TreeSet<>(exposedPorts));
    volumes = Collections.unmodifiableSet(new TreeSet<>(volumes));
    healthcheck = healthcheck == null ? null : List.copyOf(healthcheck);
    entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
    cmd = cmd == null ? null : List.copyOf(cmd);
    labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    diffIds = List.copyOf(diffIds);
  }

  /** The platform, when the config names one. */
  public Platform platform() {
    if (os == null || os.isEmpty() || architecture == null || architecture.isEmpty()) {
      return null;
    }
    return new Platform(os, architecture, variant == null || variant.isEmpty() ? null : variant);
  }

  /** The value of environment variable {@code name} (its first entry), or null. */
  public String envValue(String name) {
    for (String kv : env) {
      if (envName(kv).equals(name)) {
        return envValueOf(kv);
      }
    }
    return null;
  }

  /** {@code Env} as names to values, in order; an entry without {@code =} has the empty value, a later one wins. */
  public Map<String, String> envMap() {
    Map<String, String> vars = new LinkedHashMap<>();
    for (String kv : env) {
      vars.put(envName(kv), envValueOf(kv));
    }
    return vars;
  }

  private static String envName(String kv) {
    int eq = kv.indexOf('=');
    return eq < 0 ? kv : kv.substring(0, eq);
  }

  private static String envValueOf(String kv) {
    int eq = kv.indexOf('=');
    return eq < 0 ? "" : kv.substring(eq + 1);
  }

  /**
   * Parses config JSON. {@code where} names the blob in messages.
   *
   * @throws ImageReadException when it is not JSON, or has no usable {@code rootfs.diff_ids}
   */
  public static ConfigView parse(byte[] json, String where) throws ImageReadException {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new ImageReadException(where + " is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new ImageReadException(where + " cannot be read: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new ImageReadException(where + " is not a JSON object");
    }
    JsonNode c = root.path("config");
    List<Digest> diffIds = new ArrayList<>();
    for (JsonNode d : root.path("rootfs").path("diff_ids")) {
      try {
        diffIds.add(Digest.parse(d.asText()));
      } catch (IllegalArgumentException e) {
        throw new ImageReadException(where + " has a malformed rootfs diff id '" + d.asText() + "'", e);
      }
    }
    Instant created = null;
    if (root.hasNonNull("created")) {
      try {
        created = Instant.parse(root.get("created").asText());
      } catch (DateTimeParseException e) {
        created = null; // an unparseable date is treated as absent; the freshness rule says so
      }
    }
    Map<String, String> labels = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = c.path("Labels").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      labels.put(e.getKey(), e.getValue().asText());
    }
    JsonNode hc = c.path("Healthcheck").path("Test");
    return new ConfigView(
        text(root, "os"), text(root, "architecture"), text(root, "variant"), created,
        text(c, "User"), strings(c.path("Env")), keys(c.path("ExposedPorts")), keys(c.path("Volumes")),
        hc.isArray() ? strings(hc) : null,
        c.path("Entrypoint").isArray() ? strings(c.path("Entrypoint")) : null,
        c.path("Cmd").isArray() ? strings(c.path("Cmd")) : null,
        text(c, "WorkingDir"), labels, diffIds);
  }

  private static String text(JsonNode node, String key) {
    JsonNode v = node.get(key);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    for (JsonNode n : array) {
      out.add(n.asText());
    }
    return out;
  }

  private static Set<String> keys(JsonNode object) {
    Set<String> out = new TreeSet<>();
    object.fieldNames().forEachRemaining(out::add);
    return out;
  }
}
