package dev.basalt.fs;

import dev.basalt.cache.Digest;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes a file tree as a POSIX (pax) tar stream whose bytes depend on nothing but the tree and
 * the epoch: no clock, user name, locale, platform charset or file system order leaks in.
 *
 * <p>The rules: entries sorted by the unsigned bytes of their UTF-8 path; every parent directory
 * written before its children (one the tree lacks as {@code root:root} {@link #IMPLIED_DIR_MODE}
 * at the epoch); names relative ({@code usr/bin/env}, directories {@code usr/bin/}); numeric ids
 * with empty user and group names; the mode exactly the entry's {@code 07777} bits; mtime
 * {@code min(mtime, epoch)}, clamped down only, like {@code SOURCE_DATE_EPOCH}; device numbers
 * zero; no atime or ctime; pax records only where ustar cannot hold a value (names of 100 bytes
 * or more, non-ASCII names, negative or huge numbers).
 *
 * <p>Hard links: of the paths sharing one file (the regular file and every hard link resolving
 * to it), the first in sort order carries the content and the others are link entries to it,
 * even when that first path was a link in the tree, because an extractor can only link to what
 * it has already written. All members carry the file's mode, owner and mtime: some extractors
 * apply a link entry's mode and owner to the shared inode.
 *
 * <p>Regular file contents are streamed and checked against their recorded size and digest; a
 * mismatch is a {@link ContentMismatchException}, so a corrupted cache can never yield a layer.
 */
public final class ReproducibleTarWriter {
  /** Mode of a parent directory that the tree lacks. */
  public static final int IMPLIED_DIR_MODE = 0755;

  private static final int BUFFER_SIZE = 64 * 1024;

  private final long epoch;

  /** A writer clamping mtimes to {@code epoch} (seconds since 1970, not negative). */
  public ReproducibleTarWriter(long epoch) {
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch < 0: " + epoch);
    }
    this.epoch = epoch;
  }

  public long epoch() {
    return epoch;
  }

  /**
   * Writes {@code tree} as a complete tar archive (with its end-of-archive records) to
   * {@code out}, which is flushed but not closed.
   *
   * @throws ContentMismatchException when a file's bytes differ from its recorded size or digest
   * @throws IllegalArgumentException when the tree is malformed: an entry below a non-directory,
   *     a hard link not resolving to a regular file of the tree, a negative uid or gid
   */
  public void write(FileTree tree, OutputStream out) throws IOException {
    Objects.requireNonNull(tree, "tree == null");
    Objects.requireNonNull(out, "out == null");
    List<FileEntry> entries = placeHardlinks(tree, sorted(withImpliedParents(tree)));
    TarArchiveOutputStream tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    tar.setAddPaxHeadersForNonAsciiNames(true);
    byte[] buffer = new byte[BUFFER_SIZE];
    // The tar stream is finished, never closed: closing would close the caller's stream.
    for (FileEntry entry : entries) {
      tar.putArchiveEntry(header(entry));
      if (entry instanceof FileEntry.RegularFile file) {
        copyVerified(file, tar, buffer);
      }
      tar.closeArchiveEntry();
    }
    tar.finish();
    out.flush();
  }

  /** The tar name of a tree path: relative, with a trailing slash for directories. */
  public static String tarName(String path, boolean directory) {
    String relative = path.substring(1);
    return directory ? relative + "/" : relative;
  }

  private List<FileEntry> withImpliedParents(FileTree tree) {
    Map<String, FileEntry> all = new HashMap<>();
    for (FileEntry entry : tree.entries()) {
      all.put(entry.path(), entry);
    }
    for (FileEntry entry : tree.entries()) {
      for (String parent = Paths.parent(entry.path()); !parent.equals("/"); parent = Paths.parent(parent)) {
        FileEntry existing = all.get(parent);
        if (existing == null) {
          all.put(parent, new FileEntry.Directory(parent, IMPLIED_DIR_MODE, 0, 0, epoch, null));
        } else if (!(existing instanceof FileEntry.Directory)) {
          throw new IllegalArgumentException(entry.path() + " lies below " + parent + ", which is a "
              + kind(existing) + ", not a directory");
        }
      }
    }
    return new ArrayList<>(all.values());
  }

  private static List<FileEntry> sorted(List<FileEntry> entries) {
    record Keyed(byte[] key, FileEntry entry) {}
    List<Keyed> keyed = new ArrayList<>(entries.size());
    for (FileEntry e : entries) {
      keyed.add(new Keyed(e.path().getBytes(StandardCharsets.UTF_8), e));
    }
    keyed.sort((a, b) -> Arrays.compareUnsigned(a.key, b.key));
    return keyed.stream().map(Keyed::entry).toList();
  }

  /**
   * Rewrites each hard-link group so that its first member in {@code sortedEntries} is the
   * regular file and the others link to it.
   */
  private static List<FileEntry> placeHardlinks(FileTree tree, List<FileEntry> sortedEntries) {
    Map<String, FileEntry.RegularFile> fileOf = new HashMap<>();
    for (FileEntry e : sortedEntries) {
      if (e instanceof FileEntry.Hardlink link) {
        fileOf.put(link.path(), resolve(tree, link));
      }
    }
    if (fileOf.isEmpty()) {
      return sortedEntries;
    }
    Map<String, String> firstOfGroup = new TreeMap<>();
    List<FileEntry> placed = new ArrayList<>(sortedEntries.size());
    for (FileEntry e : sortedEntries) {
      FileEntry.RegularFile file = e instanceof FileEntry.RegularFile f ? f : fileOf.get(e.path());
      if (file == null) {
        placed.add(e);
        continue;
      }
      String first = firstOfGroup.putIfAbsent(file.path(), e.path());
      if (first == null) {
        placed.add(file.withPath(e.path()));
      } else {
        placed.add(new FileEntry.Hardlink(e.path(), first, file.mode(), file.uid(), file.gid(), file.mtime(),
            e.owner()));
      }
    }
    return placed;
  }

  /** The regular file a hard link ends at, following links to links. */
  private static FileEntry.RegularFile resolve(FileTree tree, FileEntry.Hardlink link) {
    FileEntry at = link;
    for (int hops = 0; at instanceof FileEntry.Hardlink l; hops++) {
      if (hops > tree.size()) {
        throw new IllegalArgumentException("hard link " + link.path() + " is part of a cycle of hard links");
      }
      at = tree.get(l.target()).orElseThrow(() -> new IllegalArgumentException(
          "hard link " + link.path() + " points to " + l.target() + ", which is not in the tree"));
    }
    if (at instanceof FileEntry.RegularFile file) {
      return file;
    }
    throw new IllegalArgumentException("hard link " + link.path() + " points to " + at.path() + ", which is a "
        + kind(at) + ", not a regular file");
  }

  private TarArchiveEntry header(FileEntry entry) {
    if (entry.uid() < 0 || entry.gid() < 0) {
      throw new IllegalArgumentException(entry.path() + " has a negative uid or gid: " + entry.uid() + ":"
          + entry.gid());
    }
    boolean directory = entry instanceof FileEntry.Directory;
    byte type;
    if (entry instanceof FileEntry.Directory) {
      type = TarConstants.LF_DIR;
    } else if (entry instanceof FileEntry.RegularFile) {
      type = TarConstants.LF_NORMAL;
    } else if (entry instanceof FileEntry.Symlink) {
      type = TarConstants.LF_SYMLINK;
    } else {
      type = TarConstants.LF_LINK;
    }
    // preserveAbsolutePath = true skips commons-compress's os.name-dependent name rewriting;
    // the name is relative anyway.
    String name = checkedName(entry.path(), tarName(entry.path(), directory));
    TarArchiveEntry header = new TarArchiveEntry(name, type, true);
    // Every field is set: the constructor's defaults come from the host (mtime from the clock,
    // and in some commons-compress versions the user name from user.name).
    header.setMode(entry.mode());
    header.setUserId((long) entry.uid());
    header.setGroupId((long) entry.gid());
    header.setUserName("");
    header.setGroupName("");
    header.setLastModifiedTime(FileTime.from(Math.min(entry.mtime(), epoch), TimeUnit.SECONDS));
    header.setDevMajor(0);
    header.setDevMinor(0);
    if (entry instanceof FileEntry.RegularFile file) {
      header.setSize(file.size());
    } else if (entry instanceof FileEntry.Symlink link) {
      header.setLinkName(link.target());
    } else if (entry instanceof FileEntry.Hardlink link) {
      header.setLinkName(tarName(link.target(), false));
    }
    return header;
  }

  /** commons-compress turns the platform's file separator into '/'; only '/' itself is harmless. */
  private static String checkedName(String path, String name) {
    if (File.separatorChar != '/' && name.indexOf(File.separatorChar) >= 0) {
      throw new UnsupportedOperationException(path + " contains '" + File.separatorChar
          + "', which tar writing on this platform would rewrite; build on a host whose file separator is '/'");
    }
    return name;
  }

  private static void copyVerified(FileEntry.RegularFile file, OutputStream tar, byte[] buffer) throws IOException {
    Content content = file.content();
    long expected = content.size();
    MessageDigest sha256 = Digest.newSha256();
    long total = 0;
    try (InputStream in = content.open()) {
      int n;
      while ((n = in.read(buffer)) != -1) {
        if (total + n > expected) {
          throw new ContentMismatchException(file.path(), "content is larger than its recorded " + expected
              + " bytes" + source(content));
        }
        sha256.update(buffer, 0, n);
        tar.write(buffer, 0, n);
        total += n;
      }
    }
    if (total != expected) {
      throw new ContentMismatchException(file.path(), "content has " + total + " bytes, but " + expected
          + " are recorded" + source(content));
    }
    Digest actual = Digest.fromBytes(sha256.digest());
    if (!actual.equals(content.digest())) {
      throw new ContentMismatchException(file.path(), "content has digest " + actual + ", but "
          + content.digest() + " is recorded" + source(content));
    }
  }

  private static String source(Content content) {
    return content instanceof Content.Stored stored
        ? " (read from " + stored.file() + "; the cached file is corrupted: delete it and build again)"
        : "";
  }

  private static String kind(FileEntry e) {
    if (e instanceof FileEntry.Directory) {
      return "directory";
    } else if (e instanceof FileEntry.RegularFile) {
      return "regular file";
    } else if (e instanceof FileEntry.Symlink) {
      return "symlink";
    }
    return "hard link";
  }
}
