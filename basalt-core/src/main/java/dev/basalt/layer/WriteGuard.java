package dev.basalt.layer;

import dev.basalt.audit.ImageUser;
import dev.basalt.audit.Rules;
import dev.basalt.fs.FileEntry;
import java.util.Map;

/**
 * Refuses an added entry that the image's runtime user could write (world-writable, or owned by
 * that user or its group with the write bit), unless the request waives the audit rule that
 * would report it. Application files are root-owned and read-only for the user by default; this
 * catches a mode or owner given explicitly.
 */
final class WriteGuard {
  private final ImageUser user;
  private final boolean worldWaived;
  private final boolean userWaived;

  WriteGuard(ImageUser user, Map<String, String> waivers) {
    this.user = user;
    this.worldWaived = waivers.containsKey(Rules.WORLD_WRITABLE.id());
    this.userWaived = waivers.containsKey(Rules.USER_WRITABLE.id());
  }

  /** Why the runtime user could write {@code entry}, or null when it cannot (or that is waived). */
  String check(FileEntry entry) {
    if (entry instanceof FileEntry.Symlink) {
      return null;
    }
    int mode = entry.mode();
    if ((mode & 0002) != 0 && !worldWaived) {
      return "mode 0" + Integer.toOctalString(mode) + " is world-writable; give a mode without o+w or waive "
          + Rules.WORLD_WRITABLE.id();
    }
    if (userWaived || user.uid() == null || user.isRoot()) {
      return null;
    }
    if (entry.uid() == user.uid() && (mode & 0200) != 0) {
      return "owned by the runtime user " + user.uid() + " with mode 0" + Integer.toOctalString(mode)
          + ", so the application could change it; keep it owned by root or waive " + Rules.USER_WRITABLE.id();
    }
    if (user.groups().contains((long) entry.gid()) && (mode & 0020) != 0) {
      return "group " + entry.gid() + " of the runtime user may write it (mode 0" + Integer.toOctalString(mode)
          + "); drop g+w or waive " + Rules.USER_WRITABLE.id();
    }
    return null;
  }
}
