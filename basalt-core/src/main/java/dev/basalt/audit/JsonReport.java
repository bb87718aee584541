package dev.basalt.audit;

import dev.basalt.oci.Json;
import java.util.List;

/**
 * The machine-readable report: one object per image and architecture (an array of them when
 * several architectures were audited).
 */
public final class JsonReport {
  private JsonReport() {}

  public record Summary(long fatal, long warn, long info, long waived, int pass, String grade) {}

  public record Item(String id, String level, String title, List<String> evidence, String rationale, String remediation,
      List<String> references, String waived) {}

  public record Document(String image, String arch, Summary summary, List<Item> findings, List<String> ignored) {}

  static Document document(AuditReport r) {
    List<Item> items = r.findings().stream()
        .map(f -> new Item(f.rule().id(), f.rule().level().label(), f.rule().title(), f.evidence(),
            f.rule().rationale(), f.rule().remediation(), f.rule().references(), f.waiver()))
        .toList();
    return new Document(r.image(), r.arch(),
        new Summary(r.count(Level.FATAL), r.count(Level.WARN), r.count(Level.INFO), r.waivedCount(), r.passed(),
            r.grade()),
        items, r.ignored().stream().sorted().toList());
  }

  public static String render(List<AuditReport> reports) {
    if (reports.size() == 1) {
      return Json.string(document(reports.get(0)));
    }
    return Json.string(reports.stream().map(JsonReport::document).toList());
  }
}
