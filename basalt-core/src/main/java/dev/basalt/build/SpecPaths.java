package dev.basalt.build;

import dev.basalt.fs.Content;
import dev.basalt.fs.FileEntry;
import dev.basalt.fs.FileTree;
import dev.basalt.spec.ImageSpec;

/** Adds the spec's extra {@code paths:} (directories, empty files, symlinks) to the tree; {@code ${arch}} in a link target is the architecture. */
final class SpecPaths {
  private SpecPaths() {}

  static void apply(ImageSpec spec, FileTree tree, long epoch, String arch) {
    for (ImageSpec.PathSpec p : spec.paths()) {
      FileEntry entry = switch (p.type()) {
        case "directory" -> new FileEntry.Directory(p.path(), p.mode() == null ? 0755 : p.mode(), p.uid(), p.gid(), epoch, null);
        case "empty-file" -> new FileEntry.RegularFile(p.path(), p.mode() == null ? 0644 : p.mode(), p.uid(), p.gid(), epoch,
            null, Content.Inline.of(new byte[0]));
        case "symlink" -> new FileEntry.Symlink(p.path(), BuildStep.expandArch(p.target(), arch), p.uid(), p.gid(), epoch, null);
        default -> throw new IllegalStateException("spec loader admits no path type " + p.type());
      };
      tree.putWithParents(entry, epoch);
    }
  }
}
