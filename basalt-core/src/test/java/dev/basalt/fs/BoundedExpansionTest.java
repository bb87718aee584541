package dev.basalt.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.github.luben.zstd.ZstdInputStream;
import dev.basalt.testkit.Bombs;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tukaani.xz.XZInputStream;

class BoundedExpansionTest {
  private static final Duration QUICKLY = Duration.ofSeconds(20);

  @ParameterizedTest
  @EnumSource(Bombs.Format.class)
  void refusesAGibibyteOfZerosAfterTheGraceWithoutReadingTheBomb(Bombs.Format format) {
    byte[] bomb = Bombs.zeros(format);
    CountingStream source = new CountingStream(new ByteArrayInputStream(bomb));
    long[] delivered = new long[1];
    assertTimeoutPreemptively(QUICKLY, () ->
        assertThatThrownBy(() -> {
          try (InputStream in = BoundedExpansion.decompress(source, decompressor(format), "layer L",
              ExpansionLimit.DEFAULT)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) >= 0; ) {
              delivered[0] += n;
            }
          }
        }).isInstanceOf(ExpansionLimitException.class)
            .hasMessageStartingWith("layer L expands more than 200-fold (")
            .hasMessageEndingWith("refused as a decompression bomb; if the input is genuine, raise the limit with "
                + "BASALT_MAX_UNPACKED_BYTES / BASALT_MAX_EXPANSION_RATIO (or -Dbasalt.maxUnpackedBytes / "
                + "-Dbasalt.maxExpansionRatio)"));
    // Refused within one read past the grace: at most 16 MiB of the 1 GiB reached the caller,
    // and only the compressed bytes behind those were read.
    assertThat(delivered[0]).isLessThanOrEqualTo(ExpansionLimit.GRACE_BYTES);
    assertThat(delivered[0]).isGreaterThan(ExpansionLimit.GRACE_BYTES - (1 << 16));
    assertThat(source.count).isLessThan(bomb.length / 8 + (1 << 20));
  }

  @Test
  void refusesMoreThanTheTotalEvenAtAnHonestRatio() {
    byte[] noise = new byte[3 << 20];
    new Random(7).nextBytes(noise);
    ExpansionLimit limit = new ExpansionLimit(2 << 20, 1000);
    assertThatThrownBy(() -> readAll(Bombs.compress(Bombs.Format.GZIP, noise), Bombs.Format.GZIP, limit))
        .isInstanceOf(ExpansionLimitException.class)
        .hasMessageStartingWith("index Packages.gz expands to more than 2097152 bytes, the limit for one "
            + "decompressed stream; if the input is genuine, raise the limit with BASALT_MAX_UNPACKED_BYTES");
  }

  @ParameterizedTest
  @EnumSource(Bombs.Format.class)
  void passesWhatStaysWithinTheLimitsUnchanged(Bombs.Format format) throws IOException {
    // Zeros below the grace expand freely; the total limit is inclusive.
    byte[] zeros = new byte[4 << 20];
    ExpansionLimit limit = new ExpansionLimit(zeros.length, 2);
    assertThat(readAll(Bombs.compress(format, zeros), format, limit)).isEqualTo(zeros);
  }

  @Test
  void configuredLimitComesFromPropertiesThenEnvironmentThenDefaults() throws ExpansionLimitException {
    assertThat(ExpansionLimit.from(k -> null, Map.of())).isEqualTo(ExpansionLimit.DEFAULT);
    assertThat(ExpansionLimit.from(k -> null, Map.of("BASALT_MAX_EXPANSION_RATIO", "50",
        "BASALT_MAX_UNPACKED_BYTES", " 1048576 "))).isEqualTo(new ExpansionLimit(1 << 20, 50));
    assertThat(ExpansionLimit.from(k -> k.equals("basalt.maxExpansionRatio") ? "7" : null,
        Map.of("BASALT_MAX_EXPANSION_RATIO", "50"))).isEqualTo(new ExpansionLimit(ExpansionLimit.DEFAULT_MAX_BYTES, 7));
  }

  @Test
  void refusesAMalformedSettingNamingIt() {
    assertThatThrownBy(() -> ExpansionLimit.from(k -> null, Map.of("BASALT_MAX_UNPACKED_BYTES", "16G")))
        .isInstanceOf(ExpansionLimitException.class)
        .hasMessage("BASALT_MAX_UNPACKED_BYTES='16G' is not a positive whole number");
    assertThatThrownBy(() -> ExpansionLimit.from(k -> k.equals("basalt.maxExpansionRatio") ? "0" : null, Map.of()))
        .isInstanceOf(ExpansionLimitException.class)
        .hasMessage("-Dbasalt.maxExpansionRatio='0' is not a positive whole number");
  }

  private static byte[] readAll(byte[] compressed, Bombs.Format format, ExpansionLimit limit) throws IOException {
    String name = format == Bombs.Format.GZIP ? "index Packages.gz" : "index Packages";
    try (InputStream in = BoundedExpansion.decompress(new ByteArrayInputStream(compressed), decompressor(format), name,
        limit)) {
      return in.readAllBytes();
    }
  }

  static BoundedExpansion.Decompressor decompressor(Bombs.Format format) {
    return switch (format) {
      case GZIP -> GZIPInputStream::new;
      case XZ -> XZInputStream::new;
      case ZSTD -> ZstdInputStream::new;
    };
  }

  private static final class CountingStream extends FilterInputStream {
    long count;

    CountingStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      count += b < 0 ? 0 : 1;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      count += Math.max(0, n);
      return n;
    }
  }
}
