package dev.basalt.maven;

import dev.basalt.cache.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * basalt's shipped presets, carried inside the plugin (a Maven build has no basalt checkout to
 * take them from) and unpacked into the cache under the digest of their contents, so that a
 * preset base is found at the same path by every build with the same plugin.
 */
final class BundledPresets {
  /** Where the build puts {@code presets/*.yaml} inside the plugin jar. */
  static final String RESOURCE_DIR = "dev/basalt/maven/presets/";

  private BundledPresets() {}

  /** The presets' directory under {@code cacheDir}, unpacked there first when absent. */
  static Path unpack(Path cacheDir) throws IOException {
    Map<String, byte[]> presets = read();
    if (presets.isEmpty()) {
      throw new IOException("the plugin carries no presets under " + RESOURCE_DIR + " (a damaged plugin jar?)");
    }
    StringBuilder key = new StringBuilder();
    for (Map.Entry<String, byte[]> e : presets.entrySet()) {
      key.append(e.getKey()).append(' ').append(Digest.of(e.getValue()).hex()).append('\n');
    }
    Path root = cacheDir.resolve("presets");
    Path dir = root.resolve(Digest.of(key.toString().getBytes(StandardCharsets.UTF_8)).hex());
    if (Files.isDirectory(dir)) {
      return dir;
    }
    Files.createDirectories(root);
    Path tmp = Files.createTempDirectory(root, dir.getFileName() + ".partial-");
    for (Map.Entry<String, byte[]> e : presets.entrySet()) {
      Files.write(tmp.resolve(e.getKey()), e.getValue());
    }
    try {
      Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException | java.nio.file.DirectoryNotEmptyException e) {
      deleteFlat(tmp); // another build unpacked the same presets first
    }
    return dir;
  }

  /** File name to contents of every bundled preset file, read from the plugin's jar (or classes directory). */
  static Map<String, byte[]> read() throws IOException {
    Map<String, byte[]> presets = new TreeMap<>();
    Path source;
    try {
      source = Path.of(BundledPresets.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IOException("cannot locate the plugin's jar: " + e.getMessage(), e);
    }
    if (Files.isDirectory(source)) {
      Path dir = source.resolve(RESOURCE_DIR);
      if (Files.isDirectory(dir)) {
        try (Stream<Path> files = Files.list(dir)) {
          for (Path f : files.filter(Files::isRegularFile).toList()) {
            presets.put(f.getFileName().toString(), Files.readAllBytes(f));
          }
        }
      }
      return presets;
    }
    try (JarFile jar = new JarFile(source.toFile())) {
      for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
        JarEntry entry = entries.nextElement();
        String name = entry.getName();
        if (!entry.isDirectory() && name.startsWith(RESOURCE_DIR) && name.indexOf('/', RESOURCE_DIR.length()) < 0) {
          try (InputStream in = jar.getInputStream(entry)) {
            presets.put(name.substring(RESOURCE_DIR.length()), in.readAllBytes());
          }
        }
      }
    }
    return presets;
  }

  private static void deleteFlat(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.deleteIfExists(f);
      }
    }
    Files.deleteIfExists(dir);
  }
}
