package dev.basalt.effects;

import dev.basalt.fs.Content;
import dev.basalt.fs.FileEntry;
import dev.basalt.fs.FileTree;
import java.util.HashSet;
import java.util.Set;

/**
 * dpkg metadata for scanners, the way distroless lays it out: {@code /var/lib/dpkg/status.d/<name>}
 * holds the package's control stanza as shipped (no {@code Status} field; Trivy, Syft and Grype
 * read these files without one) and {@code <name>.md5sums} its md5sums when it has them. A
 * single {@code /var/lib/dpkg/status} is not written: there is no dpkg to keep it.
 */
public final class DpkgStatusEffect implements Effect {
  public static final String STATUS_DIR = "/var/lib/dpkg/status.d";
  public static final String MD5SUMS_SUFFIX = ".md5sums";

  @Override
  public EffectResult apply(FileTree tree, EffectContext ctx) throws EffectException {
    EffectResult.Builder result = EffectResult.builder("dpkg-status");
    Set<String> seen = new HashSet<>();
    for (InstalledPackage p : ctx.packages()) {
      if (!seen.add(p.name())) {
        throw new EffectException("package " + p.name() + " appears twice among the installed packages; "
            + STATUS_DIR + " holds one file per package name");
      }
    }
    if (!tree.contains(STATUS_DIR)) {
      result.put(tree, new FileEntry.Directory(STATUS_DIR, 0755, 0, 0, ctx.epoch(), null));
    }
    for (InstalledPackage p : ctx.packages()) {
      result.put(tree, file(STATUS_DIR + "/" + p.name(), p.controlText(), ctx.epoch()));
      if (p.md5sums() != null) {
        result.put(tree, file(STATUS_DIR + "/" + p.name() + MD5SUMS_SUFFIX, p.md5sums(), ctx.epoch()));
      }
    }
    result.note(ctx.packages().size() + " packages recorded in " + STATUS_DIR);
    return result.build();
  }

  private static FileEntry.RegularFile file(String path, String text, long epoch) {
    return new FileEntry.RegularFile(path, 0644, 0, 0, epoch, null, Content.Inline.of(text));
  }
}
