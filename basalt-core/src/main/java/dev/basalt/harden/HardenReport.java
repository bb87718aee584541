package dev.basalt.harden;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What hardening did to one tree, pass by pass. */
public record HardenReport(
    ProgramPolicy.Report shells,
    ProgramPolicy.Report packageManagers,
    PrunePass.Report prune,
    SetuidPass.Report setuid,
    PermissionsPass.Report permissions) {

  public HardenReport {
    Objects.requireNonNull(shells, "shells == null");
    Objects.requireNonNull(packageManagers, "packageManagers == null");
    Objects.requireNonNull(prune, "prune == null");
    Objects.requireNonNull(setuid, "setuid == null");
    Objects.requireNonNull(permissions, "permissions == null");
  }

  public long prunedBytes() {
    return prune.totalBytes();
  }

  public List<String> strippedSetuidPaths() {
    return setuid.stripped().stream().map(SetuidPass.Change::path).toList();
  }

  /** One line per pass that did or allowed something, for the build summary. */
  public List<String> summary() {
    List<String> lines = new ArrayList<>();
    prune.removed().forEach((category, tally) ->
        lines.add("pruned " + category.label() + ": " + tally.entries() + " entries, " + tally.bytes() + " bytes"));
    if (!setuid.stripped().isEmpty()) {
      lines.add("stripped setuid/setgid: " + String.join(", ", strippedSetuidPaths()));
    }
    if (!setuid.allowed().isEmpty()) {
      lines.add("setuid/setgid kept (allow-setuid): " + String.join(", ", setuid.allowed()));
    }
    if (!permissions.modes().isEmpty()) {
      lines.add("removed world write: " + permissions.modes().size() + " paths");
    }
    if (!permissions.owners().isEmpty()) {
      lines.add("given to root: " + permissions.owners().size() + " paths");
    }
    if (!shells.found().isEmpty()) {
      lines.add("shells (allow-shell): " + paths(shells));
    }
    if (!packageManagers.found().isEmpty()) {
      lines.add("package managers (allow-package-manager): " + paths(packageManagers));
    }
    return lines;
  }

  private static String paths(ProgramPolicy.Report report) {
    return String.join(", ", report.found().stream().map(ProgramPolicy.Found::path).toList());
  }
}
