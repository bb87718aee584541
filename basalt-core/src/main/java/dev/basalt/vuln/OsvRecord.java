package dev.basalt.vuln;

import java.util.List;
import java.util.Objects;

/**
 * One OSV advisory (schema 1.x), reduced to what matching and rating need. {@code file} names
 * where it was read, for messages.
 */
public record OsvRecord(String id, List<String> aliases, String summary, List<Score> severity,
    Level databaseSeverity, List<Affected> affected, String file) {
  public OsvRecord {
    Objects.requireNonNull(id, "id == null");
    aliases = List.copyOf(aliases);
    severity = List.copyOf(severity);
    affected = List.copyOf(affected);
  }

  /** A {@code severity[]} entry: its type ({@code CVSS_V3}, {@code CVSS_V4}) and vector. */
  public record Score(String type, String vector) {}

  /**
   * An {@code affected[]} entry: package ecosystem and name, ECOSYSTEM ranges, explicit versions,
   * its own severity entries and the severity word of its ecosystem/database-specific data.
   */
  public record Affected(String ecosystem, String name, List<Range> ranges, List<String> versions,
      List<Score> severity, Level specificSeverity) {
    public Affected {
      ranges = List.copyOf(ranges);
      versions = List.copyOf(versions);
      severity = List.copyOf(severity);
    }
  }

  /** One range's events, in the record's order. */
  public record Range(List<Event> events) {
    public Range {
      events = List.copyOf(events);
    }
  }

  /** {@code introduced}, {@code fixed}, {@code last_affected} or {@code limit} at a version. */
  public record Event(Kind kind, String version) {}

  public enum Kind { INTRODUCED, FIXED, LAST_AFFECTED, LIMIT }
}
