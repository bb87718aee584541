package dev.basalt.fs;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Publishes an output directory so that its path always holds a complete result: the build
 * writes into a hidden sibling, and {@code out/<name>} is a symlink swapped onto it with one
 * rename(2). A directory cannot be replaced atomically; a symlink can. A failed or killed build
 * leaves the previous output in place and, at worst, a hidden staging directory that the next
 * build removes.
 */
public final class OutputSwap {
  private OutputSwap() {}

  /** A fresh, empty staging directory beside {@code target}. */
  public static Path stage(Path target) throws IOException {
    Path abs = target.toAbsolutePath();
    Files.createDirectories(abs.getParent());
    removeStale(abs);
    Path staged = abs.resolveSibling("." + abs.getFileName() + ".staging-" + UUID.randomUUID());
    Files.createDirectory(staged);
    return staged;
  }

  /** Makes {@code target} show {@code staged}, then removes what it showed before. */
  public static void publish(Path staged, Path target) throws IOException {
    Path abs = target.toAbsolutePath();
    Path previous = null;
    if (Files.isSymbolicLink(abs)) {
      Path old = Files.readSymbolicLink(abs);
      previous = abs.resolveSibling(old);
    } else if (Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
      // A real directory from before basalt managed this path: move it aside first. This
      // is the one non-atomic step, and it only happens once per output path.
      previous = abs.resolveSibling("." + abs.getFileName() + ".old-" + UUID.randomUUID());
      Files.move(abs, previous, StandardCopyOption.ATOMIC_MOVE);
    }
    Path link = abs.resolveSibling("." + abs.getFileName() + ".link-" + UUID.randomUUID());
    Files.createSymbolicLink(link, staged.getFileName());
    try {
      Files.move(link, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.deleteIfExists(link);
      throw e;
    }
    if (previous != null && !previous.equals(staged.toAbsolutePath())) {
      deleteTree(previous);
    }
  }

  /** Removes a staging directory after a failed build. */
  public static void discard(Path staged) {
    try {
      deleteTree(staged);
    } catch (IOException e) {
      // Left behind, it is removed by the next build of the same output.
    }
  }

  /** Staging directories of earlier, killed builds (not the one the output points at). */
  private static void removeStale(Path target) throws IOException {
    Path current = Files.isSymbolicLink(target) ? target.resolveSibling(Files.readSymbolicLink(target)).normalize() : null;
    String prefix = "." + target.getFileName() + ".";
    try (DirectoryStream<Path> siblings = Files.newDirectoryStream(target.getParent(), prefix + "*")) {
      for (Path p : siblings) {
        String rest = p.getFileName().toString().substring(prefix.length());
        boolean ours = rest.startsWith("staging-") || rest.startsWith("old-") || rest.startsWith("link-");
        if (ours && !p.normalize().equals(current) && olderThanAMinute(p)) {
          deleteTree(p);
        }
      }
    }
  }

  private static boolean olderThanAMinute(Path p) throws IOException {
    long modified = Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis();
    return System.currentTimeMillis() - modified > 60_000;
  }

  /** Deletes a file or directory tree without following links. */
  public static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      Files.delete(root);
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
