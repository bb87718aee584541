package dev.basalt.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.fs.Content;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStoreTest {
  @TempDir Path dir;

  private static final byte[] HELLO = "hello\n".getBytes(StandardCharsets.US_ASCII);
  private static final String HELLO_HEX = "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03";

  @Test
  void storesUnderTheDigestComputedWhileWriting() throws Exception {
    FileStore store = new FileStore(dir);
    InputStream in = new ByteArrayInputStream("hello\nand more".getBytes(StandardCharsets.US_ASCII));

    Content.Stored stored = store.put(in, HELLO.length);

    Path expected = dir.resolve("blobs/sha256/" + HELLO_HEX);
    assertThat(stored).isEqualTo(new Content.Stored(expected, 6, Digest.parse(HELLO_HEX)));
    assertThat(expected).hasBinaryContent(HELLO);
    assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("and more");
    assertThat(store.has(Digest.parse(HELLO_HEX), 6)).isTrue();
    assertThat(store.has(Digest.parse(HELLO_HEX), 7)).isFalse();
    assertThat(new BlobStore(dir).find(Digest.parse(HELLO_HEX), 6)).contains(expected);
  }

  @Test
  void theSameBytesTwiceMakeOneFileAndNoLeftovers() throws Exception {
    FileStore store = new FileStore(dir);

    Content.Stored a = store.put(new ByteArrayInputStream(HELLO), HELLO.length);
    Content.Stored b = store.put(new ByteArrayInputStream(HELLO), HELLO.length);

    assertThat(b).isEqualTo(a);
    try (Stream<Path> files = Files.list(dir.resolve("blobs/sha256"))) {
      assertThat(files).containsExactly(a.file());
    }
  }

  @Test
  void aShortStreamStoresNothing() throws Exception {
    FileStore store = new FileStore(dir);

    assertThatThrownBy(() -> store.put(new ByteArrayInputStream(HELLO), 10))
        .isInstanceOf(EOFException.class)
        .hasMessage("content ended after 6 of 10 bytes");
    try (Stream<Path> files = Files.list(dir.resolve("blobs/sha256"))) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void discardRemovesAFile() throws Exception {
    FileStore store = new FileStore(dir);
    Content.Stored stored = store.put(new ByteArrayInputStream(HELLO), HELLO.length);

    store.discard(stored.digest());

    assertThat(stored.file()).doesNotExist();
    assertThat(store.has(stored.digest(), HELLO.length)).isFalse();
  }
}
