package dev.basalt.update;

import dev.basalt.oci.Json;
import java.util.List;
import java.util.Objects;

/**
 * What {@code basalt lock --update} changed: packages added and removed, and for each changed
 * one the old and new version with the CVEs its Debian changelog names between the two.
 */
public record LockChangeReport(String lock, List<Pkg> added, List<Pkg> removed, List<Change> changed) {
  public LockChangeReport {
    Objects.requireNonNull(lock, "lock == null");
    added = List.copyOf(added);
    removed = List.copyOf(removed);
    changed = List.copyOf(changed);
  }

  /** A package that appears or disappears. */
  public record Pkg(String arch, String name, String version) {}

  /**
   * A package at another version.
   *
   * @param cves the CVE ids in the changelog entries newer than {@code from} up to {@code to}
   * @param changelogs where they were read ({@code package_version_arch:path}): the source changelog and
   *     a binNMU's own; empty when the package ships none
   */
  public record Change(String arch, String name, String from, String to, List<String> cves, List<String> changelogs) {
    public Change {
      cves = List.copyOf(cves);
      changelogs = List.copyOf(changelogs);
    }
  }

  public String json() {
    return Json.string(this);
  }

  public String text() {
    StringBuilder out = new StringBuilder();
    for (Change c : changed) {
      out.append("  ").append(c.arch()).append(' ').append(c.name()).append(' ').append(c.from()).append(" -> ")
          .append(c.to());
      if (c.changelogs().isEmpty()) {
        out.append(" (no changelog in the package)");
      } else if (!c.cves().isEmpty()) {
        out.append(": ").append(String.join(", ", c.cves()));
      }
      out.append('\n');
    }
    added.forEach(p -> out.append("+ ").append(p.arch()).append(' ').append(p.name()).append(' ').append(p.version())
        .append('\n'));
    removed.forEach(p -> out.append("- ").append(p.arch()).append(' ').append(p.name()).append(' ')
        .append(p.version()).append('\n'));
    long cves = changed.stream().flatMap(c -> c.cves().stream()).distinct().count();
    out.append(lock).append(": ").append(changed.size()).append(" changed (").append(cves)
        .append(cves == 1 ? " CVE" : " CVEs").append(" fixed), ").append(added.size()).append(" added, ")
        .append(removed.size()).append(" removed\n");
    return out.toString();
  }
}
