package dev.basalt.debian;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Times {@link Deb822} on a real Packages file, which is too big to commit. Not a test: run it
 * with the path of an uncompressed Packages file, e.g. {@code java -cp
 * target/classes:target/test-classes dev.basalt.debian.Deb822ParseBench Packages}.
 */
public final class Deb822ParseBench {
  private static final int WARMUP_ROUNDS = 5;
  private static final int MEASURED_ROUNDS = 10;

  private Deb822ParseBench() {}

  public static void main(String[] args) throws IOException, Deb822Exception {
    if (args.length != 1) {
      System.err.println("usage: Deb822ParseBench PACKAGES_FILE");
      System.exit(2);
    }
    Path file = Path.of(args[0]);
    System.out.printf("%s: %,d bytes%n", file, Files.size(file));
    long[] streamMs = new long[MEASURED_ROUNDS];
    long[] listMs = new long[MEASURED_ROUNDS];
    long[] fieldsMs = new long[MEASURED_ROUNDS];
    for (int round = 0; round < WARMUP_ROUNDS + MEASURED_ROUNDS; round++) {
      // Each section starts after a full GC so the previous round's garbage is not billed to it.
      System.gc();
      long t0 = System.nanoTime();
      int[] streamed = new int[1];
      try (InputStream in = Files.newInputStream(file)) {
        Deb822.stream(in, file.toString(), false, stanza -> streamed[0]++);
      }
      long stream = System.nanoTime() - t0;

      System.gc();
      t0 = System.nanoTime();
      List<Stanza> stanzas;
      try (InputStream in = Files.newInputStream(file)) {
        stanzas = Deb822.parse(in, file.toString(), false);
      }
      long list = System.nanoTime() - t0;

      t0 = System.nanoTime();
      int groups = 0;
      for (Stanza s : stanzas) {
        DebianVersion.parse(s.value("Version"));
        String depends = s.value("Depends");
        if (depends != null) {
          groups += RelationParser.parseGroups(depends).size();
        }
      }
      long fields = System.nanoTime() - t0;

      System.out.printf("%-9s stream %,d stanzas %4d ms | parse to list %,d stanzas %4d ms"
          + " | then Version+Depends (%,d groups) %4d ms%n",
          round < WARMUP_ROUNDS ? "warm-up" : "measured", streamed[0], stream / 1_000_000,
          stanzas.size(), list / 1_000_000, groups, fields / 1_000_000);
      if (round >= WARMUP_ROUNDS) {
        streamMs[round - WARMUP_ROUNDS] = stream / 1_000_000;
        listMs[round - WARMUP_ROUNDS] = list / 1_000_000;
        fieldsMs[round - WARMUP_ROUNDS] = fields / 1_000_000;
      }
    }
    System.out.printf("median of %d: stream %d ms, parse to list %d ms, Version+Depends %d ms%n",
        MEASURED_ROUNDS, median(streamMs), median(listMs), median(fieldsMs));
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
