package dev.basalt.harden;

import dev.basalt.fs.FileEntry;
import dev.basalt.fs.FileTree;
import java.util.ArrayList;
import java.util.List;

/**
 * Strips setuid and setgid bits from files, so that no program in the image can gain another
 * user's rights. Directories keep setgid, which only sets the group of new entries.
 */
public final class SetuidPass {
  public static final int SETUID = 04000;
  public static final int SETGID = 02000;

  /** A file's mode before and after. */
  public record Change(String path, String owner, int fromMode, int toMode) {}

  /** What was stripped, or (when the spec allows setuid) the paths that keep their bits. */
  public record Report(List<Change> stripped, List<String> allowed) {
    public Report {
      stripped = List.copyOf(stripped);
      allowed = List.copyOf(allowed);
    }
  }

  public Report apply(FileTree tree, boolean allowSetuid) {
    List<Change> stripped = new ArrayList<>();
    List<String> allowed = new ArrayList<>();
    for (FileEntry e : new ArrayList<>(tree.entries())) {
      boolean file = e instanceof FileEntry.RegularFile || e instanceof FileEntry.Hardlink;
      if (!file || (e.mode() & (SETUID | SETGID)) == 0) {
        continue;
      }
      if (allowSetuid) {
        allowed.add(e.path());
        continue;
      }
      int mode = e.mode() & ~(SETUID | SETGID);
      tree.put(e.withMode(mode));
      stripped.add(new Change(e.path(), e.owner(), e.mode(), mode));
    }
    return new Report(stripped, allowed);
  }
}
