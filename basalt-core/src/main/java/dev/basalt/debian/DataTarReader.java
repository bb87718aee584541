package dev.basalt.debian;

import dev.basalt.cache.CacheException;
import dev.basalt.cache.FileStore;
import dev.basalt.fs.Content;
import dev.basalt.fs.FileEntry;
import dev.basalt.fs.Paths;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Turns the entries of one package's {@code data.tar} into {@link FileEntry}s, streaming regular
 * files into the content store, and refuses what could not be placed safely in an image: paths
 * with {@code ..} or absolute paths, symlinks that climb out of the root, device nodes and FIFOs,
 * absurd sizes, dangling hard links, and one path shipped twice differently (directories excepted).
 */
final class DataTarReader {
  private final Path deb;
  private final String member;
  private final String owner;
  private final FileStore files;
  /** By path, in archive order; a directory appearing again replaces the earlier one in place. */
  private final Map<String, FileEntry> entries = new LinkedHashMap<>();

  DataTarReader(Path deb, String member, String owner, FileStore files) {
    this.deb = deb;
    this.member = member;
    this.owner = owner;
    this.files = files;
  }

  /** Reads every entry from the uncompressed tar stream; the caller closes the stream. */
  List<FileEntry> read(InputStream uncompressed)
      throws IOException, MalformedPackageException, CacheException {
    TarArchiveInputStream tar = new TarArchiveInputStream(uncompressed, StandardCharsets.UTF_8.name());
    for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
      FileEntry entry = convert(tar, e);
      if (entry != null) {
        FileEntry earlier = entries.get(entry.path());
        if (earlier != null && earlier.getClass() != entry.getClass()) {
          throw refuse(e, "is a " + kind(entry) + ", but the archive already has a " + kind(earlier)
              + " at " + entry.path());
        }
        if (earlier != null && !(entry instanceof FileEntry.Directory) && !earlier.equals(entry)) {
          // dpkg-deb never writes a path twice; which copy wins would depend on the unpacker.
          throw refuse(e, "is a second " + kind(entry) + " at " + entry.path() + " and differs from the first");
        }
        entries.put(entry.path(), entry);
      }
    }
    return new ArrayList<>(entries.values());
  }

  /** The entry, or null for the archive's root directory. */
  private FileEntry convert(TarArchiveInputStream tar, TarArchiveEntry e)
      throws IOException, MalformedPackageException, CacheException {
    String path = normalize(e, e.getName(), "path");
    if (e.isSparse()) {
      throw refuse(e, "is a sparse file, which Debian packages do not contain");
    }
    int mode = e.getMode() & FileEntry.PERMISSION_BITS;
    int uid = id(e, "uid", e.getLongUserId());
    int gid = id(e, "gid", e.getLongGroupId());
    long mtime = e.getLastModifiedTime().toInstant().getEpochSecond();
    if (e.isDirectory()) {
      return path.equals("/") ? null : new FileEntry.Directory(path, mode, uid, gid, mtime, owner);
    }
    if (path.equals("/")) {
      throw refuse(e, "is the root of the image but not a directory");
    }
    switch (e.getLinkFlag()) {
      case TarConstants.LF_NORMAL, TarConstants.LF_OLDNORM, TarConstants.LF_CONTIG -> {
        long size = e.getSize();
        if (size < 0 || size > DebReader.MAX_FILE_SIZE) {
          throw refuse(e, "claims " + size + " bytes, more than the " + DebReader.MAX_FILE_SIZE
              + " a file in a package may have");
        }
        Content.Stored content = files.put(tar, size);
        return new FileEntry.RegularFile(path, mode, uid, gid, mtime, owner, content);
      }
      case TarConstants.LF_SYMLINK -> {
        String target = e.getLinkName();
        if (target == null || target.isEmpty()) {
          throw refuse(e, "is a symlink with an empty target");
        }
        if (target.indexOf('\0') >= 0) {
          throw refuse(e, "is a symlink whose target contains a NUL byte");
        }
        if (climbsOutOfRoot(path, target)) {
          throw refuse(e, "is a symlink to " + target + ", which climbs out of the image root");
        }
        return new FileEntry.Symlink(path, target, uid, gid, mtime, owner);
      }
      case TarConstants.LF_LINK -> {
        String target = normalize(e, e.getLinkName(), "hard link target");
        FileEntry linked = entries.get(target);
        if (linked instanceof FileEntry.Hardlink chained) {
          // Tar links to the first name of a file; flattening keeps every link one step away.
          target = chained.target();
        } else if (!(linked instanceof FileEntry.RegularFile)) {
          throw refuse(e, "is a hard link to " + target
              + ", which is not a regular file earlier in the archive");
        }
        return new FileEntry.Hardlink(path, target, mode, uid, gid, mtime, owner);
      }
      case TarConstants.LF_CHR -> throw refuse(e, "is a character device; " + NO_SPECIAL_FILES);
      case TarConstants.LF_BLK -> throw refuse(e, "is a block device; " + NO_SPECIAL_FILES);
      case TarConstants.LF_FIFO -> throw refuse(e, "is a FIFO; " + NO_SPECIAL_FILES);
      default -> throw refuse(e, "has tar entry type '" + (char) e.getLinkFlag()
          + "', which basalt does not support in packages");
    }
  }

  /** Whether the entry holds a regular file's bytes (old, ustar and contiguous types alike). */
  static boolean isRegularFile(TarArchiveEntry e) {
    byte type = e.getLinkFlag();
    return !e.isDirectory()
        && (type == TarConstants.LF_NORMAL || type == TarConstants.LF_OLDNORM || type == TarConstants.LF_CONTIG);
  }

  private static final String NO_SPECIAL_FILES =
      "packages may not ship device nodes or FIFOs (an image gets them from its runtime)";

  private String normalize(TarArchiveEntry e, String raw, String what)
      throws MalformedPackageException {
    if (raw == null || raw.isEmpty()) {
      throw refuse(e, "has an empty " + what);
    }
    if (raw.indexOf('\0') >= 0) {
      throw refuse(e, "has a NUL byte in its " + what);
    }
    if (raw.startsWith("/")) {
      throw refuse(e, "has an absolute " + what + "; package archives name paths relative to the root ('./usr/...')");
    }
    try {
      return Paths.normalize(raw);
    } catch (IllegalArgumentException climbs) {
      throw refuse(e, "has a '..' component in its " + what
          + ", which could reach outside the image root");
    }
  }

  /**
   * Whether a relative symlink target, resolved from the link's directory, goes above the root.
   * The kernel would stop at the root, but whatever writes or follows the tree outside a chroot
   * would not; absolute targets resolve inside the image and are fine.
   */
  static boolean climbsOutOfRoot(String linkPath, String target) {
    if (target.startsWith("/")) {
      return false;
    }
    int depth = linkPath.split("/").length - 2;
    for (String part : target.split("/")) {
      if (part.equals("..")) {
        depth--;
        if (depth < 0) {
          return true;
        }
      } else if (!part.isEmpty() && !part.equals(".")) {
        depth++;
      }
    }
    return false;
  }

  private int id(TarArchiveEntry e, String what, long id) throws MalformedPackageException {
    if (id < 0 || id > Integer.MAX_VALUE) {
      throw refuse(e, "has " + what + " " + id + ", outside 0.." + Integer.MAX_VALUE);
    }
    return (int) id;
  }

  private MalformedPackageException refuse(TarArchiveEntry e, String problem) {
    return new MalformedPackageException(deb, member + " entry '" + e.getName() + "' " + problem);
  }

  private static String kind(FileEntry e) {
    if (e instanceof FileEntry.Directory) {
      return "directory";
    }
    if (e instanceof FileEntry.RegularFile) {
      return "regular file";
    }
    if (e instanceof FileEntry.Symlink) {
      return "symlink";
    }
    return "hard link";
  }
}
