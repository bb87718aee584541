package dev.basalt.oci;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Benchmark (a main, not a test) behind the fixed compression levels: size and speed of
 * {@link DeterministicGzip} and {@link DeterministicZstd} per level on a sample file, written in
 * 512-byte pieces as the tar writer feeds them. Run by {@code bench/compress.sh}.
 */
public final class CompressionBench {
  private static final int RUNS = 3;
  private static final int[] GZIP_LEVELS = {1, 4, 5, 6, 7, 9};
  private static final int[] ZSTD_LEVELS = {3, 6, 9, 12, 15};

  private CompressionBench() {}

  public static void main(String[] args) throws Exception {
    byte[] sample = Files.readAllBytes(Path.of(args[0]));
    System.out.printf("sample: %d bytes (%.1f MiB)%n", sample.length, sample.length / 1048576.0);
    measure(sample, true, DeterministicGzip.DEFAULT_LEVEL); // warm-up, not printed
    System.out.println("| level | size | speed |");
    System.out.println("|---|---|---|");
    for (int level : GZIP_LEVELS) {
      System.out.println(measure(sample, true, level));
    }
    for (int level : ZSTD_LEVELS) {
      System.out.println(measure(sample, false, level));
    }
  }

  private static String measure(byte[] sample, boolean gzip, int level) throws IOException {
    long best = Long.MAX_VALUE;
    long size = 0;
    for (int run = 0; run < RUNS; run++) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(sample.length);
      long start = System.nanoTime();
      try (OutputStream c = gzip ? new DeterministicGzip(out, level) : new DeterministicZstd(out, level)) {
        for (int off = 0; off < sample.length; off += 512) {
          c.write(sample, off, Math.min(512, sample.length - off));
        }
      }
      best = Math.min(best, System.nanoTime() - start);
      size = out.size();
    }
    return String.format("| %s %d | %.2f%% | %.1f MB/s |", gzip ? "gzip" : "zstd", level, 100.0 * size / sample.length,
        sample.length / 1e6 / (best / 1e9));
  }
}
