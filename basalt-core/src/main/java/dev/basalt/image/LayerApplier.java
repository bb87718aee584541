package dev.basalt.image;

import dev.basalt.fs.Paths;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Applies layer tars in order to get an image's final filesystem, as a container runtime
 * would: {@code .wh.NAME} removes NAME (and all below it) from the layers beneath,
 * {@code .wh..wh..opq} empties its directory of what the layers beneath put there, and a later
 * entry replaces an earlier one. Only metadata and what the {@link FileInspector} keeps are held,
 * so memory does not grow with layer size.
 */
public final class LayerApplier {
  /** The OCI layer spec's whiteout names. */
  public static final String WHITEOUT_PREFIX = ".wh.";
  public static final String OPAQUE = ".wh..wh..opq";
  private static final List<String> CAPABILITY_XATTRS =
      List.of("SCHILY.xattr.security.capability", "LIBARCHIVE.xattr.security.capability");

  private final FileInspector inspector;
  private final NavigableMap<String, FlatFile> files = new TreeMap<>();
  private final List<String> anomalies = new ArrayList<>();

  public LayerApplier(FileInspector inspector) {
    this.inspector = inspector;
  }

  /** Reads every layer of {@code image} from {@code source} and returns the result. */
  public static FlatFilesystem flatten(ImageSource source, SourceImage image, FileInspector inspector)
      throws ImageReadException {
    return flatten(source, image, inspector, null);
  }

  /**
   * As {@link #flatten(ImageSource, SourceImage, FileInspector)}, taking a layer's changes from
   * {@code cache} (when given, and the inspector names what it keeps) after checking the layer
   * blob's digest, and storing the changes of layers read afresh.
   */
  public static FlatFilesystem flatten(ImageSource source, SourceImage image, FileInspector inspector,
      LayerChangesCache cache) throws ImageReadException {
    LayerApplier applier = new LayerApplier(inspector);
    String key = inspector.cacheKey();
    for (SourceImage.LayerBlob layer : image.layers()) {
      boolean cacheable = cache != null && key != null && layer.digest() != null;
      try {
        LayerChanges changes = cacheable ? cache.get(key, layer.digest()) : null;
        if (changes != null) {
          source.checkLayer(image, layer);
        } else {
          try (InputStream in = source.openLayer(image, layer)) {
            changes = read(in, layer.location(), inspector);
          }
          if (cacheable) {
            cache.put(key, layer.digest(), changes);
          }
        }
        applier.apply(changes);
      } catch (IOException e) {
        throw new ImageReadException(source.location().display() + ": cannot read layer " + layer.location() + ": "
            + e.getMessage(), e);
      }
    }
    return applier.result();
  }

  /** Applies one layer tar on top of what was applied so far. */
  public void apply(InputStream layerTar, String layerName) throws IOException {
    apply(read(layerTar, layerName, inspector));
  }

  /** What one layer tar changes, with what {@code inspector} keeps of its files. */
  static LayerChanges read(InputStream layerTar, String layerName, FileInspector inspector) throws IOException {
    Map<String, FlatFile> added = new LinkedHashMap<>();
    List<String> whiteouts = new ArrayList<>();
    List<String> opaque = new ArrayList<>();
    List<String> anomalies = new ArrayList<>();
    TarArchiveInputStream tar = new TarArchiveInputStream(layerTar, StandardCharsets.UTF_8.name());
    TarArchiveEntry e;
    while ((e = tar.getNextEntry()) != null) {
      String path;
      try {
        path = Paths.normalize(e.getName());
      } catch (IllegalArgumentException bad) {
        anomalies.add("layer " + layerName + " has an entry that climbs out of the root: " + e.getName());
        continue;
      }
      String name = Paths.name(path);
      if (name.equals(OPAQUE)) {
        opaque.add(Paths.parent(path));
      } else if (name.startsWith(WHITEOUT_PREFIX)) {
        whiteouts.add(Paths.parent(path).equals("/") ? "/" + name.substring(WHITEOUT_PREFIX.length())
            : Paths.parent(path) + "/" + name.substring(WHITEOUT_PREFIX.length()));
      } else if (!path.equals("/")) {
        added.put(path, entry(path, e, tar, inspector));
      }
    }
    return new LayerChanges(new ArrayList<>(added.values()), whiteouts, opaque, anomalies);
  }

  /** Applies one layer's changes on top of what was applied so far. */
  public void apply(LayerChanges changes) {
    anomalies.addAll(changes.anomalies());
    for (String dir : changes.opaque()) {
      FlatFilesystem.subtree(files, dir).clear();
    }
    for (String gone : changes.whiteouts()) {
      files.remove(gone);
      FlatFilesystem.subtree(files, gone).clear();
    }
    for (FlatFile f : changes.added()) {
      FlatFile before = files.get(f.path());
      if (before != null && before.isDirectory() && !f.isDirectory()) {
        FlatFilesystem.subtree(files, f.path()).clear();
      }
      files.put(f.path(), f);
    }
  }

  private static FlatFile entry(String path, TarArchiveEntry e, InputStream content, FileInspector inspector)
      throws IOException {
    int mode = e.getMode() & 07777;
    boolean caps = CAPABILITY_XATTRS.stream().anyMatch(k -> e.getExtraPaxHeader(k) != null);
    if (e.isSymbolicLink()) {
      return new FlatFile(path, FlatFile.Type.SYMLINK, 0777, e.getLongUserId(), e.getLongGroupId(), 0,
          e.getLinkName(), false, Set.of(), null);
    }
    if (e.isLink()) {
      String target;
      try {
        target = Paths.normalize(e.getLinkName());
      } catch (IllegalArgumentException bad) {
        target = e.getLinkName();
      }
      return new FlatFile(path, FlatFile.Type.HARDLINK, mode, e.getLongUserId(), e.getLongGroupId(), 0, target, caps,
          Set.of(), null);
    }
    FlatFile.Type type;
    if (e.isDirectory()) {
      type = FlatFile.Type.DIRECTORY;
    } else if (e.isCharacterDevice()) {
      type = FlatFile.Type.CHAR_DEVICE;
    } else if (e.isBlockDevice()) {
      type = FlatFile.Type.BLOCK_DEVICE;
    } else if (e.isFIFO()) {
      type = FlatFile.Type.FIFO;
    } else {
      FileInspector.Inspection seen = inspector.inspect(path, e.getSize(), content);
      return new FlatFile(path, FlatFile.Type.FILE, mode, e.getLongUserId(), e.getLongGroupId(), e.getSize(), null, caps,
          seen.marks(), seen.content());
    }
    String device = e.isCharacterDevice() || e.isBlockDevice() ? e.getDevMajor() + ":" + e.getDevMinor() : null;
    return new FlatFile(path, type, mode, e.getLongUserId(), e.getLongGroupId(), 0, device, caps, Set.of(), null);
  }

  /** The filesystem so far; hard links take the metadata of what they link to. */
  public FlatFilesystem result() {
    NavigableMap<String, FlatFile> out = new TreeMap<>(files);
    List<String> problems = new ArrayList<>(anomalies);
    for (FlatFile f : files.values()) {
      if (f.type() == FlatFile.Type.HARDLINK) {
        FlatFile target = files.get(f.linkTarget());
        if (target != null && target.isRegular()) {
          out.put(f.path(), f.withMetadataOf(target));
        } else {
          problems.add("hard link " + f.path() + " points to " + f.linkTarget() + ", which is not a file in the image");
        }
      }
    }
    return new FlatFilesystem(out, problems);
  }
}
