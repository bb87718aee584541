package dev.basalt.sign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basalt.Version;
import dev.basalt.cache.Digest;
import dev.basalt.lock.LockFile;
import dev.basalt.sbom.Purls;
import dev.basalt.sign.VerificationException.Reason;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A build's SLSA Provenance v1 as an in-toto Statement v1. The build type and builder id are
 * basalt's own, stable URIs; every resolved dependency is named by something portable: a
 * {@code .deb} by its purl ({@code pkg:deb/debian/<name>@<version>?arch=..}, without the distro
 * qualifier, which a lock does not know) and SHA-256, an InRelease by archive and suite
 * ({@code debian:trixie/InRelease}). The same build gives the same bytes: dependencies are sorted
 * and deduplicated, dates are the build's fixed date, and object members are sorted.
 */
public final class SlsaProvenance {
  public static final String PREDICATE_TYPE = "https://slsa.dev/provenance/v1";
  /** What a basalt build is: a spec and its lock resolved against signed Debian archives. */
  public static final String BUILD_TYPE = "https://basalt.dev/build/v1";
  /** The builder; its version goes in {@code builder.version}, so policies can pin the id alone. */
  public static final String BUILDER_ID = "https://basalt.dev/builder/v1";
  private static final String WHAT = "SLSA provenance";

  /** One entry of {@code resolvedDependencies}: a resource, its SHA-256 and, for a .deb, its pool path. */
  public record Dependency(String uri, String sha256, String name) {
    public Dependency {
      Objects.requireNonNull(uri, "uri == null");
      Objects.requireNonNull(sha256, "sha256 == null");
    }
  }

  private static final Comparator<Dependency> ORDER = Comparator.comparing(Dependency::uri)
      .thenComparing(Dependency::sha256).thenComparing(d -> d.name() == null ? "" : d.name());

  private SlsaProvenance() {}

  /** The statement about {@code input.subjects()}. */
  public static InTotoStatement statement(ProvenanceInput input) {
    ObjectNode predicate = SignJson.object();
    ObjectNode definition = predicate.putObject("buildDefinition");
    definition.put("buildType", BUILD_TYPE);
    ObjectNode external = definition.putObject("externalParameters");
    external.put("spec", input.specName());
    external.putObject("specDigest").put(Digest.ALGORITHM, input.specDigest().hex());
    if (!input.internalParameters().isEmpty()) {
      ObjectNode internal = definition.putObject("internalParameters");
      input.internalParameters().forEach(internal::put);
    }
    ArrayNode resolved = definition.putArray("resolvedDependencies");
    for (Dependency d : dependencies(input.packages(), input.releases())) {
      ObjectNode node = resolved.addObject().put("uri", d.uri());
      node.putObject("digest").put(Digest.ALGORITHM, d.sha256());
      if (d.name() != null) {
        node.put("name", d.name());
      }
    }
    ObjectNode run = predicate.putObject("runDetails");
    ObjectNode builder = run.putObject("builder").put("id", BUILDER_ID);
    builder.putObject("version").put("basalt", Version.VERSION);
    String date = DateTimeFormatter.ISO_INSTANT.format(input.buildDate());
    run.putObject("metadata").put("startedOn", date).put("finishedOn", date);
    List<InTotoStatement.Subject> subjects = input.subjects().stream()
        .map(s -> InTotoStatement.Subject.of(s.name(), s.digest())).toList();
    return new InTotoStatement(subjects, PREDICATE_TYPE, predicate);
  }

  /** The resolved dependencies of these packages and releases: InReleases first, each group sorted, no duplicates. */
  public static List<Dependency> dependencies(List<ProvenanceInput.Package> packages,
      List<ProvenanceInput.Release> releases) {
    Set<Dependency> inReleases = new TreeSet<>(ORDER);
    releases.forEach(r -> inReleases.add(new Dependency(releaseUri(r), r.inRelease().hex(), null)));
    Set<Dependency> debs = new TreeSet<>(ORDER);
    packages.forEach(p -> debs.add(new Dependency(purl(p), p.sha256().hex(), p.filename())));
    List<Dependency> out = new ArrayList<>(inReleases);
    out.addAll(debs);
    return out;
  }

