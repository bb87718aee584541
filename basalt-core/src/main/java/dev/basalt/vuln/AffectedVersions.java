package dev.basalt.vuln;

import dev.basalt.debian.DebianVersion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Whether a version is affected by an OSV {@code affected} entry, with Debian version ordering.
 * A range is evaluated as the OSV schema describes: events sorted by version ({@code "0"} before
 * everything), {@code introduced} opens, {@code fixed} closes at its version, {@code last_affected}
 * closes after its version, {@code limit} bounds the whole range from above. The explicit
 * {@code versions} list matches exactly (by dpkg equality).
 */
public final class AffectedVersions {
  private AffectedVersions() {}

  /** Affected, and the version that fixes it (null when none is known). */
  public record Match(String fixed) {}

  private static final DebianVersion ZERO = DebianVersion.parse("0");

  /** The match of {@code version} against {@code affected}, or null when it is not affected. */
  public static Match match(OsvRecord.Affected affected, DebianVersion version) {
    Match found = null;
    for (OsvRecord.Range range : affected.ranges()) {
      Match m = inRange(range, version);
      if (m != null && (found == null || found.fixed() == null
          || (m.fixed() != null && DebianVersion.parse(m.fixed()).compareTo(DebianVersion.parse(found.fixed())) < 0))) {
        found = m;
      }
    }
    if (found != null) {
      return found;
    }
    for (String v : affected.versions()) {
      if (DebianVersion.parse(v).compareTo(version) == 0) {
        return new Match(null);
      }
    }
    return null;
  }

  private record Parsed(OsvRecord.Kind kind, String text, DebianVersion version) {}

  static Match inRange(OsvRecord.Range range, DebianVersion version) {
    List<Parsed> events = new ArrayList<>();
    for (OsvRecord.Event e : range.events()) {
      if (e.kind() == OsvRecord.Kind.LIMIT && e.version().equals("*")) {
        continue; // no bound
      }
      events.add(new Parsed(e.kind(), e.version(), e.version().equals("0") ? ZERO : DebianVersion.parse(e.version())));
    }
    // Stable: at equal versions the record's order stands.
    events.sort(Comparator.comparing(Parsed::version));
    boolean affected = false;
    for (Parsed e : events) {
      int c = version.compareTo(e.version());
      switch (e.kind()) {
        case INTRODUCED:
          if (c >= 0) {
            affected = true;
          }
          break;
        case FIXED:
          if (c >= 0) {
            affected = false;
          }
          break;
        case LAST_AFFECTED:
          if (c > 0) {
            affected = false;
          }
          break;
        default:
          if (c >= 0) {
            return null; // at or above the limit nothing in this range applies
          }
      }
    }
    if (!affected) {
      return null;
    }
    // The fix is the first fixed event above the installed version.
    for (Parsed e : events) {
      if (e.kind() == OsvRecord.Kind.FIXED && version.compareTo(e.version()) < 0) {
        return new Match(e.text());
      }
    }
    return new Match(null);
  }
}
