package dev.basalt.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records of files hashed before: a match needs the very same, unchanged file. */
class CheckedFilesTest {
  private static final byte[] CONTENT = "layer bytes".getBytes(StandardCharsets.US_ASCII);
  private static final Digest DIGEST = Digest.of(CONTENT);

  @TempDir Path dir;

  @Test
  void aRememberedFileMatchesItsDigestAndAHardLinkToItToo() throws Exception {
    CheckedFiles checked = new CheckedFiles(dir.resolve("cache"));
    Path file = Files.write(dir.resolve("blob"), CONTENT);
    assertThat(checked.matches(DIGEST, file)).isFalse();

    checked.remember(DIGEST, file);

    assertThat(checked.matches(DIGEST, file)).isTrue();
    assertThat(checked.matches(Digest.of(new byte[0]), file)).isFalse();
    Path link = Files.createLink(dir.resolve("link"), file);
    assertThat(new CheckedFiles(dir.resolve("cache")).matches(DIGEST, link)).isTrue();
  }

  @Test
  void writingIntoTheFileOrReplacingItIsAMiss() throws Exception {
    CheckedFiles checked = new CheckedFiles(dir.resolve("cache"));
    Path file = Files.write(dir.resolve("blob"), CONTENT);
    checked.remember(DIGEST, file);
    FileTime before = Files.getLastModifiedTime(file);

    Files.write(file, "layer bytez".getBytes(StandardCharsets.US_ASCII));
    Files.setLastModifiedTime(file, FileTime.fromMillis(before.toMillis() + 1));
    assertThat(checked.matches(DIGEST, file)).isFalse();

    checked.remember(DIGEST, Files.write(file, CONTENT));
    Path replacement = Files.write(dir.resolve("new"), CONTENT);
    Files.setLastModifiedTime(replacement, Files.getLastModifiedTime(file));
    Files.move(replacement, file, StandardCopyOption.REPLACE_EXISTING);
    assertThat(checked.matches(DIGEST, file)).as("a new inode, though size and time are the same").isFalse();
  }

  @Test
  void aGarbledRecordIsAMissAndCacheVerifyReportsIt() throws Exception {
    Path cache = dir.resolve("cache");
    CheckedFiles checked = new CheckedFiles(cache);
    Path file = Files.write(dir.resolve("blob"), CONTENT);
    checked.remember(DIGEST, file);
    Path record = checked.record(DIGEST, CheckedFiles.identity(file));
    byte[] bytes = Files.readAllBytes(record);
    bytes[bytes.length - 12] ^= 1;
    Files.write(record, bytes);

    assertThat(checked.matches(DIGEST, file)).isFalse();
    assertThat(CacheVerifier.verify(cache, false).bad()).extracting(CacheVerifier.Problem::path).containsExactly(record);
  }

  @Test
  void twoCopiesOfABlobEachKeepTheirRecord() throws Exception {
    CheckedFiles checked = new CheckedFiles(dir.resolve("cache"));
    Path one = Files.write(dir.resolve("one"), CONTENT);
    Path two = Files.write(dir.resolve("two"), CONTENT);
    checked.remember(DIGEST, one);
    checked.remember(DIGEST, two);
    assertThat(checked.matches(DIGEST, one)).isTrue();
    assertThat(checked.matches(DIGEST, two)).isTrue();
  }

  @Test
  void aDirectoryOrAMissingFileNeverMatches() throws Exception {
    CheckedFiles checked = new CheckedFiles(dir.resolve("cache"));
    checked.remember(DIGEST, dir);
    assertThat(checked.matches(DIGEST, dir)).isFalse();
    assertThat(checked.matches(DIGEST, dir.resolve("absent"))).isFalse();
  }
}
