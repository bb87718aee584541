package dev.basalt.layer;

import dev.basalt.fs.FileEntry;
import dev.basalt.fs.FileTree;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Turns one {@link AppLayer} into the file tree of its layer, placed on what lies below it: a
 * destination under a symlink of the base lands where the link leads (so {@code /lib/x} goes to
 * {@code /usr/lib/x} on a merged-/usr base), an existing directory is repeated with its own
 * mode and owner (never changed), missing parents are made root-owned {@code 0755}, and nothing
 * replaces a directory of the base with a file, nor a symlink of the base with a directory.
 * Every entry's mtime is the image's creation time.
 */
final class LayerPlanner {
  private final ImageView view;
  private final long epoch;
  private final SourceFiles files;
  private final WriteGuard guard;

  LayerPlanner(ImageView view, long epoch, SourceFiles files, WriteGuard guard) {
    this.view = view;
    this.epoch = epoch;
    this.files = files;
    this.guard = guard;
  }

  /** The layer's tree; its entries are added to the view, for the layers above. */
  FileTree plan(AppLayer layer) throws LayerInputException, IOException {
    FileTree tree = new FileTree();
    for (LayerSource source : layer.sources()) {
      new Placement(layer, source, tree).place();
    }
    return tree;
  }

  /** One source being placed into one layer's tree. */
  private final class Placement {
    private final AppLayer layer;
    private final LayerSource source;
    private final FileTree tree;

    Placement(AppLayer layer, LayerSource source, FileTree tree) {
      this.layer = layer;
      this.source = source;
      this.tree = tree;
    }

    void place() throws LayerInputException, IOException {
      Path from = source.from();
      BasicFileAttributes attrs = attributes(from);
      if (source.glob() != null) {
        if (!attrs.isDirectory()) {
          throw input(from + " is not a directory, so glob '" + source.glob() + "' cannot select in it");
        }
        placeGlob(from);
        return;
      }
      placeAt(from, attrs, source.to());
      if (attrs.isDirectory()) {
        placeChildren(from, source.to());
      }
    }

    private void placeGlob(Path dir) throws LayerInputException, IOException {
      PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + source.glob());
      List<Path> matches = new ArrayList<>();
      try (Stream<Path> walk = Files.walk(dir)) {
        walk.filter(p -> !p.equals(dir) && matcher.matches(dir.relativize(p))).sorted().forEach(matches::add);
      }
      if (matches.isEmpty()) {
        throw input("glob '" + source.glob() + "' matches nothing under " + dir);
      }
      directory(source.to());
      for (Path match : matches) {
        Path rel = dir.relativize(match);
        String target = source.to();
        for (int i = 0; i < rel.getNameCount() - 1; i++) {
          target = ImageView.child(target, rel.getName(i).toString());
          directory(target);
        }
        target = ImageView.child(target, rel.getFileName().toString());
        BasicFileAttributes attrs = attributes(match);
        placeAt(match, attrs, target);
        if (attrs.isDirectory()) {
          placeChildren(match, target);
        }
      }
    }

    private void placeChildren(Path dir, String target) throws LayerInputException, IOException {
      List<Path> children;
      try (Stream<Path> list = Files.list(dir)) {
        children = list.sorted().toList();
      }
      for (Path child : children) {
        String childTarget = ImageView.child(target, child.getFileName().toString());
        BasicFileAttributes attrs = attributes(child);
        placeAt(child, attrs, childTarget);
        if (attrs.isDirectory()) {
          placeChildren(child, childTarget);
        }
      }
    }

