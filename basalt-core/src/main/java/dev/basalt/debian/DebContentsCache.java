package dev.basalt.debian;

import static dev.basalt.cache.SealedBinary.readString;
import static dev.basalt.cache.SealedBinary.writeString;

import dev.basalt.cache.SealedBinary;
import dev.basalt.cache.Digest;
import dev.basalt.cache.FileStore;
import dev.basalt.fs.AtomicFiles;
import dev.basalt.fs.Content;
import dev.basalt.fs.FileEntry;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Keeps what {@link DebReader} read from each {@code .deb}, keyed by the package's SHA-256, as a
 * sealed binary file {@code <cacheRoot>/debs/<hex>.contents} beside the content store
 * {@code <cacheRoot>/files}, so that a warm build never decompresses a package again.
 *
 * <p>An entry is used only if its CRC32C seal holds and every file it names is in the store with
 * the right size; files are not re-hashed here because whoever streams them verifies their
 * digests. A damaged entry is deleted and the package read again, never used.
 */
public final class DebContentsCache {
  private static final byte[] MAGIC = "basalt-deb-contents-v1\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte DIRECTORY = 'd';
  private static final byte REGULAR_FILE = 'f';
  private static final byte SYMLINK = 'l';
  private static final byte HARDLINK = 'h';

  private final Path dir;
  private final FileStore files;

  public DebContentsCache(Path cacheRoot) {
    Objects.requireNonNull(cacheRoot, "cacheRoot == null");
    Path root = cacheRoot.toAbsolutePath();
    this.dir = root.resolve("debs");
    this.files = new FileStore(root.resolve("files"));
  }

  /** The store the packages' file contents go to. */
  public FileStore files() {
    return files;
  }

  /** Where the entry for the package with this digest lives (whether or not it is there). */
  public Path pathOf(Digest debDigest) {
    return dir.resolve(debDigest.hex() + ".contents");
  }

  /**
   * The contents of {@code deb}, from the cache when an intact entry exists (the file is then not
   * opened at all), otherwise read from the file and cached.
   *
   * @param debDigest the verified SHA-256 of {@code deb}
   */
  public DebContents read(Path deb, Digest debDigest) throws ArchiveException {
    DebContents cached = cached(debDigest);
    if (cached != null) {
      return cached;
    }
    DebContents read = new DebReader(files).read(deb, debDigest);
    try {
      AtomicFiles.write(pathOf(debDigest), encode(read));
    } catch (IOException e) {
      // The entry is only an accelerator; failing to store it must not fail the build.
    }
    return read;
  }

