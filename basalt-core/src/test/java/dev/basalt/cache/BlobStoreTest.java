package dev.basalt.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobStoreTest {
  @TempDir Path dir;

  private static final byte[] HELLO = "hello\n".getBytes(StandardCharsets.US_ASCII);
  private static final Digest HELLO_DIGEST =
      Digest.parse("sha256:5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03");

  @Test
  void storesUnderItsDigestAndFindsItAgain() throws Exception {
    BlobStore store = new BlobStore(dir);
    Path p = store.put(HELLO_DIGEST, HELLO.length, new ByteArrayInputStream(HELLO), "test");
    assertThat(p).isEqualTo(dir.resolve("blobs/sha256/5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03"));
    assertThat(Files.readAllBytes(p)).isEqualTo(HELLO);
    assertThat(store.find(HELLO_DIGEST, HELLO.length)).contains(p);
    assertThat(store.find(HELLO_DIGEST, 99)).isEmpty();
  }

  @Test
  void wrongDigestIsRefusedAndLeavesNothingBehind() throws Exception {
    BlobStore store = new BlobStore(dir);
    byte[] other = "hellO\n".getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> store.put(HELLO_DIGEST, other.length, new ByteArrayInputStream(other), "http://x/pkg.deb"))
        .isInstanceOf(IntegrityException.class)
        .hasMessage("http://x/pkg.deb has digest " + Digest.of(other) + ", but its index promises " + HELLO_DIGEST
            + "; the file was tampered with or corrupted on the way");
    assertThat(store.find(HELLO_DIGEST, -1)).isEmpty();
    try (Stream<Path> files = Files.walk(dir)) {
      assertThat(files.filter(Files::isRegularFile)).isEmpty();
    }
  }

  @Test
  void truncatedAndOversizedContentIsRefused() {
    BlobStore store = new BlobStore(dir);
    assertThatThrownBy(() -> store.put(HELLO_DIGEST, 10, new ByteArrayInputStream(HELLO), "src"))
        .isInstanceOf(IntegrityException.class)
        .hasMessage("src has 6 bytes, but its index promises 10 (truncated download?)");
    assertThatThrownBy(() -> store.put(HELLO_DIGEST, 3, new ByteArrayInputStream(HELLO), "src"))
        .hasMessage("src is larger than the 3 bytes its index promises");
  }

  @Test
  void aCorruptedEntryIsDetectedAndRemoved() throws Exception {
    BlobStore store = new BlobStore(dir);
    Path p = store.putBytes(HELLO, "test");
    Files.write(p, "jello\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(store.find(HELLO_DIGEST, HELLO.length)).isEmpty();
    assertThat(p).doesNotExist();
  }
}