    private void placeAt(Path from, BasicFileAttributes attrs, String target) throws LayerInputException, IOException {
      if (attrs.isDirectory()) {
        directory(target);
      } else if (attrs.isSymbolicLink()) {
        String real = realFor(target, false);
        put(new FileEntry.Symlink(real, Files.readSymbolicLink(from).toString(), source.uid(), source.gid(), epoch,
            null), from);
      } else if (attrs.isRegularFile()) {
        String real = realFor(target, false);
        int mode = source.fileMode() != null ? source.fileMode()
            : ownerExecutable(from) ? LayerSource.DEFAULT_EXECUTABLE_MODE : LayerSource.DEFAULT_FILE_MODE;
        put(new FileEntry.RegularFile(real, mode, source.uid(), source.gid(), epoch, null,
            files.content(from, attrs)), from);
      } else {
        throw input(from + " is neither a file, a directory nor a symlink; a layer cannot hold it");
      }
    }

    /** Makes {@code target} a directory: the existing one (unchanged) or a new one with the source's mode. */
    private void directory(String target) throws LayerInputException {
      String real = realFor(target, true);
      ImageView.Kind kind = view.kind(real);
      if (kind == ImageView.Kind.DIRECTORY) {
        keepDirectory(real);
        return;
      }
      if (kind == ImageView.Kind.SYMLINK) {
        throw input(target + " is a symlink (to " + view.linkTarget(real) + ") that leads to no directory;"
            + " a layer does not replace it with a directory");
      }
      if (kind != ImageView.Kind.NONE) {
        throw input(target + " is a file in the image below; a layer does not replace it with a directory");
      }
      int mode = source.dirMode() != null ? source.dirMode() : LayerSource.DEFAULT_DIR_MODE;
      put(new FileEntry.Directory(real, mode, source.uid(), source.gid(), epoch, null), null);
    }

    /**
     * Where {@code target} really lands: its parents resolved through symlinks inside the image,
     * each made to exist as a directory in this layer (an existing one repeated unchanged).
     */
    private String realFor(String target, boolean followLast) throws LayerInputException {
      String real = view.resolve(target, followLast);
      if (real == null) {
        throw input(target + " cannot be placed: the symlinks on its way loop");
      }
      List<String> parents = new ArrayList<>();
      for (String p = ImageView.parent(real); !p.equals("/"); p = ImageView.parent(p)) {
        parents.add(0, p);
      }
      for (String p : parents) {
        ImageView.Kind kind = view.kind(p);
        if (kind == ImageView.Kind.DIRECTORY) {
          keepDirectory(p);
        } else if (kind == ImageView.Kind.NONE) {
          put(new FileEntry.Directory(p, LayerSource.DEFAULT_DIR_MODE, LayerSource.ROOT, LayerSource.ROOT, epoch,
              null), null);
        } else {
          throw input(target + " cannot be placed: " + p + " is not a directory");
        }
      }
      if (!followLast && view.kind(real) == ImageView.Kind.DIRECTORY) {
        throw input(target + " is a directory" + (real.equals(target) ? "" : " (" + real + ")")
            + "; a layer does not replace it with a file or a symlink");
      }
      return real;
    }

    /** Repeats an existing directory with its own mode and owner, so the layer's tar changes neither. */
    private void keepDirectory(String path) {
      if (tree.contains(path)) {
        return;
      }
      ImageView.DirMeta meta = view.dirMeta(path);
      FileEntry.Directory d = new FileEntry.Directory(path, meta.mode(), meta.uid(), meta.gid(), epoch, null);
      tree.put(d);
      view.add(d);
    }

    private void put(FileEntry entry, Path from) throws LayerInputException {
      String problem = guard.check(entry);
      if (problem != null) {
        throw input((from == null ? "" : from + " -> ") + entry.path() + ": " + problem);
      }
      tree.put(entry);
      view.add(entry);
    }

    private LayerInputException input(String message) {
      return new LayerInputException("layer '" + layer.name() + "': " + message);
    }

    private BasicFileAttributes attributes(Path p) throws LayerInputException, IOException {
      try {
        return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException e) {
        throw input("source " + p + " does not exist");
      }
    }
  }

  private static boolean ownerExecutable(Path file) throws IOException {
    try {
      return Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).permissions()
          .contains(PosixFilePermission.OWNER_EXECUTE);
    } catch (UnsupportedOperationException notPosix) {
      return Files.isExecutable(file);
    }
  }
}
