package dev.basalt.debian;

import dev.basalt.cache.Digest;
import dev.basalt.fs.AtomicFiles;
import dev.basalt.fs.BoundedExpansion;
import dev.basalt.fs.ExpansionLimit;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * Reads a {@code Packages} index (xz, gzip or plain) into {@link IndexedPackages}. The parsed
 * form is cached beside the blob store, keyed by the index's SHA-256 and sealed with a CRC32C,
 * because decompressing and parsing ~69k stanzas would dominate a warm resolve.
 */
public final class PackagesIndex {
  private static final java.util.regex.Pattern SHA256_HEX = java.util.regex.Pattern.compile("[0-9a-f]{64}");

  private final Path parsedDir;

  /** @param parsedDir where parsed forms are cached (created on demand) */
  public PackagesIndex(Path parsedDir) {
    this.parsedDir = parsedDir;
  }

  /**
   * The packages of the verified index blob {@code blob}, whose digest is {@code digest}; from
   * the parsed cache when an intact entry exists.
   */
  public IndexedPackages read(Path blob, Digest digest, String fileName, IndexOrigin origin)
      throws ArchiveException {
    IndexedPackages fromCache = cached(digest, origin);
    if (fromCache != null) {
      return fromCache;
    }
    Path cached = parsedDir.resolve(digest.hex() + ".pkgidx");
    List<BinaryPackage> parsed;
    try (InputStream in = decompress(Files.newInputStream(blob), fileName)) {
      parsed = parse(in, fileName + " (" + origin + ")", origin);
    } catch (IOException e) {
      throw new ArchiveException("cannot read index " + fileName + " of " + origin + ": " + e.getMessage(), e);
    }
    byte[] encoded;
    try {
      encoded = IndexedPackages.encode(parsed);
    } catch (IllegalArgumentException e) {
      throw new ArchiveException("index " + fileName + " of " + origin + " has a malformed Provides field: " + e.getMessage(), e);
    }
    try {
      AtomicFiles.write(cached, encoded);
    } catch (IOException e) {
      // The parsed form is only an accelerator; failing to store it must not fail the resolve.
    }
    return IndexedPackages.decode(encoded, origin);
  }

  /**
   * The intact parsed form of the index with this digest, or null. It was made from a blob that
   * was verified against the signed Release, so the blob need not be read (or re-hashed) again.
   */
  public IndexedPackages cached(Digest digest, IndexOrigin origin) {
    return readCached(parsedDir.resolve(digest.hex() + ".pkgidx"), origin);
  }

  /** Parses uncompressed {@code Packages} text. */
  public static List<BinaryPackage> parse(InputStream in, String source, IndexOrigin origin)
      throws IOException, ArchiveException {
    List<BinaryPackage> out = new ArrayList<>();
    Map<String, String> pool = new HashMap<>();
    Deb822Exception[] firstError = new Deb822Exception[1];
    Deb822.stream(
        in,
        source,
        false,
        s -> {
          String name = s.value("Package");
          String version = s.value("Version");
          String arch = s.value("Architecture");
          String filename = s.value("Filename");
          String sha = s.value("SHA256");
          String size = s.value("Size");
          if (firstError[0] != null) {
            return;
          }
          if (name == null || version == null || arch == null || filename == null || sha == null || size == null) {
            firstError[0] = new Deb822Exception(source, s.line(),
                "stanza lacks one of Package, Version, Architecture, Filename, Size, SHA256");
            return;
          }
          if (filename.startsWith("/") || filename.contains("..") || !SHA256_HEX.matcher(sha).matches()) {
            firstError[0] = new Deb822Exception(source, s.line(),
                "package " + name + " has an unsafe Filename or a malformed SHA256");
            return;
          }
          String installed = s.value("Installed-Size");
          try {
            out.add(
                new BinaryPackage(
                    name,
                    version,
                    intern(pool, arch),
                    intern(pool, s.value("Multi-Arch")),
                    "yes".equals(s.value("Essential")),
                    intern(pool, s.value("Priority")),
                    s.value("Source"),
                    s.value("Depends"),
                    s.value("Pre-Depends"),
                    s.value("Provides"),
                    s.value("Conflicts"),
                    s.value("Breaks"),
                    s.value("Replaces"),
                    filename,
                    Long.parseLong(size),
                    installed == null ? 0 : Long.parseLong(installed),
                    sha,
                    origin));
          } catch (NumberFormatException e) {
            firstError[0] = new Deb822Exception(source, s.line(), "Size or Installed-Size is not a number");
          }
        });
    if (firstError[0] != null) {
      throw firstError[0];
    }
    return out;
  }

  /** The index's bytes, decompressed under the configured {@link ExpansionLimit}. */
  static InputStream decompress(InputStream raw, String fileName) throws IOException {
    InputStream in = new BufferedInputStream(raw, 1 << 16);
    if (fileName.endsWith(".xz")) {
      return BoundedExpansion.decompress(in, XZInputStream::new, "index " + fileName);
    }
    if (fileName.endsWith(".gz")) {
      return BoundedExpansion.decompress(in, c -> new GZIPInputStream(c, 1 << 16), "index " + fileName);
    }
    return in;
  }

  private static String intern(Map<String, String> pool, String s) {
    return s == null ? null : pool.computeIfAbsent(s, k -> k);
  }

  private static IndexedPackages readCached(Path file, IndexOrigin origin) {
    // Mapped rather than read: only the pages a resolve touches are faulted in beyond the
    // checksum pass, and nothing is copied onto the heap.
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      IndexedPackages decoded = IndexedPackages.decode(ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size()), origin);
      if (decoded == null) {
        discard(file);
      }
      return decoded;
    } catch (IOException e) {
      return null;
    }
  }

  private static void discard(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // Unreadable and undeletable: parsing the index again is still correct.
    }
  }
}
