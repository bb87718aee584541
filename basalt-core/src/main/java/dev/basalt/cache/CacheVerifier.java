package dev.basalt.cache;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks every entry of a basalt cache directory: content-addressed blobs and unpacked files
 * against the digest they are named by, sealed derived entries (parsed indexes, package
 * listings, layer listings) against their CRC32C, layer index entries for being readable. Temp
 * files of interrupted writes are reported (never used: no digest names them); lock files
 * ({@link BlobLock}) are skipped by design. With repair, bad entries and temp files are deleted, so that the next build
 * fetches or rebuilds them; run it while no build uses the cache.
 */
public final class CacheVerifier {
  /** A cache entry that failed its check. */
  public record Problem(Path path, String reason) {
    public Problem {
      Objects.requireNonNull(path, "path == null");
      Objects.requireNonNull(reason, "reason == null");
    }
  }

  /** What a verification found; {@code repaired} when bad entries and temp files were deleted. */
  public record Report(Path root, int entries, long bytes, List<Problem> bad, List<Path> temps, boolean repaired) {
    public Report {
      bad = List.copyOf(bad);
      temps = List.copyOf(temps);
    }

    public boolean clean() {
      return bad.isEmpty();
    }

    /** One line: what was checked and found. */
    public String summary() {
      return "checked " + entries + " cache entries (" + bytes + " bytes) in " + root + ": " + bad.size()
          + " bad, " + temps.size() + " leftover temp files" + (repaired && (!bad.isEmpty() || !temps.isEmpty())
          ? " (removed)" : "");
    }
  }

  /** Content-addressed stores: the blob store and the unpacked-file store (names are digests). */
  static final List<String> DIGEST_DIRS = List.of("blobs/sha256", "files/blobs/sha256");
  /** Sealed derived entries: package listings, parsed indexes, layer listings, checked files. */
  static final List<String> SEALED_DIRS = List.of("debs", "parsed", "layer-changes", CheckedFiles.DIR);
  /** The build's layer index: properties naming a layer blob. */
  static final String LAYER_INDEX_DIR = "layers";
  /** Runtime state of {@code basalt run} (unpacked roots, bundles, runc's state): not entries. */
  static final Set<String> RUNTIME_DIRS = Set.of("rootfs", "run", "runc");
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");
  private static final String TEMP_SUFFIX = ".tmp";

  private CacheVerifier() {}

  public static Report verify(Path root, boolean repair) throws CacheException {
    Path abs = root.toAbsolutePath().normalize();
    if (!Files.isDirectory(abs)) {
      return new Report(abs, 0, 0, List.of(), List.of(), repair);
    }
    List<Problem> bad = new ArrayList<>();
    List<Path> temps = new ArrayList<>();
    long[] totals = new long[2];
    try {
      Files.walkFileTree(abs, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          boolean skipped = dir.getParent() != null && dir.getParent().equals(abs)
              && (RUNTIME_DIRS.contains(dir.getFileName().toString()) || BlobLock.DIR.equals(dir.getFileName().toString()));
          return skipped ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          String name = file.getFileName().toString();
          if (name.startsWith(".") && name.endsWith(TEMP_SUFFIX)) {
            temps.add(file);
            return FileVisitResult.CONTINUE;
          }
          Kind kind = kindOf(abs.relativize(file));
          if (kind != Kind.OTHER) {
            totals[0]++;
            totals[1] += attrs.size();
            String problem = problem(kind, file, attrs);
            if (problem != null) {
              bad.add(new Problem(file, problem));
            }
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          if (!(e instanceof NoSuchFileException)) {
            bad.add(new Problem(file, "unreadable: " + e.getMessage()));
          }
          return FileVisitResult.CONTINUE;
        }
      });
      if (repair) {
        for (Problem p : bad) {
          Files.deleteIfExists(p.path());
        }
        for (Path t : temps) {
          Files.deleteIfExists(t);
        }
      }
    } catch (IOException e) {
      throw new CacheException("cannot verify the cache " + abs + ": " + e.getMessage(), e);
    }
    return new Report(abs, (int) totals[0], totals[1], bad, temps, repair);
  }

  private enum Kind { DIGEST_NAMED, SEALED, LAYER_INDEX, OTHER }

  private static Kind kindOf(Path relative) {
    String dir = relative.getParent() == null ? "" : relative.getParent().toString().replace('\\', '/');
    if (DIGEST_DIRS.contains(dir)) {
      return Kind.DIGEST_NAMED;
    }
    if (relative.getNameCount() > 1 && SEALED_DIRS.contains(relative.getName(0).toString())) {
      return Kind.SEALED;
    }
    if (LAYER_INDEX_DIR.equals(dir) && relative.getFileName().toString().endsWith(".properties")) {
      return Kind.LAYER_INDEX;
    }
    return Kind.OTHER;
  }

  /** Why the entry is bad, or null when it is good. */
  private static String problem(Kind kind, Path file, BasicFileAttributes attrs) throws IOException {
    if (!attrs.isRegularFile()) {
      return "not a regular file";
    }
    switch (kind) {
      case DIGEST_NAMED:
        String name = file.getFileName().toString();
        if (!HEX.matcher(name).matches()) {
          return "not named by a SHA-256 digest";
        }
        Digest actual = BlobStore.digestOf(file);
        return actual.hex().equals(name) ? null : "content has digest " + actual + ", not the one it is named by";
      case SEALED:
        return sealed(file) ? null : "seal broken (wrong magic or CRC32C)";
      case LAYER_INDEX:
        return layerEntryProblem(file);
      default:
        return null;
    }
  }

  private static boolean sealed(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      if (ch.size() > Integer.MAX_VALUE) {
        return false;
      }
      ByteBuffer buf = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
      return SealedBinary.intact(buf);
    }
  }

  private static String layerEntryProblem(Path file) throws IOException {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      p.load(in);
      Digest.parse(p.getProperty("digest"));
      Digest.parse(p.getProperty("diffId"));
      Long.parseLong(p.getProperty("size"));
      Long.parseLong(p.getProperty("uncompressedSize"));
      if (p.getProperty("mediaType") == null) {
        return "layer index entry lacks mediaType";
      }
      return null;
    } catch (RuntimeException e) {
      return "unreadable layer index entry: " + e.getMessage();
    }
  }
}
