package dev.basalt.fs;

import java.util.Objects;

/**
 * One entry of an image's file tree. Paths are absolute and normalised ({@code /usr/bin/env},
 * no trailing slash, no {@code .} or {@code ..}); modes carry the permission bits including
 * setuid, setgid and sticky ({@code 07777}); {@code owner} names the package that shipped the
 * entry, or is null for what basalt made.
 */
public sealed interface FileEntry {
  /** The permission bits an entry may carry. */
  int PERMISSION_BITS = 07777;

  String path();

  int mode();

  int uid();

  int gid();

  /** Modification time, seconds since the epoch. */
  long mtime();

  String owner();

  /** This entry at another path (parents are the caller's business). */
  FileEntry withPath(String newPath);

  FileEntry withMode(int newMode);

  FileEntry withOwnership(int newUid, int newGid);

  FileEntry withMtime(long newMtime);

  record Directory(String path, int mode, int uid, int gid, long mtime, String owner) implements FileEntry {
    public Directory {
      Paths.check(path);
      Paths.checkMode(mode);
    }

    @Override
    public Directory withPath(String p) {
      return new Directory(p, mode, uid, gid, mtime, owner);
    }

    @Override
    public Directory withMode(int m) {
      return new Directory(path, m, uid, gid, mtime, owner);
    }

    @Override
    public Directory withOwnership(int u, int g) {
      return new Directory(path, mode, u, g, mtime, owner);
    }

    @Override
    public Directory withMtime(long t) {
      return new Directory(path, mode, uid, gid, t, owner);
    }
  }

  record RegularFile(String path, int mode, int uid, int gid, long mtime, String owner, Content content)
      implements FileEntry {
    public RegularFile {
      Paths.check(path);
      Paths.checkMode(mode);
      Objects.requireNonNull(content, "content == null");
    }

    public long size() {
      return content.size();
    }

    @Override
    public RegularFile withPath(String p) {
      return new RegularFile(p, mode, uid, gid, mtime, owner, content);
    }

    @Override
    public RegularFile withMode(int m) {
      return new RegularFile(path, m, uid, gid, mtime, owner, content);
    }

    @Override
    public RegularFile withOwnership(int u, int g) {
      return new RegularFile(path, mode, u, g, mtime, owner, content);
    }

    @Override
    public RegularFile withMtime(long t) {
      return new RegularFile(path, mode, uid, gid, t, owner, content);
    }

    public RegularFile withContent(Content c) {
      return new RegularFile(path, mode, uid, gid, mtime, owner, c);
    }
  }

  /** A symbolic link; its target is kept exactly as written (relative or absolute), never followed. */
  record Symlink(String path, String target, int uid, int gid, long mtime, String owner) implements FileEntry {
    public Symlink {
      Paths.check(path);
      Objects.requireNonNull(target, "target == null");
      if (target.isEmpty()) {
        throw new IllegalArgumentException("empty symlink target at " + path);
      }
    }

    @Override
    public int mode() {
      return 0777;
    }

    @Override
    public Symlink withPath(String p) {
      return new Symlink(p, target, uid, gid, mtime, owner);
    }

    @Override
    public Symlink withMode(int m) {
      return this;
    }

    @Override
    public Symlink withOwnership(int u, int g) {
      return new Symlink(path, target, u, g, mtime, owner);
    }

    @Override
    public Symlink withMtime(long t) {
      return new Symlink(path, target, uid, gid, t, owner);
    }
  }

  /** A hard link to another regular file of the tree, named by its absolute path. */
  record Hardlink(String path, String target, int mode, int uid, int gid, long mtime, String owner)
      implements FileEntry {
    public Hardlink {
      Paths.check(path);
      Paths.check(target);
      Paths.checkMode(mode);
    }

    @Override
    public Hardlink withPath(String p) {
      return new Hardlink(p, target, mode, uid, gid, mtime, owner);
    }

    @Override
    public Hardlink withMode(int m) {
      return new Hardlink(path, target, m, uid, gid, mtime, owner);
    }

    @Override
    public Hardlink withOwnership(int u, int g) {
      return new Hardlink(path, target, mode, u, g, mtime, owner);
    }

    @Override
    public Hardlink withMtime(long t) {
      return new Hardlink(path, target, mode, uid, gid, t, owner);
    }
  }
}
