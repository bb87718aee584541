package dev.basalt.vuln;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.debian.DebianVersion;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads an OSV JSON record. Only what matching needs is checked strictly: the id, the
 * {@code affected} entries of Debian ecosystems (their package, ECOSYSTEM range events and
 * versions, which must be Debian versions) and every CVSS vector; a problem is reported with the
 * file and a JSON pointer such as {@code /affected/0/ranges/1/events/2/fixed}.
 */
public final class OsvParser {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  static final String DEBIAN = "Debian";
  private static final Map<String, OsvRecord.Kind> KINDS = Map.of("introduced", OsvRecord.Kind.INTRODUCED,
      "fixed", OsvRecord.Kind.FIXED, "last_affected", OsvRecord.Kind.LAST_AFFECTED, "limit", OsvRecord.Kind.LIMIT);

  private OsvParser() {}

  /** Whether an ecosystem names Debian: {@code Debian} or {@code Debian:<release>}. */
  static boolean isDebian(String ecosystem) {
    return ecosystem.equals(DEBIAN) || ecosystem.startsWith(DEBIAN + ":");
  }

  /**
   * The record in {@code json}, or null when it is withdrawn or names no Debian package.
   *
   * @throws VulnDbException naming {@code file} and the location of the first problem
   */
  public static OsvRecord parse(byte[] json, String file) throws VulnDbException {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new VulnDbException(file + ": not JSON: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
    } catch (IOException e) {
      throw new VulnDbException(file + ": cannot read: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw error(file, "", "an OSV record is a JSON object");
    }
    String id = text(root, "id", file, "", true);
    if (root.hasNonNull("withdrawn")) {
      return null;
    }
    List<OsvRecord.Affected> affected = new ArrayList<>();
    JsonNode list = root.get("affected");
    if (list != null && !list.isArray()) {
      throw error(file, "/affected", "must be an array");
    }
    for (int i = 0; list != null && i < list.size(); i++) {
      OsvRecord.Affected a = affected(list.get(i), file, "/affected/" + i);
      if (a != null) {
        affected.add(a);
      }
    }
    if (affected.isEmpty()) {
      return null;
    }
    List<String> aliases = new ArrayList<>();
    JsonNode al = root.get("aliases");
    for (int i = 0; al != null && al.isArray() && i < al.size(); i++) {
      if (!al.get(i).isTextual()) {
        throw error(file, "/aliases/" + i, "must be a string");
      }
      aliases.add(al.get(i).asText());
    }
    String summary = root.path("summary").isTextual() ? root.path("summary").asText() : null;
    return new OsvRecord(id, aliases, summary, scores(root.get("severity"), file, "/severity"),
        Level.ofWord(root.path("database_specific").path("severity").asText(null)), affected, file);
  }

  private static OsvRecord.Affected affected(JsonNode a, String file, String at) throws VulnDbException {
    if (!a.isObject()) {
      throw error(file, at, "must be an object");
    }
    JsonNode pkg = a.get("package");
    if (pkg == null) {
      return null; // an entry about a git repository, not a package
    }
    String ecosystem = text(pkg, "ecosystem", file, at + "/package", true);
    if (!isDebian(ecosystem)) {
      return null;
    }
    String name = text(pkg, "name", file, at + "/package", true);
    List<OsvRecord.Range> ranges = new ArrayList<>();
    JsonNode rs = a.get("ranges");
    if (rs != null && !rs.isArray()) {
      throw error(file, at + "/ranges", "must be an array");
    }
    for (int r = 0; rs != null && r < rs.size(); r++) {
      String rat = at + "/ranges/" + r;
      String type = text(rs.get(r), "type", file, rat, true);
      if (!type.equals("ECOSYSTEM")) {
        continue; // GIT and SEMVER ranges say nothing about Debian versions
      }
      JsonNode events = rs.get(r).get("events");
      if (events == null || !events.isArray() || events.isEmpty()) {
        throw error(file, rat + "/events", "must be a non-empty array");
      }
      List<OsvRecord.Event> out = new ArrayList<>();
      for (int e = 0; e < events.size(); e++) {
        out.add(event(events.get(e), file, rat + "/events/" + e));
      }
      ranges.add(new OsvRecord.Range(out));
    }
    List<String> versions = new ArrayList<>();
    JsonNode vs = a.get("versions");
    if (vs != null && !vs.isArray()) {
      throw error(file, at + "/versions", "must be an array");
    }
    for (int v = 0; vs != null && v < vs.size(); v++) {
      versions.add(version(vs.get(v), file, at + "/versions/" + v));
    }
    Level specific = Level.ofWord(a.path("ecosystem_specific").path("severity").asText(null));
    if (specific == null) {
      specific = Level.ofWord(a.path("ecosystem_specific").path("urgency").asText(null));
    }
    if (specific == null) {
      specific = Level.ofWord(a.path("database_specific").path("severity").asText(null));
    }
    return new OsvRecord.Affected(ecosystem, name, ranges, versions, scores(a.get("severity"), file, at + "/severity"),
        specific);
  }

  private static OsvRecord.Event event(JsonNode e, String file, String at) throws VulnDbException {
    if (!e.isObject() || e.size() != 1) {
      throw error(file, at, "an event is an object with exactly one of introduced, fixed, last_affected, limit");
    }
    String key = e.fieldNames().next();
    OsvRecord.Kind kind = KINDS.get(key);
    if (kind == null) {
      throw error(file, at + "/" + key, "unknown event; expected introduced, fixed, last_affected or limit");
    }
    if (kind == OsvRecord.Kind.LIMIT && e.get(key).isTextual() && e.get(key).asText().equals("*")) {
      return new OsvRecord.Event(kind, "*");
    }
    return new OsvRecord.Event(kind, version(e.get(key), file, at + "/" + key));
  }

  private static String version(JsonNode v, String file, String at) throws VulnDbException {
    if (!v.isTextual()) {
      throw error(file, at, "a version must be a string");
    }
    try {
      DebianVersion.parse(v.asText());
    } catch (IllegalArgumentException bad) {
      throw error(file, at, "'" + v.asText() + "' is not a Debian version: " + bad.getMessage());
    }
    return v.asText();
  }

  private static List<OsvRecord.Score> scores(JsonNode list, String file, String at) throws VulnDbException {
    List<OsvRecord.Score> out = new ArrayList<>();
    if (list == null) {
      return out;
    }
    if (!list.isArray()) {
      throw error(file, at, "must be an array");
    }
    for (int i = 0; i < list.size(); i++) {
      String type = text(list.get(i), "type", file, at + "/" + i, true);
      String vector = text(list.get(i), "score", file, at + "/" + i, true);
      try {
        if (type.equals("CVSS_V3")) {
          Cvss3.baseScore(vector);
        } else if (type.equals("CVSS_V4")) {
          Cvss4.score(vector);
        } else {
          continue; // CVSS_V2 and Ubuntu priorities: not rated here
        }
      } catch (IllegalArgumentException bad) {
        throw error(file, at + "/" + i + "/score", bad.getMessage());
      }
      out.add(new OsvRecord.Score(type, vector));
    }
    return out;
  }

  private static String text(JsonNode node, String field, String file, String at, boolean required)
      throws VulnDbException {
    if (node == null || !node.isObject()) {
      throw error(file, at, "must be an object");
    }
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw error(file, at + "/" + field, "is missing");
      }
      return null;
    }
    if (!v.isTextual() || v.asText().isEmpty()) {
      throw error(file, at + "/" + field, "must be a non-empty string");
    }
    return v.asText();
  }

  private static VulnDbException error(String file, String at, String what) {
    return new VulnDbException(file + ": " + (at.isEmpty() ? "/" : at) + " " + what);
  }
}
