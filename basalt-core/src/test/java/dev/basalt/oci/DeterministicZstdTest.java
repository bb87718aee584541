package dev.basalt.oci;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.ZstdInputStream;
import dev.basalt.cache.Digest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class DeterministicZstdTest {
  private static final byte[] SAMPLE = CompressionSamples.text(1 << 20);

  /** Pins the bundled zstd's output at the default level; a zstd-jni upgrade may move it. */
  private static final String GOLDEN = "sha256:8af293cbafd1a6924d83954d3e9db64df0fa5fe4de66495e168625242d02dc09";

  static byte[] zstd(byte[] data, int chunk) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DeterministicZstd z = new DeterministicZstd(out)) {
      for (int off = 0; off < data.length; off += chunk) {
        z.write(data, off, Math.min(chunk, data.length - off));
        z.flush();
      }
    }
    return out.toByteArray();
  }

  @Test
  void roundTripsAndDependsOnlyOnTheData() throws Exception {
    byte[] whole = zstd(SAMPLE, SAMPLE.length);
    try (ZstdInputStream in = new ZstdInputStream(new ByteArrayInputStream(whole))) {
      assertThat(in.readAllBytes()).isEqualTo(SAMPLE);
    }
    assertThat(zstd(SAMPLE, 512)).isEqualTo(whole);
    assertThat(zstd(SAMPLE, 7919)).isEqualTo(whole);
    assertThat(zstd(Arrays.copyOf(SAMPLE, 20_000), 1)).isEqualTo(zstd(Arrays.copyOf(SAMPLE, 20_000), 20_000));
    assertThat(Digest.of(whole)).hasToString(GOLDEN);
    assertThat(whole).hasSize(234_692);
  }

  @Test
  void frameHasNoChecksumNoDictionaryAndNoContentSize() throws Exception {
    byte[] frame = zstd(SAMPLE, 4096);
    assertThat(HexFormat.of().formatHex(frame, 0, 4)).isEqualTo("28b52ffd");
    int descriptor = frame[4] & 0xff;
    assertThat(descriptor & 0b0000_0100).as("checksum flag").isZero();
    assertThat(descriptor & 0b0000_0011).as("dictionary id flag").isZero();
    assertThat(descriptor >>> 6).as("frame content size flag").isZero();
  }
}
