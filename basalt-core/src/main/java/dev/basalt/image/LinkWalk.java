package dev.basalt.image;

import java.util.ArrayList;
import java.util.List;

/**
 * Resolves a path inside an image's root the way the kernel does inside a container: symlinks
 * in any component are followed (absolute targets from the root, relative ones from the link's
 * directory), {@code ..} at the root stays at the root, and more than 40 links is a loop.
 * Where the entries live (a map of layer entries, a directory on disk) is the caller's.
 */
public final class LinkWalk {
  public static final int MAX_LINK_HOPS = 40;

  /** What the walk finds at one absolute path. */
  public interface Lookup {
    /** The symlink target at {@code path}, or null when it is not a symlink. */
    String linkTarget(String path);

    /** Whether {@code path} exists (as anything). */
    boolean exists(String path);
  }

  private LinkWalk() {}

  /**
   * The resolved absolute path, or null when a component other than the last is missing (unless
   * {@code missingIsDirectory}) or the links loop; the last component is followed when
   * {@code followLast}.
   */
  public static String resolve(String path, Lookup lookup, boolean followLast, boolean missingIsDirectory) {
    List<String> pending = components(path);
    List<String> done = new ArrayList<>();
    int hops = 0;
    while (!pending.isEmpty()) {
      String part = pending.remove(0);
      if (part.equals("..")) {
        if (!done.isEmpty()) {
          done.remove(done.size() - 1);
        }
        continue;
      }
      String candidate = "/" + String.join("/", done) + (done.isEmpty() ? "" : "/") + part;
      boolean last = pending.isEmpty();
      String target = followLast || !last ? lookup.linkTarget(candidate) : null;
      if (target != null) {
        if (++hops > MAX_LINK_HOPS) {
          return null;
        }
        if (target.startsWith("/")) {
          done.clear();
        }
        pending.addAll(0, components(target));
        continue;
      }
      if (!last && !missingIsDirectory && !lookup.exists(candidate)) {
        return null;
      }
      done.add(part);
    }
    return "/" + String.join("/", done);
  }

  static List<String> components(String path) {
    List<String> out = new ArrayList<>();
    for (String p : path.split("/")) {
      if (!p.isEmpty() && !p.equals(".")) {
        out.add(p);
      }
    }
    return out;
  }
}