  /** The intact cached contents of the package with this digest, or null (a damaged entry is deleted). */
  public DebContents cached(Digest debDigest) {
    Path file = pathOf(debDigest);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      return null;
    }
    DebContents decoded = decode(bytes, debDigest);
    if (decoded == null || !filesPresent(decoded)) {
      invalidate(debDigest);
      return null;
    }
    return decoded;
  }

  /**
   * Forgets the entry for this package, e.g. after one of its stored files turned out to have a
   * wrong digest (remove that file with {@link FileStore#discard} too); the next read unpacks the
   * package again.
   */
  public void invalidate(Digest debDigest) {
    try {
      Files.deleteIfExists(pathOf(debDigest));
    } catch (IOException e) {
      // Unreadable and undeletable: reading the package again is still correct.
    }
  }

  private boolean filesPresent(DebContents contents) {
    Set<Digest> checked = new HashSet<>();
    try {
      for (FileEntry e : contents.entries()) {
        if (e instanceof FileEntry.RegularFile f && checked.add(f.content().digest())
            && !files.has(f.content().digest(), f.size())) {
          return false;
        }
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static byte[] encode(DebContents c) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096 + c.entries().size() * 96);
      DataOutputStream out = new DataOutputStream(bytes);
      out.write(MAGIC);
      writeString(out, c.debDigest().hex());
      writeString(out, c.name());
      writeString(out, c.version());
      writeString(out, c.architecture());
      writeString(out, c.controlText());
      writeString(out, c.md5sums());
      writeStrings(out, c.conffiles());
      writeStrings(out, c.maintainerScripts());
      out.writeInt(c.entries().size());
      for (FileEntry e : c.entries()) {
        if (!Objects.equals(e.owner(), c.name())) {
          throw new IllegalArgumentException(e.path() + " is owned by " + e.owner() + ", not " + c.name());
        }
        out.writeByte(kindOf(e));
        writeString(out, e.path());
        out.writeInt(e.mode());
        out.writeInt(e.uid());
        out.writeInt(e.gid());
        out.writeLong(e.mtime());
        if (e instanceof FileEntry.RegularFile f) {
          out.writeLong(f.size());
          out.write(HexFormat.of().parseHex(f.content().digest().hex()));
        } else if (e instanceof FileEntry.Symlink l) {
          writeString(out, l.target());
        } else if (e instanceof FileEntry.Hardlink h) {
          writeString(out, h.target());
        }
      }
      out.flush();
      return SealedBinary.seal(bytes.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("in-memory encoding cannot fail", e);
    }
  }

  /** The entry's contents, or null when it is damaged or belongs to another package. */
  DebContents decode(byte[] all, Digest expected) {
    ByteBuffer buf = SealedBinary.open(ByteBuffer.wrap(all), MAGIC);
    if (buf == null) {
      return null;
    }
    try {
      if (!expected.hex().equals(readString(buf))) {
        return null;
      }
      String name = readString(buf);
      String version = readString(buf);
      String architecture = readString(buf);
      String controlText = readString(buf);
      String md5sums = readString(buf);
      List<String> conffiles = readStrings(buf);
      List<String> scripts = readStrings(buf);
      int count = buf.getInt();
      List<FileEntry> entries = new ArrayList<>(Math.min(count, buf.remaining() / 21));
      byte[] digest = new byte[32];
      for (int i = 0; i < count; i++) {
        byte kind = buf.get();
        String path = readString(buf);
        int mode = buf.getInt();
        int uid = buf.getInt();
        int gid = buf.getInt();
        long mtime = buf.getLong();
        entries.add(switch (kind) {
          case DIRECTORY -> new FileEntry.Directory(path, mode, uid, gid, mtime, name);
          case REGULAR_FILE -> {
            long size = buf.getLong();
            buf.get(digest);
            Digest d = Digest.fromBytes(digest);
            yield new FileEntry.RegularFile(path, mode, uid, gid, mtime, name,
                new Content.Stored(files.pathOf(d), size, d));
          }
          case SYMLINK -> new FileEntry.Symlink(path, readString(buf), uid, gid, mtime, name);
          case HARDLINK -> new FileEntry.Hardlink(path, readString(buf), mode, uid, gid, mtime, name);
          default -> throw new IllegalArgumentException("unknown entry kind " + kind);
        });
      }
      if (buf.hasRemaining()) {
        return null;
      }
      List<Stanza> control = Deb822.parse(controlText, pathOf(expected) + " (control)", false);
      if (control.size() != 1) {
        return null;
      }
      return new DebContents(name, version, architecture, control.get(0), controlText, md5sums,
          conffiles, scripts, entries, expected);
    } catch (RuntimeException | Deb822Exception e) {
      return null;
    }
  }

  private static byte kindOf(FileEntry e) {
    if (e instanceof FileEntry.Directory) {
      return DIRECTORY;
    }
    if (e instanceof FileEntry.RegularFile) {
      return REGULAR_FILE;
    }
    return e instanceof FileEntry.Symlink ? SYMLINK : HARDLINK;
  }

  private static void writeStrings(DataOutputStream out, List<String> strings) throws IOException {
    out.writeInt(strings.size());
    for (String s : strings) {
      writeString(out, s);
    }
  }

  private static List<String> readStrings(ByteBuffer buf) {
    int count = buf.getInt();
    if (count < 0 || count > buf.remaining() / 4) {
      throw new IllegalArgumentException("bad string count " + count);
    }
    List<String> strings = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      strings.add(readString(buf));
    }
    return strings;
  }
}
