package dev.basalt.fs;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An image's file system as a map from normalised absolute path to entry, kept sorted by
 * path. Symlinks are stored, never followed: {@link #resolveParent} is the one place that
 * resolves directory symlinks, for merged-/usr placement.
 */
public final class FileTree {
  private final TreeMap<String, FileEntry> entries = new TreeMap<>();

  public FileTree() {}

  /** A copy; entries are immutable, so this is cheap. */
  public FileTree copy() {
    FileTree t = new FileTree();
    t.entries.putAll(entries);
    return t;
  }

  public Optional<FileEntry> get(String path) {
    return Optional.ofNullable(entries.get(path));
  }

  public boolean contains(String path) {
    return entries.containsKey(path);
  }

  /** Adds or replaces the entry at its path. Parents are not created; see {@link #putWithParents}. */
  public void put(FileEntry entry) {
    entries.put(entry.path(), entry);
  }

  /**
   * Adds the entry, creating missing parent directories as {@code root:root 0755} with the
   * given mtime and owner.
   */
  public void putWithParents(FileEntry entry, long mtime) {
    String parent = Paths.parent(entry.path());
    List<String> missing = new ArrayList<>();
    while (!parent.equals("/") && !entries.containsKey(parent)) {
      missing.add(parent);
      parent = Paths.parent(parent);
    }
    Collections.reverse(missing);
    for (String dir : missing) {
      entries.put(dir, new FileEntry.Directory(dir, 0755, 0, 0, mtime, null));
    }
    entries.put(entry.path(), entry);
  }

  public Optional<FileEntry> remove(String path) {
    return Optional.ofNullable(entries.remove(path));
  }


  /** Entries strictly below {@code dir} (all depths), in path order. */
  public Collection<FileEntry> below(String dir) {
    String prefix = dir.equals("/") ? "/" : dir + "/";
    return Collections.unmodifiableCollection(entries.subMap(prefix, true, prefix + "\uffff", false).values());
  }

  /** All entries in path order (unmodifiable view). */
  public Collection<FileEntry> entries() {
    return Collections.unmodifiableCollection(entries.values());
  }

  public int size() {
    return entries.size();
  }

  /**
   * The path at which {@code path} really lands once symlinked directories among its parents
   * are followed inside the tree (e.g. {@code /lib/x} becomes {@code /usr/lib/x} when
   * {@code /lib -> usr/lib}). Links pointing outside the tree's root are not followed.
   */
  public String resolveParent(String path) {
    String parent = Paths.parent(path);
    if (parent.equals("/")) {
      return path;
    }
    String realParent = resolveDir(parent, 0);
    return realParent.equals("/") ? "/" + Paths.name(path) : realParent + "/" + Paths.name(path);
  }

  private String resolveDir(String dir, int depth) {
    if (depth > 40) {
      throw new IllegalArgumentException("too many levels of symbolic links resolving " + dir);
    }
    if (dir.equals("/")) {
      return dir;
    }
    String parent = resolveDir(Paths.parent(dir), depth + 1);
    String here = parent.equals("/") ? "/" + Paths.name(dir) : parent + "/" + Paths.name(dir);
    FileEntry e = entries.get(here);
    if (e instanceof FileEntry.Symlink link) {
      String target = link.target().startsWith("/")
          ? link.target()
          : (parent.equals("/") ? "/" : parent + "/") + link.target();
      try {
        return resolveDir(Paths.normalize(target), depth + 1);
      } catch (IllegalArgumentException climbs) {
        return here;
      }
    }
    return here;
  }
}
