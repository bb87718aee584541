package dev.basalt.cache;

import dev.basalt.fs.Content;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * Content-addressed store for the files unpacked from packages, laid out like {@link BlobStore}
 * ({@code <root>/blobs/sha256/<hex>}). A file's digest is not known before its bytes are read, so
 * it is computed while they go to a temp file, which is renamed to its digest only when complete.
 */
public final class FileStore {
  private static final int BUFFER = 1 << 16;

  private final BlobStore layout;
  private final Path dir;

  public FileStore(Path root) {
    this.layout = new BlobStore(root);
    this.dir = layout.root().resolve("blobs").resolve(Digest.ALGORITHM);
  }

  public Path root() {
    return layout.root();
  }

  /** Where the file with this digest lives (whether or not it is there). */
  public Path pathOf(Digest digest) {
    return layout.pathOf(digest);
  }

  /**
   * Stores exactly {@code size} bytes read from {@code in} and leaves the stream just after them.
   *
   * @throws IOException if reading {@code in} fails ({@link EOFException} if it ends early)
   * @throws CacheException if the store cannot be written
   */
  public Content.Stored put(InputStream in, long size) throws IOException, CacheException {
    Objects.requireNonNull(in, "in == null");
    if (size < 0) {
      throw new IllegalArgumentException("size < 0: " + size);
    }
    Path tmp;
    try {
      Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, ".incoming.", ".tmp");
    } catch (IOException e) {
      throw storeFailure(e);
    }
    try (FileChannel ch = open(tmp)) {
      MessageDigest sha = Digest.newSha256();
      byte[] buf = new byte[(int) Math.max(1, Math.min(BUFFER, size))];
      ByteBuffer wrapped = ByteBuffer.wrap(buf);
      for (long written = 0; written < size; ) {
        int n = in.read(buf, 0, (int) Math.min(buf.length, size - written));
        if (n < 0) {
          throw new EOFException("content ended after " + written + " of " + size + " bytes");
        }
        sha.update(buf, 0, n);
        wrapped.clear().limit(n);
        write(ch, wrapped);
        written += n;
      }
      Digest digest = Digest.fromBytes(sha.digest());
      Path target = pathOf(digest);
      try {
        if (!has(digest, size)) {
          // fdatasync is enough: the rename is what publishes the file. Bytes another package
          // (or an earlier read) stored already need neither.
          ch.force(false);
          move(tmp, target);
        }
      } catch (IOException e) {
        throw storeFailure(e);
      }
      return new Content.Stored(target, size, digest);
    } finally {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException e) {
        // A stray temp file is harmless: it is never named by a digest.
      }
    }
  }

  private FileChannel open(Path tmp) throws CacheException {
    try {
      return FileChannel.open(tmp, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw storeFailure(e);
    }
  }

  private void write(FileChannel ch, ByteBuffer bytes) throws CacheException {
    try {
      while (bytes.hasRemaining()) {
        ch.write(bytes);
      }
    } catch (IOException e) {
      throw storeFailure(e);
    }
  }

  private static void move(Path tmp, Path target) throws IOException {
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private CacheException storeFailure(IOException e) {
    return new CacheException("cannot write to the file store " + dir + ": " + e
        + "; check free space and permissions", e);
  }

  /**
   * Whether the file with this digest is present with this size. Only the size is checked:
   * hashing every file on every use would undo the cache, and whoever streams the bytes later
   * verifies the digest on the way.
   */
  public boolean has(Digest digest, long size) throws IOException {
    try {
      return Files.size(pathOf(digest)) == size;
    } catch (NoSuchFileException e) {
      return false;
    }
  }

  /** Removes the file with this digest, e.g. after a reader found its bytes damaged. */
  public void discard(Digest digest) throws IOException {
    Files.deleteIfExists(pathOf(digest));
  }
}
