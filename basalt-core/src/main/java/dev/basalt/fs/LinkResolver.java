package dev.basalt.fs;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Follows symlinks inside a file tree as the kernel would inside a chroot at the tree's root:
 * {@code ..} stops at the root, absolute targets start again from it. Effects and passes need
 * this to read what a link means (an {@code os-release} link, a certificate link, a package's
 * doc-directory link) without ever touching the host's file system.
 */
public final class LinkResolver {
  /** As Linux's {@code MAXSYMLINKS}: more links than this on one path count as a loop. */
  public static final int MAX_LINKS = 40;

  private LinkResolver() {}

  /**
   * The real path of {@code path} with every symlink on the way, the last component included,
   * followed; empty when a component is missing, a non-directory is walked through, or links loop.
   * A directory the tree holds only implicitly (entries below it, none for itself) counts as there.
   */
  public static Optional<String> resolve(FileTree tree, String path) {
    Deque<String> todo = new ArrayDeque<>(components(path));
    List<String> real = new ArrayList<>();
    int links = 0;
    while (!todo.isEmpty()) {
      String part = todo.pollFirst();
      if (part.equals("..")) {
        if (!real.isEmpty()) {
          real.remove(real.size() - 1);
        }
        continue;
      }
      String candidate = join(real, part);
      FileEntry entry = tree.get(candidate).orElse(null);
      if (entry instanceof FileEntry.Symlink link) {
        if (++links > MAX_LINKS) {
          return Optional.empty();
        }
        if (link.target().startsWith("/")) {
          real.clear();
        }
        List<String> target = components(link.target());
        for (int i = target.size() - 1; i >= 0; i--) {
          todo.addFirst(target.get(i));
        }
        continue;
      }
      boolean implicitDir = entry == null && !tree.below(candidate).isEmpty();
      if (entry == null && !implicitDir) {
        return Optional.empty();
      }
      if (!todo.isEmpty() && !(implicitDir || entry instanceof FileEntry.Directory)) {
        return Optional.empty();
      }
      real.add(part);
    }
    return Optional.of(real.isEmpty() ? "/" : "/" + String.join("/", real));
  }

  /** The entry {@code path} finally names, with symlinks followed; see {@link #resolve}. */
  public static Optional<FileEntry> follow(FileTree tree, String path) {
    return resolve(tree, path).flatMap(tree::get);
  }

  private static List<String> components(String path) {
    List<String> parts = new ArrayList<>();
    for (String part : path.split("/")) {
      if (!part.isEmpty() && !part.equals(".")) {
        parts.add(part);
      }
    }
    return parts;
  }

  private static String join(List<String> dir, String name) {
    return dir.isEmpty() ? "/" + name : "/" + String.join("/", dir) + "/" + name;
  }
}
