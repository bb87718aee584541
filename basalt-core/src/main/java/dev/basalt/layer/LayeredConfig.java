package dev.basalt.layer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.cache.Digest;
import dev.basalt.image.ConfigView;
import dev.basalt.image.ImageReadException;
import dev.basalt.oci.ImageConfig;
import dev.basalt.oci.Platform;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The layered image's config: the base's (platform, user, env, entrypoint, cmd, working
 * directory, labels, ports, volumes, health check, its layers and history) with the
 * {@link ConfigChanges} applied, and one history step per added layer.
 */
final class LayeredConfig {
  static final String HEALTHCHECK_EXEC = "CMD";
  private static final ObjectMapper JSON = new ObjectMapper();

  private LayeredConfig() {}

  /** One added layer's diff id and history line. */
  record Added(Digest diffId, String createdBy, String comment) {}

  static ImageConfig of(ConfigView base, List<ImageConfig.History> baseHistory, Instant created, ConfigChanges changes,
      List<Added> added, String configOnlyStep) {
    Platform platform = base.platform();
    if (platform == null) {
      throw new IllegalArgumentException("the base's config names no os and architecture");
    }
    ImageConfig.Builder b = ImageConfig.builder(platform, created);
    b.user(changes.user() != null ? changes.user() : base.user());
    base.exposedPorts().forEach(b::exposedPort);
    changes.exposedPorts().forEach(b::exposedPort);
    base.envMap().forEach(b::env);
    b.env(changes.env());
    b.entrypoint(changes.entrypoint() != null ? changes.entrypoint() : base.entrypoint());
    // As a Dockerfile's ENTRYPOINT does: the base's cmd was meant for the base's entrypoint.
    b.cmd(changes.cmd() != null ? changes.cmd() : changes.entrypoint() != null ? null : base.cmd());
    b.workingDir(changes.workDir() != null ? changes.workDir() : base.workingDir());
    base.labels().forEach(b::label);
    changes.labels().forEach(b::label);
    base.volumes().forEach(b::volume);
    if (changes.healthcheck() != null) {
      List<String> test = new ArrayList<>();
      test.add(HEALTHCHECK_EXEC);
      test.addAll(changes.healthcheck());
      b.healthcheck(new ImageConfig.Healthcheck(test));
    } else if (base.healthcheck() != null && !base.healthcheck().isEmpty()) {
      b.healthcheck(new ImageConfig.Healthcheck(base.healthcheck()));
    }
    base.diffIds().forEach(b::baseLayer);
    baseHistory.forEach(b::history);
    for (Added a : added) {
      b.layer(a.diffId(), a.createdBy(), a.comment());
    }
    if (added.isEmpty()) {
      b.emptyLayerStep(configOnlyStep, null);
    }
    return b.build();
  }

  /** The {@code history} of a config's JSON, as written (dates that do not parse are left out). */
  static List<ImageConfig.History> history(byte[] configJson, String where) throws ImageReadException {
    JsonNode root;
    try {
      root = JSON.readTree(configJson);
    } catch (IOException e) {
      throw new ImageReadException(where + " is not valid JSON: " + e.getMessage(), e);
    }
    List<ImageConfig.History> out = new ArrayList<>();
    for (JsonNode h : root.path("history")) {
      Instant at = null;
      if (h.hasNonNull("created")) {
        try {
          at = Instant.parse(h.get("created").asText());
        } catch (DateTimeParseException e) {
          at = null;
        }
      }
      out.add(new ImageConfig.History(at, text(h, "created_by"), text(h, "comment"),
          h.path("empty_layer").asBoolean(false) ? Boolean.TRUE : null));
    }
    return out;
  }

  private static String text(JsonNode node, String key) {
    JsonNode v = node.get(key);
    return v == null || v.isNull() ? null : v.asText();
  }
}
