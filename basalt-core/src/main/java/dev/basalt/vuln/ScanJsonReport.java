package dev.basalt.vuln;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scan as JSON (shape in README.md): one object per platform, an array when there are
 * several. Keys are in a fixed order; absent values are left out rather than null.
 */
public final class ScanJsonReport {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ScanJsonReport() {}

  public static String render(List<ScanReport> reports) {
    List<Object> docs = new ArrayList<>();
    for (ScanReport r : reports) {
      docs.add(document(r));
    }
    try {
      return MAPPER.writeValueAsString(docs.size() == 1 ? docs.get(0) : docs);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("writing JSON to memory", e);
    }
  }

  static Map<String, Object> document(ScanReport r) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("image", r.image());
    doc.put("arch", r.arch());
    put(doc, "release", r.release());
    doc.put("ecosystems", r.ecosystems());
    doc.put("packages", r.packages());
    doc.put("records", r.records());
    Map<String, Object> summary = new LinkedHashMap<>();
    for (Level l : List.of(Level.CRITICAL, Level.HIGH, Level.MEDIUM, Level.LOW, Level.NONE, Level.UNKNOWN)) {
      summary.put(l.label(), r.counts().get(l));
    }
    summary.put("notApplicable", r.notApplying());
    doc.put("summary", summary);
    List<Object> findings = new ArrayList<>();
    for (VulnFinding f : r.findings()) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("id", f.id());
      o.put("aliases", f.aliases());
      put(o, "summary", f.summary());
      o.put("package", f.pkg());
      o.put("arch", f.arch());
      o.put("version", f.version());
      o.put("source", f.source());
      o.put("sourceVersion", f.sourceVersion());
      put(o, "fixed", f.fixed());
      o.put("severity", f.level().label());
      put(o, "score", f.score());
      put(o, "rating", f.rating());
      o.put("purl", f.purl());
      VulnFinding.Disposition d = f.disposition();
      o.put("status", d == null ? "affected" : d.status());
      if (d != null) {
        o.put("justification", d.justification());
        o.put("origin", d.origin());
        put(o, "detail", d.detail());
      }
      findings.add(o);
    }
    doc.put("findings", findings);
    return doc;
  }

  private static void put(Map<String, Object> map, String key, Object value) {
    if (value != null) {
      map.put(key, value);
    }
  }
}
