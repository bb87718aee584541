package dev.basalt.cache;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;

/** A file's SHA-256 and size, as one read of it found them. */
public record FileDigest(Digest digest, long size) {
  private static final int BUFFER_SIZE = 256 * 1024;

  /** Reads {@code file} (a symlink is not followed) once. */
  public static FileDigest of(Path file) throws IOException {
    MessageDigest sha = Digest.newSha256();
    byte[] buffer = new byte[BUFFER_SIZE];
    long size = 0;
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      int n;
      while ((n = in.read(buffer)) != -1) {
        sha.update(buffer, 0, n);
        size += n;
      }
    }
    return new FileDigest(Digest.fromBytes(sha.digest()), size);
  }
}
