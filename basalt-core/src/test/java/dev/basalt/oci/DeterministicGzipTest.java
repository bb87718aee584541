package dev.basalt.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.cache.Digest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class DeterministicGzipTest {
  private static final byte[] SAMPLE = CompressionSamples.text(1 << 20);

  /** Pins jzlib's output at the default level: a change here changes every gzip layer digest. */
  private static final String GOLDEN = "sha256:e9899d3ff4183028fc6fef9393cbc30db9fc5d9947c436255c9708a3d9d6ce59";

  static byte[] gzip(byte[] data, int chunk, int level) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DeterministicGzip gz = new DeterministicGzip(out, level)) {
      for (int off = 0; off < data.length; off += chunk) {
        gz.write(data, off, Math.min(chunk, data.length - off));
        gz.flush();
      }
    }
    return out.toByteArray();
  }

  static byte[] gunzip(byte[] gz) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return in.readAllBytes();
    }
  }

  @Test
  void headerIsFixed() throws Exception {
    assertThat(HexFormat.of().formatHex(Arrays.copyOf(gzip(SAMPLE, SAMPLE.length, 6), 10)))
        .isEqualTo("1f8b08000000000000ff");
    assertThat(HexFormat.of().formatHex(Arrays.copyOf(gzip(SAMPLE, SAMPLE.length, 9), 10)))
        .isEqualTo("1f8b08000000000002ff");
    assertThat(HexFormat.of().formatHex(Arrays.copyOf(gzip(SAMPLE, SAMPLE.length, 1), 10)))
        .isEqualTo("1f8b08000000000004ff");
  }

  @Test
  void bytesDependOnlyOnTheDataNotOnHowItWasWrittenOrFlushed() throws Exception {
    byte[] whole = gzip(SAMPLE, SAMPLE.length, DeterministicGzip.DEFAULT_LEVEL);
    assertThat(gzip(SAMPLE, SAMPLE.length, DeterministicGzip.DEFAULT_LEVEL)).isEqualTo(whole);
    assertThat(gzip(SAMPLE, 512, DeterministicGzip.DEFAULT_LEVEL)).isEqualTo(whole);
    assertThat(gzip(SAMPLE, 7919, DeterministicGzip.DEFAULT_LEVEL)).isEqualTo(whole);
    assertThat(gzip(Arrays.copyOf(SAMPLE, 20_000), 1, DeterministicGzip.DEFAULT_LEVEL))
        .isEqualTo(gzip(Arrays.copyOf(SAMPLE, 20_000), 20_000, DeterministicGzip.DEFAULT_LEVEL));
    assertThat(Digest.of(whole)).hasToString(GOLDEN);
    assertThat(whole).hasSize(222_531);
  }

  @Test
  void theJdkReadsItBackWithTheRightCrcAndLength() throws Exception {
    for (int level = 1; level <= 9; level++) {
      assertThat(gunzip(gzip(SAMPLE, 65_536, level))).as("level %d", level).isEqualTo(SAMPLE);
    }
    byte[] empty = gzip(new byte[0], 1, DeterministicGzip.DEFAULT_LEVEL);
    assertThat(gunzip(empty)).isEmpty();
    assertThat(HexFormat.of().formatHex(empty)).isEqualTo("1f8b08000000000000ff03000000000000000000");
  }

  @Test
  void misuseIsRefused() throws Exception {
    assertThatThrownBy(() -> new DeterministicGzip(new ByteArrayOutputStream(), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("gzip level must be 1..9, not 0");
    DeterministicGzip gz = new DeterministicGzip(new ByteArrayOutputStream());
    gz.finish();
    assertThatThrownBy(() -> gz.write(1)).isInstanceOf(IOException.class).hasMessage("gzip stream already finished");
  }
}
