package dev.basalt.layer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basalt.cache.Digest;
import dev.basalt.sign.InTotoStatement;
import dev.basalt.sign.ProvenanceInput;
import dev.basalt.sign.SlsaProvenance;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The SLSA provenance of a layered image: its resolved dependencies are the base (by the digest
 * it was read under, and each platform's manifest or config) and every added file (its image
 * path and SHA-256), so that what went into the image can be checked file by file.
 */
final class LayeredProvenance {
  /** A resolved dependency's URI for a file a layer added: {@code file:<image path>}. */
  static final String FILE_SCHEME = "file:";

  private LayeredProvenance() {}

  /** One resolved dependency: where it is named, its SHA-256, and its role. */
  record Dependency(String uri, Digest digest, String name) {}

  static InTotoStatement statement(LayerRequest request, String base, List<Dependency> dependencies,
      List<ProvenanceInput.Subject> subjects, Instant created) {
    Digest specDigest = request.specDigest() != null ? request.specDigest() : Digest.of(describe(request));
    InTotoStatement plain = SlsaProvenance.statement(new ProvenanceInput(request.name(), specDigest,
        Map.of("base", base), List.of(), List.of(), created, subjects));
    ObjectNode predicate = (ObjectNode) plain.predicate();
    ArrayNode resolved = (ArrayNode) predicate.path("buildDefinition").path("resolvedDependencies");
    SortedMap<String, Dependency> sorted = new TreeMap<>();
    for (Dependency d : dependencies) {
      sorted.put(d.uri() + "\0" + d.digest(), d);
    }
    for (Dependency d : sorted.values()) {
      ObjectNode node = resolved.addObject().put("uri", d.uri());
      node.putObject("digest").put(Digest.ALGORITHM, d.digest().hex());
      node.put("name", d.name());
    }
    return new InTotoStatement(plain.subjects(), plain.predicateType(), predicate);
  }

  /** What a request without a spec file is, as stable text: its digest stands in for a spec's. */
  static byte[] describe(LayerRequest r) {
    StringBuilder s = new StringBuilder("basalt layer\nname=").append(r.name()).append("\nbase=").append(r.base());
    for (AppLayer l : r.layers()) {
      s.append("\nlayer=").append(l.name());
      for (LayerSource src : l.sources()) {
        s.append("\n  ").append(src.to()).append(' ').append(src.glob()).append(' ').append(src.fileMode())
            .append(' ').append(src.dirMode()).append(' ').append(src.uid()).append(':').append(src.gid());
      }
    }
    s.append("\nconfig=").append(r.config()).append("\nwaivers=").append(r.waivers()).append('\n');
    return s.toString().getBytes(StandardCharsets.UTF_8);
  }
}
