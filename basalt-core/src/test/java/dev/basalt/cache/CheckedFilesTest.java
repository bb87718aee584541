package dev.basalt.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.cache.CheckedFiles.Identity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records of files hashed before: a match needs the very same, unchanged file. */
class CheckedFilesTest {
  private static final byte[] CONTENT = "layer bytes".getBytes(StandardCharsets.US_ASCII);
  private static final Digest DIGEST = Digest.of(CONTENT);
  private static final FileTime AN_HOUR_AGO = FileTime.from(Instant.now().minusSeconds(3600));

  @TempDir Path dir;

  /** A file written an hour ago: older than the racy window. */
  private Path settled(String name, byte[] content) throws IOException {
    Path file = Files.write(dir.resolve(name), content);
    Files.setLastModifiedTime(file, AN_HOUR_AGO);
    return file;
  }

  @Test
  void aRememberedFileMatchesItsDigestAndAHardLinkToItToo() throws Exception {
    CheckedFiles checked = new CheckedFiles(dir.resolve("cache"));
    Path file = settled("blob", CONTENT);
    assertThat(checked.matches(DIGEST, Identity.of(file))).isFalse();

    checked.remember(DIGEST, Identity.of(file));

    assertThat(checked.matches(DIGEST, Identity.of(file))).isTrue();
    assertThat(checked.matches(Digest.of(new byte[0]), Identity.of(file))).isFalse();
    Path link = Files.createLink(dir.resolve("link"), file);
    assertThat(new CheckedFiles(dir.resolve("cache")).matches(DIGEST, Identity.of(link))).isTrue();
  }

  @Test
  void aFileModifiedJustNowIsNotRemembered() throws Exception {
    CheckedFiles checked = new CheckedFiles(dir.resolve("cache"));
    Path file = Files.write(dir.resolve("blob"), CONTENT);
    checked.remember(DIGEST, Identity.of(file));
    assertThat(checked.matches(DIGEST, Identity.of(file))).as("within the racy window").isFalse();
  }

  @Test
  void writingIntoTheFileOrReplacingItIsAMiss() throws Exception {
    CheckedFiles checked = new CheckedFiles(dir.resolve("cache"));
    Path file = settled("blob", CONTENT);
    checked.remember(DIGEST, Identity.of(file));

    Files.write(file, "layer bytez".getBytes(StandardCharsets.US_ASCII));
    Files.setLastModifiedTime(file, FileTime.fromMillis(AN_HOUR_AGO.toMillis() + 1));
    assertThat(checked.matches(DIGEST, Identity.of(file))).isFalse();

    Files.write(file, CONTENT);
    Files.setLastModifiedTime(file, AN_HOUR_AGO);
    checked.remember(DIGEST, Identity.of(file));
    Path replacement = settled("new", CONTENT);
    Files.move(replacement, file, StandardCopyOption.REPLACE_EXISTING);
    assertThat(checked.matches(DIGEST, Identity.of(file))).as("a new inode, though size and time are the same").isFalse();
  }

  @Test
  void twoCopiesOfABlobEachKeepTheirRecord() throws Exception {
    CheckedFiles checked = new CheckedFiles(dir.resolve("cache"));
    Path one = settled("one", CONTENT);
    Path two = settled("two", CONTENT);
    checked.remember(DIGEST, Identity.of(one));
    checked.remember(DIGEST, Identity.of(two));
    assertThat(checked.matches(DIGEST, Identity.of(one))).isTrue();
    assertThat(checked.matches(DIGEST, Identity.of(two))).isTrue();
  }

  @Test
  void aGarbledRecordIsAMissAndCacheVerifyReportsIt() throws Exception {
    Path cache = dir.resolve("cache");
    CheckedFiles checked = new CheckedFiles(cache);
    Path file = settled("blob", CONTENT);
    checked.remember(DIGEST, Identity.of(file));
    Path record = checked.record(DIGEST, Identity.of(file));
    byte[] bytes = Files.readAllBytes(record);
    bytes[bytes.length - 12] ^= 1;
    Files.write(record, bytes);

    assertThat(checked.matches(DIGEST, Identity.of(file))).isFalse();
    assertThat(CacheVerifier.verify(cache, false).bad()).extracting(CacheVerifier.Problem::path).containsExactly(record);
  }

  @Test
  void onlyRegularFilesHaveAnIdentity() {
    assertThatThrownBy(() -> Identity.of(dir)).isInstanceOf(IOException.class).hasMessageContaining("not a regular file");
    assertThatThrownBy(() -> Identity.of(dir.resolve("absent"))).isInstanceOf(IOException.class);
  }
}
