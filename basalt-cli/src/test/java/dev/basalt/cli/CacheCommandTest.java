package dev.basalt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.cache.BlobStore;
import dev.basalt.cache.Digest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code basalt cache verify}: the summary, the exit code, and --repair. */
class CacheCommandTest {
  private static final byte[] HELLO = "hello\n".getBytes(StandardCharsets.US_ASCII);

  @TempDir Path cache;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  private int run(String... args) {
    out.getBuffer().setLength(0);
    return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void aCleanCacheExitsZeroWithASummary() throws Exception {
    new BlobStore(cache).putBytes(HELLO, "test");

    assertThat(run("cache", "verify", "--cache", cache.toString())).as(err.toString()).isZero();
    assertThat(out.toString()).isEqualTo("checked 1 cache entries (6 bytes) in " + cache + ": 0 bad, 0 leftover temp files\n");
  }

  @Test
  void aBadEntryExitsOneNamingItAndRepairRemovesIt() throws Exception {
    Path blob = new BlobStore(cache).putBytes(HELLO, "test");
    Files.write(blob, "hellO\n".getBytes(StandardCharsets.US_ASCII));
    Path temp = Files.write(blob.resolveSibling(".x.tmp"), HELLO);
    Digest wrong = Digest.of("hellO\n".getBytes(StandardCharsets.US_ASCII));

    assertThat(run("cache", "verify", "--cache", cache.toString())).isEqualTo(1);
    assertThat(out.toString()).isEqualTo("bad: " + blob + ": content has digest " + wrong + ", not the one it is named by\n"
        + "temp: " + temp + "\n"
        + "checked 1 cache entries (6 bytes) in " + cache + ": 1 bad, 1 leftover temp files\n");

    assertThat(run("cache", "verify", "--repair", "--cache", cache.toString())).isEqualTo(1);
    assertThat(out.toString()).endsWith(": 1 bad, 1 leftover temp files (removed)\n");
    assertThat(Files.exists(blob)).isFalse();
    assertThat(Files.exists(temp)).isFalse();

    assertThat(run("cache", "verify", "--cache", cache.toString())).isZero();
    assertThat(out.toString()).isEqualTo("checked 0 cache entries (0 bytes) in " + cache + ": 0 bad, 0 leftover temp files\n");
  }
}
