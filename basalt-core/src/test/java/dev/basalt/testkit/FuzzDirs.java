package dev.basalt.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Scratch directories for fuzz targets that must write files (packages, layouts, archives). On
 * a memory file system where there is one: the content store fsyncs every file, which on a disk
 * would make each fuzz execution cost milliseconds.
 */
public final class FuzzDirs {
  private static final Path SHM = Path.of("/dev/shm");

  private FuzzDirs() {}

  public static Path create(String prefix) {
    try {
      Path dir = Files.isDirectory(SHM) && Files.isWritable(SHM)
          ? Files.createTempDirectory(SHM, prefix) : Files.createTempDirectory(prefix);
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
