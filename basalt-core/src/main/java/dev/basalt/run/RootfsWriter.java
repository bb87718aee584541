package dev.basalt.run;

import dev.basalt.fs.Paths;
import dev.basalt.image.LayerApplier;
import dev.basalt.image.LinkWalk;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Unpacks layer tars onto a directory, as a container runtime does: in order, honouring
 * whiteouts and opaque directories. Every path is resolved inside the root (a symlink in a
 * parent is followed as the container would see it, never out of the root); the last component
 * of an entry is never followed. Device nodes are skipped (the runtime provides {@code /dev}).
 * As root, owners are set as the entries are written; otherwise the entries not owned by root
 * are collected for {@link Rootless#chown} once every layer is applied (a directory handed to
 * another id early could not be written into by later layers).
 */
final class RootfsWriter {
  private final Path root;
  private final boolean setOwners;
  private final List<String> skipped = new ArrayList<>();
  /** Host path → the owner the image gives it, for entries not owned by 0:0, when not setting owners. */
  private final TreeMap<String, Owned> owned = new TreeMap<>();

  /** A path whose owner in the image is not root, with its mode (a chown drops setuid bits). */
  record Owned(Path path, long uid, long gid, int mode, boolean symlink) {}

  RootfsWriter(Path root, boolean setOwners) {
    this.root = root;
    this.setOwners = setOwners;
  }

  /** The paths that still exist whose image owner is not root, parents before children. */
  List<Owned> owned() {
    return owned.values().stream().filter(o -> Files.exists(o.path(), LinkOption.NOFOLLOW_LINKS)).toList();
  }

  /** Entries that were not written (device nodes), for the caller to report. */
  List<String> skipped() {
    return skipped;
  }

  void apply(InputStream layerTar) throws IOException {
    TarArchiveInputStream tar = new TarArchiveInputStream(layerTar, StandardCharsets.UTF_8.name());
    List<String[]> hardlinks = new ArrayList<>();
    TarArchiveEntry e;
    while ((e = tar.getNextEntry()) != null) {
      String path;
      try {
        path = Paths.normalize(e.getName());
      } catch (IllegalArgumentException bad) {
        throw new IOException("layer entry '" + e.getName() + "' climbs out of the root; refusing to unpack it");
      }
      if (path.equals("/")) {
        continue;
      }
      String name = Paths.name(path);
      Path parent = resolveDir(Paths.parent(path));
      if (name.equals(LayerApplier.OPAQUE)) {
        clearChildren(parent);
        forgetChildren(parent);
      } else if (name.startsWith(LayerApplier.WHITEOUT_PREFIX)) {
        remove(parent.resolve(name.substring(LayerApplier.WHITEOUT_PREFIX.length())));
      } else if (e.isDirectory()) {
        Path dir = parent.resolve(name);
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
          remove(dir);
        }
        Files.createDirectories(dir);
        finish(dir, e);
      } else if (e.isSymbolicLink()) {
        Path link = parent.resolve(name);
        remove(link);
        Files.createSymbolicLink(link, Path.of(e.getLinkName()));
        owner(link, e);
      } else if (e.isLink()) {
        hardlinks.add(new String[] {path, e.getLinkName()});
      } else if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
        skipped.add(path);
      } else {
        Path file = parent.resolve(name);
        remove(file);
        Path tmp = parent.resolve(".basalt-unpack-" + name.hashCode());
        Files.copy(tar, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        finish(file, e);
      }
    }
    for (String[] link : hardlinks) {
      Path target = resolve(Paths.normalize(link[1]), false);
      Path at = resolveDir(Paths.parent(link[0])).resolve(Paths.name(link[0]));
      remove(at);
      if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
        throw new IOException("hard link " + link[0] + " points to " + link[1] + ", which is not a file in the image");
      }
      Files.createLink(at, target);
    }
  }

  private void finish(Path p, TarArchiveEntry e) throws IOException {
    owner(p, e);
    Files.setPosixFilePermissions(p, permissions(e.getMode()));
    if ((e.getMode() & 07000) != 0) {
      // setuid, setgid and sticky bits are not part of PosixFilePermission: chmod through the unix view.
      Files.setAttribute(p, "unix:mode", e.getMode() & 07777, LinkOption.NOFOLLOW_LINKS);
    }
  }

  private void owner(Path p, TarArchiveEntry e) throws IOException {
    if (setOwners) {
      Files.setAttribute(p, "unix:uid", (int) e.getLongUserId(), LinkOption.NOFOLLOW_LINKS);
      Files.setAttribute(p, "unix:gid", (int) e.getLongGroupId(), LinkOption.NOFOLLOW_LINKS);
    } else if (e.getLongUserId() != 0 || e.getLongGroupId() != 0) {
      owned.put(p.toString(), new Owned(p, e.getLongUserId(), e.getLongGroupId(), e.getMode(), e.isSymbolicLink()));
    } else {
      owned.remove(p.toString());
    }
  }

  /** Deletes a path and forgets the owners recorded under it. */
  private void remove(Path p) throws IOException {
    deleteTree(p);
    owned.remove(p.toString());
    forgetChildren(p);
  }

  private void forgetChildren(Path dir) {
    String prefix = dir.toString() + "/";
    owned.subMap(prefix, prefix + Character.MAX_VALUE).clear();
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ ... OTHERS_EXECUTE
    for (int i = 0; i < 9; i++) {
      if ((mode & (0400 >> i)) != 0) {
        set.add(bits[i]);
      }
    }
    return set;
  }

  /** The directory an image path names, created (as 0755) where missing, symlinks followed inside the root. */
  private Path resolveDir(String imagePath) throws IOException {
    Path p = resolve(imagePath, true);
    if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
      if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        Files.delete(p);
      }
      Files.createDirectories(p);
    }
    return p;
  }

  /**
   * The host path of an image path with every symlink in it resolved inside the root ({@code ..}
   * at the root stays there); with {@code followLast} false the last component is left as is.
   */
  Path resolve(String imagePath, boolean followLast) throws IOException {
    String real = LinkWalk.resolve(imagePath, new LinkWalk.Lookup() {
      @Override
      public String linkTarget(String p) {
        Path host = root.resolve(p.substring(1));
        try {
          return Files.isSymbolicLink(host) ? Files.readSymbolicLink(host).toString() : null;
        } catch (IOException e) {
          return null;
        }
      }

      @Override
      public boolean exists(String p) {
        return true; // missing parents are created by the caller
      }
    }, followLast, true);
    if (real == null) {
      throw new IOException("too many symlinks resolving " + imagePath);
    }
    return real.equals("/") ? root : root.resolve(real.substring(1));
  }

  private static void clearChildren(Path dir) throws IOException {
    try (Stream<Path> children = Files.list(dir)) {
      for (Path c : children.toList()) {
        deleteTree(c);
      }
    }
  }

  static void deleteTree(Path p) throws IOException {
    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
      clearChildren(p);
    }
    try {
      Files.deleteIfExists(p);
    } catch (DirectoryNotEmptyException | FileAlreadyExistsException e) {
      throw new IOException("cannot replace " + p + ": " + e.getMessage(), e);
    }
  }
}
