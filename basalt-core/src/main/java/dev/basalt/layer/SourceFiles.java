package dev.basalt.layer;

import dev.basalt.cache.Digest;
import dev.basalt.fs.Content;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;

/**
 * The contents of source files, hashed once per build however many platforms take them. The
 * digest is checked again when the layer is written, so a file changed in between fails the
 * build rather than slipping into one platform's layer.
 */
final class SourceFiles {
  private static final int BUFFER_SIZE = 64 * 1024;

  private final Map<Path, Content> hashed = new HashMap<>();

  synchronized Content content(Path file, BasicFileAttributes attrs) throws IOException {
    Path key = file.toAbsolutePath().normalize();
    Content known = hashed.get(key);
    if (known != null && known.size() == attrs.size()) {
      return known;
    }
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
    Content c = new Content.Stored(key, size, Digest.fromBytes(sha.digest()));
    hashed.put(key, c);
    return c;
  }
}
