package dev.basalt.layer;

import dev.basalt.fs.FileEntry;
import dev.basalt.fs.Paths;
import dev.basalt.image.FlatFile;
import dev.basalt.image.FlatFilesystem;
import dev.basalt.image.LinkWalk;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * What an image holds while layers are planned on top of it: the base's final filesystem and
 * the entries planned so far, a planned entry hiding the base's at the same path. Paths resolve
 * through symlinks inside the image only, as a container would see them.
 */
final class ImageView {
  /** What is at a path. */
  enum Kind { NONE, DIRECTORY, FILE, SYMLINK, OTHER }

  /** A directory's owner and mode, as a layer must repeat them to leave them unchanged. */
  record DirMeta(int mode, int uid, int gid) {}

  private final FlatFilesystem base;
  private final NavigableMap<String, FileEntry> planned = new TreeMap<>();

  ImageView(FlatFilesystem base) {
    this.base = base;
  }

  void add(FileEntry entry) {
    planned.put(entry.path(), entry);
  }

  Kind kind(String path) {
    if (path.equals("/")) {
      return Kind.DIRECTORY;
    }
    FileEntry e = planned.get(path);
    if (e != null) {
      return e instanceof FileEntry.Directory ? Kind.DIRECTORY
          : e instanceof FileEntry.Symlink ? Kind.SYMLINK : Kind.FILE;
    }
    FlatFile f = base.get(path);
    if (f == null) {
      // A directory that the layers never listed but put entries in exists, as a runtime makes it.
      return base.below(path).isEmpty() && !hasPlannedBelow(path) ? Kind.NONE : Kind.DIRECTORY;
    }
    if (f.isDirectory()) {
      return Kind.DIRECTORY;
    }
    if (f.isSymlink()) {
      return Kind.SYMLINK;
    }
    return f.isRegular() ? Kind.FILE : Kind.OTHER;
  }

  /** The owner and mode of the directory at {@code path}; root 0755 for one only implied by its entries. */
  DirMeta dirMeta(String path) {
    FileEntry e = planned.get(path);
    if (e instanceof FileEntry.Directory d) {
      return new DirMeta(d.mode(), d.uid(), d.gid());
    }
    FlatFile f = base.get(path);
    if (f != null && f.isDirectory()) {
      return new DirMeta(f.mode(), (int) f.uid(), (int) f.gid());
    }
    return new DirMeta(LayerSource.DEFAULT_DIR_MODE, LayerSource.ROOT, LayerSource.ROOT);
  }

  String linkTarget(String path) {
    FileEntry e = planned.get(path);
    if (e != null) {
      return e instanceof FileEntry.Symlink s ? s.target() : null;
    }
    FlatFile f = base.get(path);
    return f != null && f.isSymlink() ? f.linkTarget() : null;
  }

  /**
   * {@code path} with every symlink among its parents (and its last component too when
   * {@code followLast}) resolved inside the image; missing components count as directories to be
   * made. Null when the links loop.
   */
  String resolve(String path, boolean followLast) {
    return LinkWalk.resolve(path, new LinkWalk.Lookup() {
      @Override
      public String linkTarget(String p) {
        return ImageView.this.linkTarget(p);
      }

      @Override
      public boolean exists(String p) {
        return kind(p) != Kind.NONE;
      }
    }, followLast, true);
  }

  private boolean hasPlannedBelow(String dir) {
    String prefix = dir + "/";
    Map.Entry<String, FileEntry> next = planned.ceilingEntry(prefix);
    return next != null && next.getKey().startsWith(prefix);
  }

  static String child(String dir, String name) {
    return dir.equals("/") ? "/" + name : dir + "/" + name;
  }

  static String parent(String path) {
    return Paths.parent(path);
  }
}
