package dev.basalt.layer;

import dev.basalt.fs.FileEntry;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.PatternSyntaxException;

/**
 * Files on the build machine that go into an image layer: a file, a directory (copied
 * recursively), or the entries a glob selects under a directory, placed at the absolute image
 * path {@code to}. A file lands at {@code to} itself; a directory's contents land below
 * {@code to}; a glob's matches keep their path relative to {@code from} below {@code to}.
 *
 * <p>{@code fileMode} and {@code dirMode} override the defaults (files {@code 0644}, or
 * {@code 0755} when the source is executable by its owner; directories {@code 0755}); null keeps
 * them. {@code uid} and {@code gid} own every entry made (root, {@code 0}, by default). Symlinks
 * are copied as symlinks, never followed.
 */
public record LayerSource(Path from, String to, String glob, Integer fileMode, Integer dirMode, int uid, int gid) {
  /** A regular file's mode unless the source is executable by its owner or a mode is given. */
  public static final int DEFAULT_FILE_MODE = 0644;
  /** An executable source file's mode. */
  public static final int DEFAULT_EXECUTABLE_MODE = 0755;
  /** A directory's mode unless one is given. */
  public static final int DEFAULT_DIR_MODE = 0755;
  /** Owner of what a layer adds unless one is given: root, so the runtime user cannot change it. */
  public static final int ROOT = 0;

  public LayerSource {
    Objects.requireNonNull(from, "from == null");
    Objects.requireNonNull(to, "to == null");
    checkImagePath(to);
    to = to.endsWith("/") ? to.substring(0, to.length() - 1) : to;
    if (glob != null) {
      if (glob.isEmpty() || glob.startsWith("/")) {
        throw new IllegalArgumentException("glob must be a non-empty pattern relative to " + from + ", not '"
            + glob + "'");
      }
      try {
        FileSystems.getDefault().getPathMatcher("glob:" + glob);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("glob '" + glob + "' is not a valid pattern: " + e.getDescription());
      }
    }
    checkMode(fileMode, "fileMode");
    checkMode(dirMode, "dirMode");
    if (uid < 0 || gid < 0) {
      throw new IllegalArgumentException("uid and gid must not be negative: " + uid + ":" + gid);
    }
  }

  /** {@code from} placed at {@code to}, owned by root, with the default modes. */
  public static LayerSource of(Path from, String to) {
    return new LayerSource(from, to, null, null, null, ROOT, ROOT);
  }

  /** The entries under directory {@code from} that {@code glob} matches, placed below {@code to}. */
  public static LayerSource glob(Path from, String glob, String to) {
    return new LayerSource(from, to, glob, null, null, ROOT, ROOT);
  }

  /** This source with every file given {@code mode} (null: the defaults). */
  public LayerSource withFileMode(Integer mode) {
    return new LayerSource(from, to, glob, mode, dirMode, uid, gid);
  }

  /** This source with every directory it makes given {@code mode} (null: the default). */
  public LayerSource withDirMode(Integer mode) {
    return new LayerSource(from, to, glob, fileMode, mode, uid, gid);
  }

  /** This source owned by {@code newUid:newGid}. */
  public LayerSource withOwner(int newUid, int newGid) {
    return new LayerSource(from, to, glob, fileMode, dirMode, newUid, newGid);
  }

  /**
   * Checks an image path as a layer destination: absolute, no {@code ..}, {@code .} or empty
   * component, no NUL, not the root itself.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  static void checkImagePath(String path) {
    if (!path.startsWith("/") || path.equals("/") || path.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("an image path must be absolute and below /, not '" + path + "'");
    }
    String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    for (String part : trimmed.substring(1).split("/", -1)) {
      if (part.isEmpty() || part.equals(".") || part.equals("..")) {
        throw new IllegalArgumentException("an image path must not contain empty, '.' or '..' components: '"
            + path + "'");
      }
    }
  }

  private static void checkMode(Integer mode, String what) {
    if (mode != null && (mode < 0 || (mode & ~FileEntry.PERMISSION_BITS) != 0)) {
      throw new IllegalArgumentException(what + " must be permission bits within 07777, not 0"
          + Integer.toOctalString(mode));
    }
  }
}
