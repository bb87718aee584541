package dev.basalt.build;

import dev.basalt.cache.BlobStore;
import dev.basalt.cache.CacheException;
import dev.basalt.cache.Digest;
import dev.basalt.fs.AtomicFiles;
import dev.basalt.fs.FileEntry;
import dev.basalt.fs.FileTree;
import dev.basalt.oci.Compression;
import dev.basalt.oci.Layer;
import dev.basalt.oci.LayerWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Properties;

/**
 * Reuses a layer when its tree is unchanged: the key is a fingerprint of everything that
 * determines the layer's bytes (every entry's path, type, mode, owner, mtime, link target and
 * content digest, the epoch, the compression, and the writer's format version), the value the
 * layer's descriptor; the blob itself lives in the blob store and is checked when reused. An
 * unchanged layer keeps its digest and costs no compression.
 */
public final class LayerCache {
  /**
   * Bump whenever the bytes {@link LayerWriter} produces for a tree change (tar layout, gzip or
   * zstd settings); the golden digest tests fail first when they do.
   */
  static final String FORMAT = "basalt-layer-1";

  private final BlobStore store;
  private final Path index;

  public LayerCache(BlobStore store) {
    this.store = store;
    this.index = store.root().resolve("layers");
  }

  /** The layer for {@code tree}: from the cache when an intact one exists, else written now. */
  public Layer layerFor(FileTree tree, long epoch, Compression compression, Path scratch) throws IOException, CacheException {
    String key = fingerprint(tree, epoch, compression).hex();
    Path entry = index.resolve(key + ".properties");
    Layer cached = read(entry);
    if (cached != null && store.find(cached.digest(), cached.size()).isPresent()) {
      return cached;
    }
    Layer layer = new LayerWriter(epoch, compression).write(tree, scratch);
    try (InputStream in = Files.newInputStream(scratch)) {
      store.put(layer.digest(), layer.size(), in, "layer " + scratch);
    }
    Files.deleteIfExists(scratch);
    write(entry, layer);
    return layer;
  }

  /** Where the layer's blob is. */
  public Path blob(Layer layer) {
    return store.pathOf(layer.digest());
  }

  static Digest fingerprint(FileTree tree, long epoch, Compression compression) throws IOException {
    MessageDigest sha = Digest.newSha256();
    StringBuilder line = new StringBuilder();
    line.append(FORMAT).append('\n').append(epoch).append('\n').append(compression.name()).append('\n');
    sha.update(line.toString().getBytes(StandardCharsets.UTF_8));
    for (FileEntry e : tree.entries()) {
      line.setLength(0);
      line.append(e.getClass().getSimpleName()).append('\0').append(e.path()).append('\0')
          .append(e.mode()).append('\0').append(e.uid()).append('\0').append(e.gid()).append('\0')
          .append(e.mtime()).append('\0');
      if (e instanceof FileEntry.RegularFile f) {
        line.append(f.content().digest().hex()).append('\0').append(f.size());
      } else if (e instanceof FileEntry.Symlink s) {
        line.append(s.target());
      } else if (e instanceof FileEntry.Hardlink h) {
        line.append(h.target());
      }
      line.append('\n');
      sha.update(line.toString().getBytes(StandardCharsets.UTF_8));
    }
    return Digest.fromBytes(sha.digest());
  }

  private static Layer read(Path entry) {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(entry)) {
      p.load(in);
      return new Layer(Digest.parse(p.getProperty("digest")), Long.parseLong(p.getProperty("size")),
          Digest.parse(p.getProperty("diffId")), Long.parseLong(p.getProperty("uncompressedSize")),
          p.getProperty("mediaType"));
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException | RuntimeException e) {
      try {
        Files.deleteIfExists(entry);
      } catch (IOException ignored) {
        // A damaged entry that cannot be deleted is simply rewritten below.
      }
      return null;
    }
  }

  private static void write(Path entry, Layer layer) throws IOException {
    String text = "digest=" + layer.digest() + "\nsize=" + layer.size() + "\ndiffId=" + layer.diffId()
        + "\nuncompressedSize=" + layer.uncompressedSize() + "\nmediaType=" + layer.mediaType() + "\n";
    AtomicFiles.write(entry, text.getBytes(StandardCharsets.UTF_8));
  }
}
