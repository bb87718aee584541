package dev.basalt.layer;

import dev.basalt.cache.FileDigest;
import dev.basalt.fs.Content;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;

/**
 * The contents of source files, hashed once per build however many platforms take them. The
 * digest is checked again when the layer is written, so a file changed in between fails the
 * build rather than slipping into one platform's layer.
 */
final class SourceFiles {
  private final Map<Path, Content> hashed = new HashMap<>();

  synchronized Content content(Path file, BasicFileAttributes attrs) throws IOException {
    Path key = file.toAbsolutePath().normalize();
    Content known = hashed.get(key);
    if (known != null && known.size() == attrs.size()) {
      return known;
    }
    FileDigest f = FileDigest.of(file);
    Content c = new Content.Stored(key, f.size(), f.digest());
    hashed.put(key, c);
    return c;
  }
}
