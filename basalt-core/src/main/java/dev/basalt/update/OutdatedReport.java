package dev.basalt.update;

import dev.basalt.oci.Json;
import java.util.List;
import java.util.Objects;

/**
 * Every checked package against the newest version the configured suites offer, and which
 * newer versions come from a security suite.
 *
 * @param suites the suites compared against, as {@code "<repository> <suite>"}
 */
public record OutdatedReport(String subject, List<String> suites, List<Row> packages) {
  public OutdatedReport {
    Objects.requireNonNull(subject, "subject == null");
    suites = List.copyOf(suites);
    packages = List.copyOf(packages);
  }

  /**
   * One package of one architecture.
   *
   * @param newest the highest version in the suites, or null when no suite has the package
   * @param suite where {@code newest} comes from ({@code "<repository> <suite>"}) when it is newer than
   *     {@code version}, else null
   * @param security whether a security suite has a version newer than the installed one
   */
  public record Row(String arch, String name, String version, String newest, String suite, boolean security) {
    /** Whether a newer version is available. */
    public boolean outdated() {
      return suite != null;
    }
  }

  /** How many packages were checked, have an update, a security update, or are in no suite. */
  public record Summary(int packages, int outdated, int security, int unknown) {}

  public Summary summary() {
    return new Summary(packages.size(), (int) packages.stream().filter(Row::outdated).count(),
        (int) packages.stream().filter(Row::security).count(),
        (int) packages.stream().filter(r -> r.newest() == null).count());
  }

  /** Whether a security update is pending: what makes {@code basalt outdated} exit 1. */
  public boolean securityPending() {
    return packages.stream().anyMatch(Row::security);
  }

  public record Document(String subject, List<String> suites, Summary summary, List<Row> packages) {}

  /** {@code {"subject","suites","summary":{...},"packages":[{"arch","name","version","newest","suite","security"}]}}. */
  public String json() {
    return Json.string(new Document(subject, suites, summary(), packages));
  }

  /** A table of the packages with a newer version (security ones marked), then one summary line. */
  public String text() {
    StringBuilder out = new StringBuilder();
    List<Row> outdated = packages.stream().filter(Row::outdated).toList();
    if (!outdated.isEmpty()) {
      String[] head = {"ARCH", "PACKAGE", "VERSION", "NEWEST", "FROM", ""};
      int[] width = new int[head.length];
      for (int i = 0; i < head.length; i++) {
        width[i] = head[i].length();
      }
      for (Row r : outdated) {
        String[] cells = cells(r);
        for (int i = 0; i < cells.length; i++) {
          width[i] = Math.max(width[i], cells[i].length());
        }
      }
      line(out, head, width);
      for (Row r : outdated) {
        line(out, cells(r), width);
      }
    }
    Summary s = summary();
    out.append(subject).append(": ").append(s.packages()).append(" packages checked against ")
        .append(String.join(", ", suites)).append("; ").append(s.outdated()).append(" outdated, ")
        .append(s.security()).append(s.security() == 1 ? " security update" : " security updates").append(" pending");
    if (s.unknown() > 0) {
      out.append("; ").append(s.unknown()).append(" in none of these suites: ")
          .append(String.join(", ", packages.stream().filter(r -> r.newest() == null)
              .map(r -> r.name() + " (" + r.arch() + ")").toList()));
    }
    return out.append('\n').toString();
  }

  private static String[] cells(Row r) {
    return new String[] {r.arch(), r.name(), r.version(), r.newest(), r.suite(), r.security() ? "SECURITY" : ""};
  }

  private static void line(StringBuilder out, String[] cells, int[] width) {
    StringBuilder l = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      l.append(cells[i]).append(" ".repeat(width[i] - cells[i].length()));
      if (i < cells.length - 1) {
        l.append("  ");
      }
    }
    out.append(l.toString().stripTrailing()).append('\n');
  }
}
