package dev.basalt.debian;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.basalt.cache.Digest;
import dev.basalt.cache.FileStore;
import dev.basalt.testkit.FuzzDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A {@code .deb} from a mirror (ar, control.tar, data.tar in any compression) reads into
 * {@link DebContents} or is refused with an {@link ArchiveException}; nothing else escapes.
 */
class DebReaderFuzzTest {
  private static final Path WORK = FuzzDirs.create("basalt-fuzz-deb");

  @FuzzTest(maxDuration = "2m")
  void read(byte[] data) throws IOException {
    readDeb(data);
  }

  /** Reads {@code deb} as a package file; the reader's contract is all that is checked. */
  static void readDeb(byte[] deb) throws IOException {
    Path file = Files.createTempFile(WORK, "fuzz", ".deb");
    try {
      Files.write(file, deb);
      DebContents contents = new DebReader(new FileStore(WORK.resolve("store"))).read(file, Digest.of(deb));
      contents.entries().forEach(Object::toString);
    } catch (ArchiveException expected) {
      // refused, with a message naming the file
    } finally {
      Files.delete(file);
    }
  }
}
