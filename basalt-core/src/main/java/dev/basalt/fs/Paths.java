package dev.basalt.fs;

import java.util.ArrayList;
import java.util.List;

/** Rules for the absolute, normalised POSIX paths of a file tree. */
public final class Paths {
  private Paths() {}

  /**
   * Normalises a path as found in an archive ({@code ./usr/bin/}, {@code usr//lib/x}) to
   * {@code /usr/bin}, refusing {@code ..} components and NUL bytes; returns "/" for the root.
   *
   * @throws IllegalArgumentException naming the path when it climbs or is malformed
   */
  public static String normalize(String raw) {
    if (raw.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("path contains a NUL byte: " + raw.replace("\0", "\\0"));
    }
    List<String> parts = new ArrayList<>();
    for (String part : raw.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        throw new IllegalArgumentException("path climbs out with '..': " + raw);
      }
      parts.add(part);
    }
    return parts.isEmpty() ? "/" : "/" + String.join("/", parts);
  }

  /** The parent of a normalised path ("/" for top-level entries). */
  public static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash <= 0 ? "/" : path.substring(0, slash);
  }

  /** The last component. */
  public static String name(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  static void check(String path) {
    if (path == null || !path.startsWith("/") || path.length() < 2 || path.endsWith("/")
        || !normalize(path).equals(path)) {
      throw new IllegalArgumentException("not a normalised absolute path: " + path);
    }
  }

  static void checkMode(int mode) {
    if ((mode & ~FileEntry.PERMISSION_BITS) != 0) {
      throw new IllegalArgumentException("mode has bits beyond 07777: " + Integer.toOctalString(mode));
    }
  }
}
