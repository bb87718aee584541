package dev.basalt.testkit;

import dev.basalt.fs.Content;
import dev.basalt.fs.FileEntry;
import dev.basalt.fs.FileTree;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** Small builders for file trees in tests: entries as packages would ship them, at mtime 1000. */
public final class Trees {
  public static final long PACKAGE_MTIME = 1000;

  private Trees() {}

  public static FileEntry.Directory dir(String path, String pkg) {
    return new FileEntry.Directory(path, 0755, 0, 0, PACKAGE_MTIME, pkg);
  }

  public static FileEntry.RegularFile file(String path, String text, String pkg) {
    return file(path, 0644, text.getBytes(StandardCharsets.UTF_8), pkg);
  }

  public static FileEntry.RegularFile file(String path, int mode, byte[] bytes, String pkg) {
    return new FileEntry.RegularFile(path, mode, 0, 0, PACKAGE_MTIME, pkg, Content.Inline.of(bytes));
  }

  public static FileEntry.Symlink link(String path, String target, String pkg) {
    return new FileEntry.Symlink(path, target, 0, 0, PACKAGE_MTIME, pkg);
  }

  /** Puts each entry with its missing parents (as {@code root:root 0755}, owned by no package). */
  public static FileTree tree(FileEntry... entries) {
    FileTree tree = new FileTree();
    for (FileEntry e : entries) {
      tree.putWithParents(e, PACKAGE_MTIME);
    }
    return tree;
  }

  /** The text of a regular file of the tree. */
  public static String text(FileTree tree, String path) {
    return new String(bytes(tree, path), StandardCharsets.UTF_8);
  }

  public static byte[] bytes(FileTree tree, String path) {
    FileEntry e = tree.get(path).orElseThrow(() -> new AssertionError("no " + path + " in the tree"));
    if (!(e instanceof FileEntry.RegularFile f)) {
      throw new AssertionError(path + " is not a regular file: " + e);
    }
    try (InputStream in = f.content().open()) {
      return in.readAllBytes();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  /** A test resource's bytes. */
  public static byte[] resource(String name) {
    try (InputStream in = Trees.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new AssertionError("no test resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  /**
   * Copies a file or a directory tree; a symlink at {@code from} (such as a build's output link)
   * is followed, those inside are copied as symlinks. Files keep their modes.
   */
  public static void copyTree(Path from, Path to) throws IOException {
    Path root = from.toRealPath();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.toList()) {
        Path target = to.resolve(root.relativize(p).toString());
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.toAbsolutePath().getParent());
          Files.copy(p, target, LinkOption.NOFOLLOW_LINKS, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }
}
