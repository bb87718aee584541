package dev.basalt.image;

import dev.basalt.fs.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * An image's final filesystem: every path after its layers were applied in order, with
 * whiteouts honoured. Symlinks are resolved only on request and only inside the image.
 * {@code anomalies} lists layer entries that could not be placed (a name climbing out with
 * {@code ..}, a hard link to nothing), which checks report.
 */
public final class FlatFilesystem {

  private final NavigableMap<String, FlatFile> files;
  private final List<String> anomalies;

  FlatFilesystem(NavigableMap<String, FlatFile> files, List<String> anomalies) {
    this.files = Collections.unmodifiableNavigableMap(new TreeMap<>(files));
    this.anomalies = List.copyOf(anomalies);
  }

  /** A filesystem of exactly these entries (as made by a build, not read from layers). */
  public static FlatFilesystem of(Collection<FlatFile> entries) {
    NavigableMap<String, FlatFile> map = new TreeMap<>();
    for (FlatFile f : entries) {
      map.put(f.path(), f);
    }
    return new FlatFilesystem(map, List.of());
  }

  /** As {@link #of}, hard links taking the metadata and inspection of the file they link to. */
  public static FlatFilesystem withHardlinksResolved(Collection<FlatFile> entries) {
    LayerApplier applier = new LayerApplier(FileInspector.NONE);
    applier.apply(new LayerChanges(new ArrayList<>(entries), List.of(), List.of(), List.of()));
    return applier.result();
  }

  /** Every entry, sorted by path. */
  public Collection<FlatFile> files() {
    return files.values();
  }

  public FlatFile get(String path) {
    return files.get(path);
  }

  public int size() {
    return files.size();
  }

  public List<String> anomalies() {
    return anomalies;
  }

  /** The entries strictly below directory {@code dir}. */
  public Collection<FlatFile> below(String dir) {
    return subtree(files, dir).values();
  }

  static NavigableMap<String, FlatFile> subtree(NavigableMap<String, FlatFile> map, String dir) {
    String prefix = dir.equals("/") ? "/" : dir + "/";
    // '0' follows '/' in ASCII: [dir/, dir0) is exactly the paths below dir.
    return map.subMap(prefix, true, dir.equals("/") ? "0" : dir + "0", false);
  }

  /**
   * The entry {@code path} leads to, following symlinks in any component (absolute targets
   * from the image's root, relative ones from the link's directory); null when it leads nowhere,
   * loops, or climbs above the root (which, inside an image, stays at the root).
   */
  public FlatFile resolve(String path) {
    String real = realPath(path);
    return real == null ? null : files.get(real);
  }

  /** The path with every symlink component resolved, or null if a component is missing or loops. */
  public String realPath(String path) {
    String real = LinkWalk.resolve(path, new LinkWalk.Lookup() {
      @Override
      public String linkTarget(String p) {
        FlatFile f = files.get(p);
        return f != null && f.isSymlink() ? f.linkTarget() : null;
      }

      // A directory a layer never listed but put entries in exists, as a runtime would make it.
      @Override
      public boolean exists(String p) {
        return files.containsKey(p) || !subtree(files, p).isEmpty();
      }
    }, true, false);
    return real == null || !(files.containsKey(real) || real.equals("/") || !subtree(files, real).isEmpty()) ? null : real;
  }

  /** The real directory that holds {@code path} (its parent with symlinks resolved), or null. */
  public String realParent(String path) {
    return realPath(Paths.parent(path));
  }

  /** Content kept by the inspector for the file {@code path} leads to, or null. */
  public byte[] content(String path) {
    FlatFile f = resolve(path);
    return f == null ? null : f.content();
  }

  Map<String, FlatFile> asMap() {
    return files;
  }
}
