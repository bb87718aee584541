package dev.basalt.effects;

import dev.basalt.fs.Content;
import dev.basalt.fs.FileEntry;
import dev.basalt.fs.FileTree;
import dev.basalt.fs.LinkResolver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/** Reading the bytes behind a path of the tree: symlinks and hard links followed. */
final class TreeFiles {
  private TreeFiles() {}

  /** The regular file {@code path} ends at, or empty when it is missing or not a file. */
  static Optional<FileEntry.RegularFile> regularFile(FileTree tree, String path) {
    FileEntry entry = LinkResolver.follow(tree, path).orElse(null);
    if (entry instanceof FileEntry.Hardlink hard) {
      entry = tree.get(hard.target()).orElse(null);
    }
    return entry instanceof FileEntry.RegularFile file ? Optional.of(file) : Optional.empty();
  }

  /**
   * The bytes of a small file that an effect has to parse (os-release, a certificate), refusing
   * anything larger than {@code limit} rather than holding it in memory.
   */
  static byte[] readSmall(Content content, String path, int limit) throws EffectException {
    if (content.size() > limit) {
      throw new EffectException(path + " has " + content.size() + " bytes, more than the " + limit
          + " a file of its kind can sensibly have; the package is broken or not what it claims");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) content.size());
    try (InputStream in = content.open()) {
      byte[] buf = new byte[8192];
      for (int n; (n = in.read(buf)) > 0; ) {
        out.write(buf, 0, n);
        if (out.size() > limit) {
          throw new EffectException(path + " is larger than its recorded " + content.size() + " bytes");
        }
      }
    } catch (IOException e) {
      throw new EffectException("cannot read " + path + ": " + e.getMessage(), e);
    }
    return out.toByteArray();
  }
}
