package dev.basalt.layer;

import dev.basalt.audit.Auditor;
import dev.basalt.audit.Level;
import dev.basalt.cache.Digest;
import dev.basalt.oci.OciLayoutWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What to layer onto what: the image's {@code name}, its {@code base}, the {@code layers} to add
 * (bottom first) and the {@code config} changes, written as an OCI layout to {@code output}
 * under {@code reference}.
 *
 * <p>{@code base} is a shipped preset's name (built first, into the cache), {@code oci:DIR[:REF]},
 * a bare layout directory, {@code docker-archive:FILE} or {@code docker://REF}. {@code created}
 * is the image's creation time and the clamp for every added file's mtime; null takes the
 * base's. {@code waivers} (audit rule id to reason) and {@code failLevel} judge the result as a
 * spec's {@code audit:} does; {@code archs} selects the base's platforms (null: all of them).
 * {@code specFile} and {@code specDigest} name the spec the request came from, for provenance,
 * or are null. {@code annotations} go on the index beside basalt's own.
 *
 * <p>Create one with {@link #builder}: components may be added in later versions.
 */
public record LayerRequest(
    String name,
    String base,
    List<AppLayer> layers,
    ConfigChanges config,
    Instant created,
    Path output,
    String reference,
    Map<String, String> waivers,
    Level failLevel,
    List<String> archs,
    Path specFile,
    Digest specDigest,
    Map<String, String> annotations) {

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");

  public LayerRequest {
    Objects.requireNonNull(name, "name == null");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("an image name is lowercase letters, digits, '.', '_' or '-', not '"
          + name + "'");
    }
    Objects.requireNonNull(base, "base == null");
    if (base.isBlank()) {
      throw new IllegalArgumentException("no base image given");
    }
    layers = List.copyOf(layers);
    Objects.requireNonNull(config, "config == null");
    Objects.requireNonNull(output, "output == null");
    reference = reference == null ? OciLayoutWriter.DEFAULT_REFERENCE : reference;
    if (!OciLayoutWriter.isValidReference(reference)) {
      throw new IllegalArgumentException("not a valid OCI layout reference (like latest or 1.2.3): '" + reference + "'");
    }
    waivers = Collections.unmodifiableMap(new TreeMap<>(waivers == null ? Map.of() : waivers));
    new Auditor.Policy(java.util.Set.of(), waivers); // checks that every waived rule exists
    failLevel = failLevel == null ? Level.WARN : failLevel;
    archs = archs == null ? null : List.copyOf(archs);
    if (archs != null && archs.isEmpty()) {
      throw new IllegalArgumentException("archs is empty: give null for all of the base's platforms");
    }
    annotations = Collections.unmodifiableMap(new TreeMap<>(annotations == null ? Map.of() : annotations));
  }

  /** A request for image {@code name} on {@code base}, written to {@code output}. */
  public static Builder builder(String name, String base, Path output) {
    return new Builder(name, base, output);
  }

  /** Builds a {@link LayerRequest}; what is not set has the defaults above. */
  public static final class Builder {
    private final String name;
    private final String base;
    private final Path output;
    private final List<AppLayer> layers = new ArrayList<>();
    private ConfigChanges config = ConfigChanges.NONE;
    private Instant created;
    private String reference;
    private final Map<String, String> waivers = new TreeMap<>();
    private Level failLevel;
    private List<String> archs;
    private Path specFile;
    private Digest specDigest;
    private final Map<String, String> annotations = new TreeMap<>();

    private Builder(String name, String base, Path output) {
      this.name = name;
      this.base = base;
      this.output = output;
    }

    public Builder layer(AppLayer layer) {
      layers.add(Objects.requireNonNull(layer, "layer == null"));
      return this;
    }

    public Builder layers(List<AppLayer> values) {
      values.forEach(this::layer);
      return this;
    }

    public Builder config(ConfigChanges value) {
      this.config = Objects.requireNonNull(value, "config == null");
      return this;
    }

    public Builder created(Instant value) {
      this.created = value;
      return this;
    }

    public Builder reference(String value) {
      this.reference = value;
      return this;
    }

    /** Waives audit rule {@code ruleId} for {@code reason} (reported as waived, never hidden). */
    public Builder waive(String ruleId, String reason) {
      waivers.put(ruleId, reason);
      return this;
    }

    public Builder waivers(Map<String, String> values) {
      waivers.putAll(values);
      return this;
    }

    public Builder failLevel(Level value) {
      this.failLevel = value;
      return this;
    }

    public Builder archs(List<String> values) {
      this.archs = values;
      return this;
    }

    public Builder spec(Path file, Digest digest) {
      this.specFile = file;
      this.specDigest = digest;
      return this;
    }

    public Builder annotation(String key, String value) {
      annotations.put(key, value);
      return this;
    }

    public LayerRequest build() {
      return new LayerRequest(name, base, layers, config, created, output, reference, waivers, failLevel, archs,
          specFile, specDigest, annotations);
    }
  }
}
