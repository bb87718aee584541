package dev.basalt.image;

import dev.basalt.cache.Digest;
import dev.basalt.fs.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Layers already read, by blob digest and by what was inspected: the second audit of an image
 * (or of another image on the same base layers) hashes each layer blob to prove it is the one
 * read before, but does not decompress or parse it again. Entries are sealed; a damaged one is
 * read again from the layer. Only an accelerator: failing to store an entry fails nothing.
 */
public final class LayerChangesCache {
  private final Path dir;

  /** A cache under {@code cacheRoot} (basalt's cache directory). */
  public LayerChangesCache(Path cacheRoot) {
    this.dir = Objects.requireNonNull(cacheRoot, "cacheRoot == null").resolve("layer-changes");
  }

  Path pathOf(String inspector, Digest blob) {
    return dir.resolve(inspector).resolve(blob.hex());
  }

  LayerChanges get(String inspector, Digest blob) {
    Path file = pathOf(inspector, blob);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException absent) {
      return null;
    }
    LayerChanges changes = LayerChanges.decode(bytes);
    if (changes == null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // unreadable and undeletable: the layer is read again either way
      }
    }
    return changes;
  }

  /** Stores what {@code inspector} found in the layer blob {@code blob}, replacing any entry. */
  public void store(String inspector, Digest blob, LayerChanges changes) {
    put(inspector, blob, changes);
  }

  void put(String inspector, Digest blob, LayerChanges changes) {
    try {
      AtomicFiles.write(pathOf(inspector, blob), changes.encode());
    } catch (IOException | RuntimeException e) {
      // an accelerator only
    }
  }
}
