package dev.basalt.harden;

import dev.basalt.fs.FileEntry;
import dev.basalt.fs.FileTree;
import dev.basalt.fs.LinkResolver;
import dev.basalt.fs.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Refuses a kind of program (shells, package managers) in the directories on {@code PATH},
 * unless the spec's {@code harden:} key allows it. A symlink counts when it leads to a file;
 * a dangling one runs nothing.
 */
public abstract sealed class ProgramPolicy permits ShellPolicy, PackageManagerPolicy {
  public static final List<String> BIN_DIRS =
      List.of("/bin", "/sbin", "/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin");

  /** A program found, and the package that installed it (null if none did). */
  public record Found(String path, String owner) {}

  /** The programs found, when the spec allows them (a refusal is an exception instead). */
  public record Report(List<Found> found) {
    public Report {
      found = List.copyOf(found);
    }
  }

  /** Whether a file named {@code name} in a bin directory is such a program. */
  abstract boolean matches(String name);

  /** "a shell". */
  abstract String singular();

  /** "shells". */
  abstract String plural();

  /** The {@code harden:} key that allows them, e.g. {@code allow-shell}. */
  abstract String key();

  public Report check(FileTree tree, boolean allowed) throws PolicyViolationException {
    List<Found> found = find(tree);
    if (!found.isEmpty() && !allowed) {
      throw new PolicyViolationException(key(), message(found));
    }
    return new Report(found);
  }

  List<Found> find(FileTree tree) {
    List<Found> found = new ArrayList<>();
    for (String dir : BIN_DIRS) {
      for (FileEntry e : tree.below(dir)) {
        if (Paths.parent(e.path()).equals(dir) && matches(Paths.name(e.path())) && runnable(tree, e)) {
          found.add(new Found(e.path(), e.owner()));
        }
      }
    }
    return found;
  }

  private static boolean runnable(FileTree tree, FileEntry e) {
    if (e instanceof FileEntry.Symlink) {
      return LinkResolver.follow(tree, e.path()).filter(t -> !(t instanceof FileEntry.Directory)).isPresent();
    }
    return !(e instanceof FileEntry.Directory);
  }

  /**
   * E.g. "package bash installs a shell (/usr/bin/bash); the image must not contain shells.
   * Remove it, or set harden: {allow-shell: true} for a debug variant."
   */
  String message(List<Found> found) {
    Map<String, List<String>> byOwner = new LinkedHashMap<>();
    for (Found f : found) {
      byOwner.computeIfAbsent(Objects.requireNonNullElse(f.owner(), ""), o -> new ArrayList<>()).add(f.path());
    }
    List<String> parts = new ArrayList<>();
    byOwner.forEach((owner, paths) -> parts.add(
        (owner.isEmpty() ? "the image has " + singular() + " not from any package" : "package " + owner + " installs " + singular())
            + " (" + String.join(", ", paths) + ")"));
    String joined = parts.size() == 1
        ? parts.get(0)
        : String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    return joined + "; the image must not contain " + plural() + ". Remove " + (parts.size() == 1 ? "it" : "them")
        + ", or set harden: {" + key() + ": true} for a debug variant.";
  }
}
