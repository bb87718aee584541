package dev.basalt.vuln;

import dev.basalt.Version;
import dev.basalt.oci.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The scan as SARIF 2.1.0: one run per platform, a rule per advisory (with its CVSS score as
 * {@code security-severity}, which code-scanning UIs sort by), a result per finding located at
 * the package's dpkg status file, findings that do not apply as suppressed results.
 */
public final class ScanSarifReport {
  static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

  private ScanSarifReport() {}

  public record Text(String text) {}

  public record RuleProperties(@Json.Name("security-severity") String securitySeverity, List<String> tags) {}

  public record Rule(String id, Text shortDescription, Text help, RuleProperties properties) {}

  public record Driver(String name, String version, String informationUri, List<Rule> rules) {}

  public record Tool(Driver driver) {}

  public record ArtifactLocation(String uri) {}

  public record PhysicalLocation(ArtifactLocation artifactLocation) {}

  public record Location(PhysicalLocation physicalLocation) {}

  public record Suppression(String kind, String justification) {}

  public record ResultProperties(String purl, String installedVersion, String fixedVersion, String severity) {}

  public record Result(String ruleId, int ruleIndex, String level, Text message, List<Location> locations,
      List<Suppression> suppressions, ResultProperties properties) {}

  public record AutomationDetails(String id) {}

  public record Run(Tool tool, AutomationDetails automationDetails, List<Result> results) {}

  public record Log(@Json.Name("$schema") String schema, String version, List<Run> runs) {}

  public static String render(List<ScanReport> reports) {
    List<Run> runs = new ArrayList<>();
    for (ScanReport r : reports) {
      Map<String, Integer> index = new LinkedHashMap<>();
      List<Rule> rules = new ArrayList<>();
      List<Result> results = new ArrayList<>();
      for (VulnFinding f : r.findings()) {
        Integer i = index.get(f.id());
        if (i == null) {
          i = rules.size();
          index.put(f.id(), i);
          String description = f.summary() != null ? f.summary() : f.id() + " in " + f.source();
          rules.add(new Rule(f.id(), new Text(description),
              new Text(f.id() + (f.aliases().isEmpty() ? "" : " (" + String.join(", ", f.aliases()) + ")")),
              new RuleProperties(f.score() == null ? null : String.format(Locale.ROOT, "%.1f", f.score()),
                  List.of("security", "vulnerability"))));
        }
        String where = f.statusFile().startsWith("/") ? f.statusFile().substring(1) : f.statusFile();
        results.add(new Result(f.id(), i, level(f.level()),
            new Text(ScanTextReport.line(f).strip()),
            List.of(new Location(new PhysicalLocation(new ArtifactLocation(where)))),
            f.applies() ? null : List.of(new Suppression("external",
                f.disposition().justification() + (f.disposition().detail() == null ? "" : ": " + f.disposition().detail()))),
            new ResultProperties(f.purl(), f.version(), f.fixed(), f.level().label())));
      }
      runs.add(new Run(new Tool(new Driver("basalt", Version.VERSION, null, rules)),
          new AutomationDetails("basalt-scan/" + r.image() + "/" + r.arch()), results));
    }
    return Json.string(new Log(SCHEMA, "2.1.0", runs));
  }

  static String level(Level level) {
    switch (level) {
      case CRITICAL:
      case HIGH:
        return "error";
      case MEDIUM:
      case UNKNOWN:
        return "warning";
      default:
        return "note";
    }
  }
}
