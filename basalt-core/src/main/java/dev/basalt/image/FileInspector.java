package dev.basalt.image;

import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

/**
 * Looks at regular files while an image's layers stream past, so that what a check needs of a
 * file's content (a mark such as "private key", or the bytes of {@code /etc/passwd}) is kept
 * without ever holding a layer in memory. A file a later layer removes takes its marks with it.
 */
@FunctionalInterface
public interface FileInspector {
  /** Keeps nothing. */
  FileInspector NONE = (path, size, in) -> Inspection.NOTHING;

  /**
   * What to keep of the file at {@code path}; {@code in} may be read (up to {@code size} bytes)
   * or left alone.
   */
  Inspection inspect(String path, long size, InputStream in) throws IOException;

  /**
   * A name for what this inspector keeps, changed whenever that changes, under which what it
   * kept of a layer may be cached; null (the default) caches nothing.
   */
  default String cacheKey() {
    return null;
  }

  /** Marks found and the content kept (null when not kept). */
  record Inspection(Set<String> marks, byte[] content) {
    public static final Inspection NOTHING = new Inspection(Set.of(), null);

    public Inspection {
      marks = Set.copyOf(marks);
    }
  }
}
