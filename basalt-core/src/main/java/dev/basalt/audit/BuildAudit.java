package dev.basalt.audit;

import dev.basalt.fs.FileEntry;
import dev.basalt.fs.FileTree;
import dev.basalt.image.ConfigView;
import dev.basalt.image.FileInspector;
import dev.basalt.image.FlatFile;
import dev.basalt.image.FlatFilesystem;
import dev.basalt.image.ImageReadException;
import dev.basalt.image.LayerChanges;
import dev.basalt.image.LayerChangesCache;
import dev.basalt.cache.Digest;
import dev.basalt.oci.ImageConfig;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Audits an image a build is about to write, from the very tree and config its layer and
 * config blob are made of, with the same rules {@code basalt audit} applies to an image on disk.
 */
public final class BuildAudit {
  private BuildAudit() {}

  public static AuditReport audit(String image, String arch, FileTree tree, ImageConfig config, Auditor.Policy policy,
      Instant now) throws IOException {
    return audit(image, arch, tree, config, policy, now, null, null);
  }

  /**
   * As above; when {@code cache} and {@code layer} are given, what was inspected is also stored
   * as that layer's changes, so that a later {@code basalt audit} of the written image finds the
   * layer read already (it still hashes the blob to prove it is this one).
   */
  public static AuditReport audit(String image, String arch, FileTree tree, ImageConfig config, Auditor.Policy policy,
      Instant now, LayerChangesCache cache, Digest layer) throws IOException {
    ConfigView view;
    try {
      view = ConfigView.parse(config.toJson(), "the config of " + image);
    } catch (ImageReadException e) {
      throw new IllegalStateException("basalt wrote a config it cannot read back", e);
    }
    FlatFilesystem files = view(tree, new AuditInspector());
    if (cache != null && layer != null) {
      cache.store(AuditInspector.CACHE_KEY, layer,
          new LayerChanges(new ArrayList<>(files.files()), List.of(), List.of(), List.of()));
    }
    return Auditor.audit(new AuditSubject(image, arch, view, files, null, now), policy);
  }

  /** The tree as an image filesystem, with what {@code inspector} keeps of each regular file. */
  public static FlatFilesystem view(FileTree tree, FileInspector inspector) throws IOException {
    List<FlatFile> files = new ArrayList<>(tree.size());
    for (FileEntry e : tree.entries()) {
      if (e instanceof FileEntry.Directory d) {
        files.add(new FlatFile(d.path(), FlatFile.Type.DIRECTORY, d.mode(), d.uid(), d.gid(), 0, null, false, Set.of(),
            null));
      } else if (e instanceof FileEntry.Symlink l) {
        files.add(new FlatFile(l.path(), FlatFile.Type.SYMLINK, 0777, l.uid(), l.gid(), 0, l.target(), false,
            Set.of(), null));
      } else if (e instanceof FileEntry.Hardlink h) {
        // Its content is its target's; the layer carries it as a link with the target's metadata.
        files.add(new FlatFile(h.path(), FlatFile.Type.HARDLINK, h.mode(), h.uid(), h.gid(), 0, h.target(), false,
            Set.of(), null));
      } else {
        FileEntry.RegularFile f = (FileEntry.RegularFile) e;
        FileInspector.Inspection seen;
        try (InputStream in = f.content().open()) {
          seen = inspector.inspect(f.path(), f.size(), in);
        }
        files.add(new FlatFile(f.path(), FlatFile.Type.FILE, f.mode(), f.uid(), f.gid(), f.size(), null, false,
            seen.marks(), seen.content()));
      }
    }
    return FlatFilesystem.withHardlinksResolved(files);
  }
}
