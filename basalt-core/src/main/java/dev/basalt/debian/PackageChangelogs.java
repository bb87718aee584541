package dev.basalt.debian;

import dev.basalt.fs.FileEntry;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds a package's Debian changelogs in its files: {@code /usr/share/doc/<pkg>/changelog.Debian.gz}
 * and, for a binNMU, {@code changelog.Debian.<arch>.gz}. Many binary packages make their doc
 * directory a symlink to a sibling's ({@code libgcc-s1 -> gcc-14-base}); the link is followed
 * inside the package, and when its target is not there, in the sibling package that ships it.
 */
public final class PackageChangelogs {
  static final String DOC = "/usr/share/doc/";
  private static final int MAX_LINKS = 8;

  /** Another package of the same source, by the path it must ship; null when none does. */
  @FunctionalInterface
  public interface Siblings {
    DebContents shipping(String path) throws ArchiveException;
  }

  /** The changelogs found: the source's, and the binNMU one when the package has it. */
  public record Found(Changelog source, String sourcePath, Changelog binNmu, String binNmuPath) {}

  private PackageChangelogs() {}

  /** The package's changelogs; {@code source} is null when it ships none (then it is said where it looked). */
  public static Found find(DebContents pkg, Siblings siblings) throws ArchiveException {
    String dir = DOC + pkg.name();
    Located main = locate(pkg, dir + "/changelog.Debian.gz", siblings);
    Located binNmu = locate(pkg, dir + "/changelog.Debian." + pkg.architecture() + ".gz", siblings);
    return new Found(main == null ? null : main.read(), main == null ? dir + "/changelog.Debian.gz" : main.where(),
        binNmu == null ? null : binNmu.read(), binNmu == null ? null : binNmu.where());
  }

  private record Located(DebContents in, FileEntry.RegularFile file) {
    String where() {
      return in.id() + ":" + file.path();
    }

    Changelog read() throws ArchiveException {
      try (InputStream gz = file.content().open()) {
        return Changelog.readGzip(gz, where());
      } catch (IOException e) {
        throw new ArchiveException("cannot read " + where() + ": " + e.getMessage(), e);
      }
    }
  }

  /** The regular file {@code path} leads to in {@code pkg} or, once a link leaves it, in a sibling. */
  private static Located locate(DebContents pkg, String path, Siblings siblings) throws ArchiveException {
    DebContents in = pkg;
    String current = path;
    for (int hops = 0; hops <= MAX_LINKS; hops++) {
      Map<String, FileEntry> entries = byPath(in);
      String real = resolveLinks(entries, current);
      if (real == null) {
        return null;
      }
      FileEntry e = entries.get(real);
      if (e instanceof FileEntry.RegularFile f) {
        return new Located(in, f);
      }
      if (e instanceof FileEntry.Hardlink h && entries.get(h.target()) instanceof FileEntry.RegularFile f) {
        return new Located(in, f);
      }
      if (e != null || real.equals(current)) {
        return null;
      }
      // Not in this package: the link pointed into a sibling's directory.
      DebContents sibling = siblings.shipping(real);
      if (sibling == null || sibling == in) {
        return null;
      }
      in = sibling;
      current = real;
    }
    return null;
  }

  /**
   * {@code path} with the symlinks among its components that {@code entries} holds resolved
   * ({@code ..} stops at the root, as in an image); null when links loop.
   */
  static String resolveLinks(Map<String, FileEntry> entries, String path) {
    Deque<String> done = new ArrayDeque<>();
    Deque<String> rest = new ArrayDeque<>(List.of(path.split("/")));
    int links = 0;
    while (!rest.isEmpty()) {
      String name = rest.pollFirst();
      if (name.isEmpty() || name.equals(".")) {
        continue;
      }
      if (name.equals("..")) {
        done.pollLast();
        continue;
      }
      done.addLast(name);
      if (entries.get("/" + String.join("/", done)) instanceof FileEntry.Symlink link) {
        if (++links > MAX_LINKS) {
          return null;
        }
        done.removeLast();
        if (link.target().startsWith("/")) {
          done.clear();
        }
        List<String> parts = List.of(link.target().split("/"));
        for (int i = parts.size() - 1; i >= 0; i--) {
          rest.addFirst(parts.get(i));
        }
      }
    }
    return "/" + String.join("/", done);
  }

  private static Map<String, FileEntry> byPath(DebContents pkg) {
    Map<String, FileEntry> map = new HashMap<>();
    pkg.entries().forEach(e -> map.put(e.path(), e));
    return map;
  }
}
