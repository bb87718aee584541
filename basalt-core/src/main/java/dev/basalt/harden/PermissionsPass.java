package dev.basalt.harden;

import dev.basalt.effects.AccountsEffect;
import dev.basalt.fs.FileEntry;
import dev.basalt.fs.FileTree;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes the tree root's: every entry owned by {@code 0:0} except the runtime user's home
 * ({@code /home/nonroot}, which may be {@code 65532:65532}), and nothing world-writable except
 * {@code /tmp}, which is made sticky if it is not. Together that leaves the runtime user
 * nothing to write outside its home and {@code /tmp}.
 */
public final class PermissionsPass {
  public static final String TMP = "/tmp";
  private static final int OTHER_WRITE = 0002;
  private static final int STICKY = 01000;

  public record ModeChange(String path, String owner, int fromMode, int toMode) {}

  public record OwnerChange(String path, String owner, int fromUid, int fromGid, int toUid, int toGid) {}

  public record Report(List<ModeChange> modes, List<OwnerChange> owners) {
    public Report {
      modes = List.copyOf(modes);
      owners = List.copyOf(owners);
    }
  }

  public Report apply(FileTree tree) {
    List<ModeChange> modes = new ArrayList<>();
    List<OwnerChange> owners = new ArrayList<>();
    for (FileEntry e : new ArrayList<>(tree.entries())) {
      FileEntry fixed = e;
      if (!(e instanceof FileEntry.Symlink) && (e.mode() & OTHER_WRITE) != 0) {
        int mode = e.path().equals(TMP) && e instanceof FileEntry.Directory ? e.mode() | STICKY : e.mode() & ~OTHER_WRITE;
        if (mode != e.mode()) {
          fixed = fixed.withMode(mode);
          modes.add(new ModeChange(e.path(), e.owner(), e.mode(), mode));
        }
      }
      if (!allowedOwner(e)) {
        fixed = fixed.withOwnership(0, 0);
        owners.add(new OwnerChange(e.path(), e.owner(), e.uid(), e.gid(), 0, 0));
      }
      if (fixed != e) {
        tree.put(fixed);
      }
    }
    return new Report(modes, owners);
  }

  private static boolean allowedOwner(FileEntry e) {
    if (e.uid() == 0 && e.gid() == 0) {
      return true;
    }
    String home = AccountsEffect.NONROOT_HOME;
    boolean inHome = e.path().equals(home) || e.path().startsWith(home + "/");
    return inHome && e.uid() == AccountsEffect.NONROOT_UID && e.gid() == AccountsEffect.NONROOT_UID;
  }
}