  /** What a build from {@code lock} resolves. */
  public static List<Dependency> dependencies(LockFile lock) {
    return dependencies(ProvenanceInput.packagesOf(lock), ProvenanceInput.releasesOf(lock));
  }

  /** {@code pkg:deb/debian/<name>@<version>?arch=<arch>[&upstream=<source>]}. */
  public static String purl(ProvenanceInput.Package p) {
    return Purls.deb(p.name(), p.version(), p.arch(), null, p.source());
  }

  /**
   * {@code <archive>:<suite>/InRelease} for a named archive; for a repository the spec gives by
   * URL (its own content, not a mirror), that URL's {@code dists/<suite>/InRelease}.
   */
  public static String releaseUri(ProvenanceInput.Release r) {
    if (r.repository().contains("://")) {
      String base = r.repository().endsWith("/") ? r.repository() : r.repository() + "/";
      return base + "dists/" + r.suite() + "/InRelease";
    }
    return r.repository() + ":" + r.suite() + "/InRelease";
  }

  /**
   * The resolved dependencies a provenance statement lists.
   *
   * @throws VerificationException {@link Reason#UNEXPECTED_PAYLOAD} for another predicate type,
   *     {@link Reason#MALFORMED} when the predicate is not SLSA v1's shape
   */
  public static List<Dependency> resolvedDependencies(InTotoStatement statement) throws VerificationException {
    if (!PREDICATE_TYPE.equals(statement.predicateType())) {
      throw new VerificationException(Reason.UNEXPECTED_PAYLOAD, "The statement's predicate type is '"
          + statement.predicateType() + "', not '" + PREDICATE_TYPE + "'.");
    }
    JsonNode list = statement.predicate().path("buildDefinition").path("resolvedDependencies");
    if (!list.isArray()) {
      throw new VerificationException(Reason.MALFORMED, WHAT + " has no buildDefinition.resolvedDependencies array.");
    }
    List<Dependency> out = new ArrayList<>();
    for (JsonNode d : list) {
      JsonNode uri = d.get("uri");
      JsonNode sha256 = d.path("digest").get(Digest.ALGORITHM);
      if (uri == null || !uri.isTextual() || sha256 == null || !sha256.isTextual()) {
        throw new VerificationException(Reason.MALFORMED, WHAT + " lists a dependency without uri or sha256 digest: " + d);
      }
      out.add(new Dependency(uri.textValue(), sha256.textValue(), d.hasNonNull("name") ? d.get("name").asText() : null));
    }
    return out;
  }

  /**
   * How {@code stated} differs from {@code locked}, by uri and digest (names are not compared):
   * one line per difference, in uri order, what the lock pins first and then what only the
   * provenance states; empty when both are the same set.
   */
  public static List<String> differences(List<Dependency> stated, List<Dependency> locked) {
    Map<String, Set<String>> have = byUri(stated);
    Map<String, Set<String>> want = byUri(locked);
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, Set<String>> e : want.entrySet()) {
      Set<String> found = have.get(e.getKey());
      if (found == null) {
        out.add("missing from the provenance: " + e.getKey() + " (sha256 " + String.join(", ", e.getValue()) + ")");
      } else if (!found.equals(e.getValue())) {
        out.add(e.getKey() + ": the provenance states sha256 " + String.join(", ", found) + ", the lock "
            + String.join(", ", e.getValue()));
      }
    }
    for (Map.Entry<String, Set<String>> e : have.entrySet()) {
      if (!want.containsKey(e.getKey())) {
        out.add("not in the lock: " + e.getKey() + " (sha256 " + String.join(", ", e.getValue()) + ")");
      }
    }
    return out;
  }

  private static Map<String, Set<String>> byUri(List<Dependency> deps) {
    Map<String, Set<String>> out = new TreeMap<>();
    deps.forEach(d -> out.computeIfAbsent(d.uri(), k -> new TreeSet<>()).add(d.sha256()));
    return out;
  }
}
