package dev.basalt.audit;

import dev.basalt.Version;
import dev.basalt.oci.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The report as SARIF 2.1.0, for code-scanning UIs: one run per image and architecture, every
 * rule described in the driver, one result per finding with a location per file it names, and
 * waived findings carried as suppressed results with the spec's justification.
 */
public final class SarifReport {
  private SarifReport() {}

  static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
  static final String VERSION = "2.1.0";

  public record Text(String text) {}

  public record Configuration(String level) {}

  public record Properties(List<String> tags) {}

  public record ReportingDescriptor(String id, String name, Text shortDescription, Text fullDescription, Text help,
      Configuration defaultConfiguration, Properties properties) {}

  public record Driver(String name, String version, List<ReportingDescriptor> rules) {}

  public record Tool(Driver driver) {}

  public record ArtifactLocation(String uri) {}

  public record PhysicalLocation(ArtifactLocation artifactLocation) {}

  public record Location(PhysicalLocation physicalLocation) {}

  public record Suppression(String kind, String justification) {}

  public record Result(String ruleId, int ruleIndex, String level, Text message, List<Location> locations,
      List<Suppression> suppressions) {}

  public record AutomationDetails(String id) {}

  public record Run(Tool tool, AutomationDetails automationDetails, List<Result> results) {}

  public record Log(@Json.Name("$schema") String schema, String version, List<Run> runs) {}

  public static String render(List<AuditReport> reports) {
    List<ReportingDescriptor> rules = Rules.ALL.stream()
        .map(r -> new ReportingDescriptor(r.id(), camel(r.id()), new Text(r.title()), new Text(r.rationale()),
            new Text(r.remediation()), new Configuration(level(r.level())), new Properties(r.references())))
        .toList();
    Tool tool = new Tool(new Driver("basalt", Version.VERSION, rules));
    List<Run> runs = new ArrayList<>();
    for (AuditReport report : reports) {
      List<Result> results = new ArrayList<>();
      for (Finding f : report.findings()) {
        List<Location> locations = new ArrayList<>();
        for (String e : f.evidence()) {
          String path = leadingPath(e);
          if (path != null) {
            locations.add(new Location(new PhysicalLocation(new ArtifactLocation(path.substring(1)))));
          }
        }
        results.add(new Result(f.rule().id(), Rules.ALL.indexOf(f.rule()), level(f.rule().level()),
            new Text(f.rule().title() + ": " + String.join(", ", f.evidence())),
            locations.isEmpty() ? null : locations,
            f.waived() ? List.of(new Suppression("external", f.waiver())) : null));
      }
      runs.add(new Run(tool, new AutomationDetails("basalt-audit/" + report.image() + "/" + report.arch()), results));
    }
    return Json.string(new Log(SCHEMA, VERSION, runs));
  }

  static String level(Level level) {
    return Map.of(Level.FATAL, "error", Level.WARN, "warning", Level.INFO, "note").get(level);
  }

  /** The absolute image path an evidence item starts with, or null for config evidence. */
  static String leadingPath(String evidence) {
    if (!evidence.startsWith("/")) {
      return null;
    }
    int end = evidence.length();
    for (String sep : List.of(" (", " -> ", ": ")) {
      int i = evidence.indexOf(sep);
      if (i > 0 && i < end) {
        end = i;
      }
    }
    return evidence.substring(0, end);
  }

  private static String camel(String id) {
    StringBuilder out = new StringBuilder();
    for (String part : id.split("-")) {
      out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
    }
    return out.toString();
  }
}
