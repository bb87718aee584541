package dev.basalt.vuln;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A user's OpenVEX statements (v0.2.0 documents): a {@code not_affected} or {@code fixed}
 * statement suppresses the findings whose id or aliases it names (its vulnerability's
 * {@code name}, {@code @id} or {@code aliases}) for a product it names by purl, the product
 * itself or one of its {@code subcomponents}. A deb purl names a binary package (its version
 * and {@code arch}, when given, must be the installed ones), or with {@code arch=source} the source
 * package every binary built from it shares.
 * When several statements speak of the same finding the latest one counts (its
 * {@code timestamp}, else its document's; at equal times the one read last), as OpenVEX
 * specifies: a later {@code affected} or {@code under_investigation} statement lifts an earlier
 * suppression.
 */
public final class VexStatements {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  static final Set<String> SUPPRESSING = Set.of(VulnFinding.Disposition.NOT_AFFECTED, VulnFinding.Disposition.FIXED);
  static final Set<String> STATUSES = Set.of("not_affected", "affected", "fixed", "under_investigation");

  /** One statement, reduced to what matching needs. */
  public record Statement(Set<String> vulnerabilities, List<String> products, String status, String justification,
      String impact, String file, Instant time) {}

  private final List<Statement> statements;

  private VexStatements(List<Statement> statements) {
    this.statements = List.copyOf(statements);
  }

  public static final VexStatements NONE = new VexStatements(List.of());

  public List<Statement> statements() {
    return statements;
  }

  /** Reads every file; a malformed one is an error naming it and the statement at fault. */
  public static VexStatements read(List<Path> files) throws VulnDbException {
    List<Statement> out = new ArrayList<>();
    for (Path file : files) {
      JsonNode root;
      try {
        root = MAPPER.readTree(Files.readAllBytes(file));
      } catch (IOException e) {
        throw new VulnDbException("--vex " + file + ": cannot read it as JSON: " + e.getMessage(), e);
      }
      JsonNode list = root == null ? null : root.get("statements");
      if (list == null || !list.isArray()) {
        throw new VulnDbException("--vex " + file + ": /statements is missing; not an OpenVEX document");
      }
      Instant issued = time(root.path("timestamp"), Instant.EPOCH, file + ": /timestamp");
      for (int i = 0; i < list.size(); i++) {
        out.add(statement(list.get(i), file + ": /statements/" + i, file.toString(), issued));
      }
    }
    return new VexStatements(out);
  }

  private static Instant time(JsonNode node, Instant otherwise, String at) throws VulnDbException {
    if (node.isMissingNode() || node.isNull()) {
      return otherwise;
    }
    try {
      return OffsetDateTime.parse(node.asText()).toInstant();
    } catch (DateTimeParseException e) {
      throw new VulnDbException("--vex " + at + ": '" + node.asText() + "' is not an RFC 3339 time");
    }
  }

  private static Statement statement(JsonNode s, String at, String file, Instant issued) throws VulnDbException {
    JsonNode v = s.path("vulnerability");
    Set<String> names = new java.util.LinkedHashSet<>();
    for (String key : List.of("name", "@id")) {
      if (v.path(key).isTextual()) {
        names.add(v.path(key).asText());
      }
    }
    for (JsonNode a : v.path("aliases")) {
      names.add(a.asText());
    }
    if (names.isEmpty()) {
      throw new VulnDbException("--vex " + at + "/vulnerability names no vulnerability (name, @id or aliases)");
    }
    List<String> products = new ArrayList<>();
    for (JsonNode p : s.path("products")) {
      if (p.path("@id").isTextual()) {
        products.add(p.path("@id").asText());
      }
      for (JsonNode sub : p.path("subcomponents")) {
        if (sub.path("@id").isTextual()) {
          products.add(sub.path("@id").asText());
        }
      }
    }
    if (products.isEmpty()) {
      throw new VulnDbException("--vex " + at + "/products names no product by @id");
    }
    String status = s.path("status").asText("");
    if (!STATUSES.contains(status)) {
      throw new VulnDbException("--vex " + at + "/status: '" + status + "' is not one of " + STATUSES);
    }
    return new Statement(names, products, status, s.path("justification").asText(null),
        s.path("impact_statement").asText(null), file, time(s.path("timestamp"), issued, at + "/timestamp"));
  }

  /** The disposition the latest statement about {@code f} gives it, or null when it suppresses nothing. */
  public VulnFinding.Disposition disposition(VulnFinding f) {
    Statement latest = null;
    for (Statement s : statements) {
      if (f.names().stream().anyMatch(s.vulnerabilities()::contains)
          && s.products().stream().anyMatch(p -> matches(p, f))
          && (latest == null || !s.time().isBefore(latest.time()))) {
        latest = s;
      }
    }
    if (latest == null || !SUPPRESSING.contains(latest.status())) {
      return null;
    }
    String why = latest.justification() != null ? latest.justification() : latest.status();
    return new VulnFinding.Disposition(latest.status(), why, latest.file(), latest.impact());
  }

  /** Whether a deb purl names the finding's package. */
  static boolean matches(String purl, VulnFinding f) {
    if (!purl.startsWith("pkg:deb/")) {
      return false;
    }
    String rest = purl.substring("pkg:deb/".length());
    int hash = rest.indexOf('#');
    rest = hash < 0 ? rest : rest.substring(0, hash);
    Map<String, String> qualifiers = new HashMap<>();
    int q = rest.indexOf('?');
    if (q >= 0) {
      for (String pair : rest.substring(q + 1).split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          qualifiers.put(pair.substring(0, eq), decode(pair.substring(eq + 1)));
        }
      }
      rest = rest.substring(0, q);
    }
    String version = null;
    int at = rest.lastIndexOf('@');
    if (at >= 0) {
      version = decode(rest.substring(at + 1));
      rest = rest.substring(0, at);
    }
    String name = decode(rest.substring(rest.lastIndexOf('/') + 1));
    String arch = qualifiers.get("arch");
    if ("source".equals(arch)) {
      return name.equals(f.source()) && (version == null || version.equals(f.sourceVersion()));
    }
    return name.equals(f.pkg()) && (version == null || version.equals(f.version()))
        && (arch == null || arch.equals(f.arch()));
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
