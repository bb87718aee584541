package dev.basalt.cache;

import dev.basalt.fs.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.Optional;

/**
 * Content-addressed store under {@code <root>/blobs/sha256/<hex>}. A blob becomes visible only
 * after its size and digest were checked; every read checks the digest again, and an entry that
 * fails is deleted so that the caller fetches it anew rather than using it.
 */
public final class BlobStore {
  public static final String CACHE_ENV = "BASALT_CACHE";
  private static final int BUFFER = 1 << 16;

  private final Path root;

  public BlobStore(Path root) {
    this.root = Objects.requireNonNull(root, "root == null").toAbsolutePath();
  }

  /**
   * The {@code basalt.cache} system property, else {@code $BASALT_CACHE}, else
   * {@code $XDG_CACHE_HOME/basalt}, else {@code ~/.cache/basalt}.
   */
  public static Path defaultRoot() {
    String property = System.getProperty("basalt.cache");
    if (property != null && !property.isBlank()) {
      return Path.of(property);
    }
    String explicit = System.getenv(CACHE_ENV);
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit);
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg, "basalt");
    }
    return Path.of(System.getProperty("user.home"), ".cache", "basalt");
  }

  public Path root() {
    return root;
  }

  /** Where the blob with this digest lives (whether or not it is there). */
  public Path pathOf(Digest digest) {
    return root.resolve("blobs").resolve(Digest.ALGORITHM).resolve(digest.hex());
  }

  /**
   * The blob's path if it is present and intact. A blob whose size or digest is wrong is removed
   * and reported absent.
   *
   * @param expectedSize the size it must have, or -1 when unknown
   */
  public Optional<Path> find(Digest digest, long expectedSize) throws CacheException {
    Path path = pathOf(digest);
    try {
      long size = Files.size(path);
      if ((expectedSize >= 0 && size != expectedSize) || !digestOf(path).equals(digest)) {
        Files.deleteIfExists(path);
        return Optional.empty();
      }
      return Optional.of(path);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new CacheException("cannot read cache entry " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * Stores what {@code in} yields, provided it has the expected size and digest; otherwise
   * nothing is stored and {@link IntegrityException} names {@code source}. Failing to read
   * {@code in} is an {@link IOException} (worth retrying); failing to write the store (a full
   * disk) is a {@link CacheException} naming the cache (not worth retrying).
   *
   * @param expectedSize the size it must have, or -1 when unknown
   */
  public Path put(Digest expected, long expectedSize, InputStream in, String source)
      throws IOException, CacheException {
    Path target = pathOf(expected);
    Path tmp;
    try {
      tmp = AtomicFiles.tempSibling(target);
    } catch (IOException e) {
      throw writeFailure(target, e);
    }
    try {
      MessageDigest sha = Digest.newSha256();
      long size = 0;
      OutputStream out;
      try {
        out = Files.newOutputStream(tmp);
      } catch (IOException e) {
        throw writeFailure(target, e);
      }
      try {
        byte[] buf = new byte[BUFFER];
        for (int n; (n = in.read(buf)) != -1; ) {
          sha.update(buf, 0, n);
          try {
            out.write(buf, 0, n);
          } catch (IOException e) {
            throw writeFailure(target, e);
          }
          size += n;
          if (expectedSize >= 0 && size > expectedSize) {
            throw new IntegrityException(
                source + " is larger than the " + expectedSize + " bytes its index promises");
          }
        }
      } finally {
        try {
          out.close();
        } catch (IOException e) {
          // The bytes may not have reached the disk: the entry must not be published.
          throw writeFailure(target, e);
        }
      }
      Digest actual = Digest.fromBytes(sha.digest());
      if (expectedSize >= 0 && size != expectedSize) {
        throw new IntegrityException(
            source + " has " + size + " bytes, but its index promises " + expectedSize
                + " (truncated download?)");
      }
      if (!actual.equals(expected)) {
        throw new IntegrityException(
            source + " has digest " + actual + ", but its index promises " + expected
                + "; the file was tampered with or corrupted on the way");
      }
      try {
        AtomicFiles.commit(tmp, target);
      } catch (IOException e) {
        throw writeFailure(target, e);
      }
      return target;
    } finally {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException e) {
        // A stray temp file is never named by a digest; `basalt cache verify --repair` removes it.
      }
    }
  }

  private static CacheException writeFailure(Path target, IOException e) {
    return new CacheException("cannot write " + target.getFileName() + " to the cache "
        + target.getParent() + ": " + e.getMessage() + "; check free space and permissions", e);
  }

  /** Stores bytes whose digest is computed here. */
  public Path putBytes(byte[] content, String source) throws IOException, CacheException {
    return put(Digest.of(content), content.length, new java.io.ByteArrayInputStream(content), source);
  }

  public static Digest digestOf(Path file) throws IOException {
    return FileDigest.of(file).digest();
  }
}
