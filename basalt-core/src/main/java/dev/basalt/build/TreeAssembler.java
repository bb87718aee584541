package dev.basalt.build;

import dev.basalt.debian.Relation;
import dev.basalt.debian.RelationParser;
import dev.basalt.fs.FileEntry;
import dev.basalt.fs.FileTree;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lays packages' file entries into one tree, as dpkg would unpack them onto a merged-/usr
 * system: the top-level {@code /bin}, {@code /sbin}, {@code /lib*} are symlinks into
 * {@code /usr}, and whatever a package still ships under them lands under {@code /usr}. Two
 * packages may ship the same non-directory path only where one {@code Replaces} the other.
 */
public final class TreeAssembler {
  /** Merged-/usr links every image gets, as trixie's base-files and usrmerge define them. */
  static final List<String> MERGED_USR_DIRS = List.of("bin", "sbin", "lib", "lib32", "lib64", "libx32");

  /** One package's contribution. */
  public record Input(String packageName, String replaces, List<FileEntry> entries) {
    public Input {
      entries = List.copyOf(entries);
    }
  }

  private final FileTree tree = new FileTree();
  private final Map<String, List<Relation>> replaces = new HashMap<>();
  private final long epoch;

  private TreeAssembler(long epoch) {
    this.epoch = epoch;
  }

  /**
   * Assembles the inputs in order. {@code /bin}, {@code /sbin} and {@code /lib} always become
   * links into {@code /usr}; {@code lib32}, {@code lib64} and {@code libx32} only where some
   * package ships files there (as {@code /lib64} on amd64 for the dynamic loader).
   */
  public static FileTree assemble(List<Input> inputs, long epoch) throws AssemblyException {
    TreeAssembler a = new TreeAssembler(epoch);
    for (Input in : inputs) {
      a.replaces.put(in.packageName(),
          in.replaces() == null || in.replaces().isBlank() ? List.of() : RelationParser.parseList(in.replaces()));
    }
    a.mergedUsrLinks(inputs);
    for (Input in : inputs) {
      for (FileEntry e : in.entries()) {
        a.add(in.packageName(), e);
      }
    }
    return a.tree;
  }

  private void mergedUsrLinks(List<Input> inputs) {
    Set<String> shippedUnderUsr = new java.util.HashSet<>();
    for (Input in : inputs) {
      for (FileEntry e : in.entries()) {
        String p = e.path();
        for (String dir : MERGED_USR_DIRS) {
          if (p.equals("/usr/" + dir) || p.startsWith("/usr/" + dir + "/")
              || p.equals("/" + dir) || p.startsWith("/" + dir + "/")) {
            shippedUnderUsr.add(dir);
          }
        }
      }
    }
    tree.put(new FileEntry.Directory("/usr", 0755, 0, 0, epoch, null));
    for (String dir : MERGED_USR_DIRS) {
      if (dir.equals("bin") || dir.equals("sbin") || dir.equals("lib") || shippedUnderUsr.contains(dir)) {
        tree.put(new FileEntry.Directory("/usr/" + dir, 0755, 0, 0, epoch, null));
        tree.put(new FileEntry.Symlink("/" + dir, "usr/" + dir, 0, 0, epoch, null));
      }
    }
  }

  /** Where an entry lands: under /usr for the merged directories, through directory links. */
  private String landing(String path) {
    for (String dir : MERGED_USR_DIRS) {
      if (path.startsWith("/" + dir + "/") && tree.get("/" + dir).orElse(null) instanceof FileEntry.Symlink) {
        return "/usr" + path;
      }
    }
    return tree.resolveParent(path);
  }

  private void add(String pkg, FileEntry entry) throws AssemblyException {
    String path = entry.path();
    // A package's own /bin, /lib... directory entries are the merged-/usr links now.
    if (entry instanceof FileEntry.Directory && path.chars().filter(c -> c == '/').count() == 1
        && MERGED_USR_DIRS.contains(path.substring(1)) && tree.get(path).orElse(null) instanceof FileEntry.Symlink) {
      return;
    }
    String target = landing(path);
    FileEntry placed = target.equals(path) ? entry : entry.withPath(target);
    if (placed instanceof FileEntry.Hardlink h) {
      placed = new FileEntry.Hardlink(h.path(), landing(h.target()), h.mode(), h.uid(), h.gid(), h.mtime(), h.owner());
    }
    FileEntry existing = tree.get(target).orElse(null);
    if (existing == null) {
      tree.putWithParents(placed, epoch);
      return;
    }
    if (existing instanceof FileEntry.Directory && placed instanceof FileEntry.Directory) {
      return;
    }
    if (existing instanceof FileEntry.Directory || placed instanceof FileEntry.Directory) {
      if (existing instanceof FileEntry.Symlink && existing.owner() == null) {
        return;
      }
      throw new AssemblyException(describe(existing) + " at " + target + " but " + pkg + " ships "
          + kind(placed) + " there; a directory and a non-directory cannot share a path");
    }
    String previous = existing.owner();
    if (previous != null && previous.equals(pkg)) {
      throw new AssemblyException(pkg + " ships " + target + " twice");
    }
    if (previous == null || replacesPackage(pkg, previous)) {
      tree.put(placed);
    } else if (replacesPackage(previous, pkg)) {
      return;
    } else {
      throw new AssemblyException("packages " + previous + " and " + pkg + " both ship " + target
          + " and neither declares Replaces on the other; exclude one of them");
    }
  }

  private boolean replacesPackage(String pkg, String other) {
    for (Relation r : replaces.getOrDefault(pkg, List.of())) {
      if (r.name().equals(other)) {
        return true;
      }
    }
    return false;
  }

  private static String describe(FileEntry e) {
    return (e.owner() == null ? "basalt" : e.owner()) + " has " + kind(e);
  }

  private static String kind(FileEntry e) {
    if (e instanceof FileEntry.Directory) {
      return "a directory";
    } else if (e instanceof FileEntry.RegularFile) {
      return "a file";
    } else if (e instanceof FileEntry.Symlink) {
      return "a symlink";
    }
    return "a hard link";
  }
}
