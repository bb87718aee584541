package dev.basalt.vuln;

import dev.basalt.Version;
import dev.basalt.oci.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * An OpenVEX v0.2.0 document of the findings basalt's analysis found not to apply (a pruned or
 * absent package), one statement per finding, the package's purl as product. Its {@code @id}
 * is derived from the statements, so the same analysis gives the same id.
 */
public final class OpenVexWriter {
  static final String CONTEXT = "https://openvex.dev/ns/v0.2.0";

  private OpenVexWriter() {}

  public record Vulnerability(String name, List<String> aliases) {}

  public record Product(@Json.Name("@id") String id) {}

  public record Statement(Vulnerability vulnerability, List<Product> products, String status, String justification,
      @Json.Name("impact_statement") String impactStatement) {}

  public record Document(@Json.Name("@context") String context, @Json.Name("@id") String id, String author,
      String timestamp, long version, String tooling, List<Statement> statements) {}

  public static byte[] write(List<ScanReport> reports, Instant timestamp) {
    List<Statement> statements = new ArrayList<>();
    for (ScanReport r : reports) {
      for (VulnFinding f : r.findings()) {
        VulnFinding.Disposition d = f.disposition();
        if (d != null && d.origin().equals(VulnFinding.Disposition.BASALT)) {
          statements.add(new Statement(new Vulnerability(f.id(), f.aliases().isEmpty() ? null : f.aliases()),
              List.of(new Product(f.purl())), d.status(), d.justification(), d.detail()));
        }
      }
    }
    String id = "urn:uuid:" + UUID.nameUUIDFromBytes(Json.bytes(statements));
    String text = Json.string(new Document(CONTEXT, id, "basalt", timestamp.toString(), 1, "basalt " + Version.VERSION,
        statements)) + "\n";
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
