package dev.basalt.cache;

import dev.basalt.fs.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Remembers, in the cache, that a file outside it was hashed and found to be the blob its digest
 * names, by the file's identity: device, inode, size and modification time to the nanosecond. A
 * later check of the same file, unchanged, need not read it again: as make and git's index do,
 * a file whose identity is the same is taken to hold the same bytes. Writing into the file moves
 * its modification time; replacing it, as every tool that writes atomically does, gives a new
 * inode; either makes the record not match, and the file is hashed again. Records are sealed
 * (magic and CRC32C), so a torn or garbled one is a miss, never a match. A layered build uses
 * this for the base's layer blobs, which it hard-links, and so would otherwise hash a JDK's
 * 68 MiB layer on every build.
 */
public final class CheckedFiles {
  /** The cache's subdirectory holding the records, one per digest and file. */
  public static final String DIR = "checked";
  private static final byte[] MAGIC = "basalt-checked-file-1\n".getBytes(StandardCharsets.US_ASCII);
  /** How recently modified a file may be and still be recorded. */
  static final Duration RACY = Duration.ofSeconds(2);

  private final Path dir;

  public CheckedFiles(Path cacheRoot) {
    this.dir = cacheRoot.resolve(DIR).resolve(Digest.ALGORITHM);
  }

  /**
   * What identifies a file's content without reading it: device, inode, size and modification
   * time in nanoseconds (a symlink is not followed; anything but a regular file is refused).
   */
  public record Identity(long device, long inode, long size, long mtimeNanos) {
    public static Identity of(Path file) throws IOException {
      Map<String, Object> a = Files.readAttributes(file, "unix:dev,ino,size,lastModifiedTime,mode",
          LinkOption.NOFOLLOW_LINKS);
      if (((Integer) a.get("mode") & 0170000) != 0100000) {
        throw new IOException(file + " is not a regular file");
      }
      return new Identity((Long) a.get("dev"), (Long) a.get("ino"), (Long) a.get("size"),
          ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS));
    }

    String text() {
      return device + ":" + inode + ":" + size + ":" + mtimeNanos;
    }
  }

  /** Whether the file {@code identity} names is recorded as holding {@code digest}. */
  public boolean matches(Digest digest, Identity identity) {
    try {
      byte[] sealed = Files.readAllBytes(record(digest, identity));
      ByteBuffer body = SealedBinary.open(ByteBuffer.wrap(sealed), MAGIC);
      return body != null && StandardCharsets.UTF_8.decode(body).toString().equals(identity.text());
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Records that the file {@code identity} names was hashed, its identity the same before and
   * after, and holds {@code digest}. A file modified within the last {@link #RACY} is not
   * recorded: a write in the same clock tick as the hash could leave its time as it was (git's
   * "racily clean" files). A record that cannot be written is no error: the next check hashes the
   * file again.
   */
  public void remember(Digest digest, Identity identity) {
    if (identity.mtimeNanos() > System.currentTimeMillis() * 1_000_000L - RACY.toNanos()) {
      return;
    }
    try {
      byte[] id = identity.text().getBytes(StandardCharsets.UTF_8);
      byte[] content = new byte[MAGIC.length + id.length];
      System.arraycopy(MAGIC, 0, content, 0, MAGIC.length);
      System.arraycopy(id, 0, content, MAGIC.length, id.length);
      Files.createDirectories(dir);
      AtomicFiles.write(record(digest, identity), SealedBinary.seal(content));
    } catch (IOException e) {
      // Not remembered: the file is hashed again next time, which is only slower.
    }
  }

  /** Where the record of {@code digest} held by the file {@code identity} names is. */
  Path record(Digest digest, Identity identity) {
    String id = Digest.of(identity.text().getBytes(StandardCharsets.UTF_8)).hex().substring(0, 16);
    return dir.resolve(digest.hex() + "-" + id);
  }
}
