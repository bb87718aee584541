package dev.basalt.vuln;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The scan of one image platform: its Debian release (null when os-release names none), the
 * ecosystems matched, how many packages and records were compared, and every finding (those
 * that do not apply included, with their disposition).
 */
public record ScanReport(String image, String arch, String release, List<String> ecosystems, int packages,
    int records, List<VulnFinding> findings) {
  public ScanReport {
    ecosystems = List.copyOf(ecosystems);
    findings = List.copyOf(findings);
  }

  /** Findings that apply, per level (every level present, zero when none). */
  public Map<Level, Integer> counts() {
    Map<Level, Integer> counts = new EnumMap<>(Level.class);
    for (Level l : Level.values()) {
      counts.put(l, 0);
    }
    for (VulnFinding f : findings) {
      if (f.applies()) {
        counts.merge(f.level(), 1, Integer::sum);
      }
    }
    return counts;
  }

  /** The findings that apply and reach {@code threshold}. */
  public List<VulnFinding> failing(Level threshold) {
    return findings.stream().filter(f -> f.applies() && f.level().reaches(threshold)).toList();
  }

  public long notApplying() {
    return findings.stream().filter(f -> !f.applies()).count();
  }
}
