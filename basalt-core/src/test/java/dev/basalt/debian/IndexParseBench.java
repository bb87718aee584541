package dev.basalt.debian;

import dev.basalt.cache.Digest;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Benchmark (a main, not a test) for reading a real Packages index: decompression, deb822
 * parsing, encoding the parsed form, and loading it back. Run by {@code bench/parse-index.sh}.
 */
public final class IndexParseBench {
  private static final int RUNS = 5;

  private IndexParseBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 1 && args[0].equals("--print-mirror")) {
      System.out.println(MirrorResolver.forHost(Map.of()).resolve("debian"));
      return;
    }
    Path xz = Path.of(args[0]);
    IndexOrigin origin = new IndexOrigin("debian", "trixie", "main");
    byte[] text;
    long t = System.nanoTime();
    try (InputStream in = PackagesIndex.decompress(Files.newInputStream(xz), xz.toString())) {
      text = in.readAllBytes();
    }
    System.out.printf("xz decompress: %d ms (%d MB)%n", (System.nanoTime() - t) / 1_000_000, text.length >> 20);

    List<Long> parse = new ArrayList<>();
    List<Long> encode = new ArrayList<>();
    List<Long> load = new ArrayList<>();
    int count = 0;
    for (int run = 0; run < RUNS; run++) {
      System.gc();
      long a = System.nanoTime();
      List<BinaryPackage> packages = PackagesIndex.parse(new ByteArrayInputStream(text), "bench", origin);
      long b = System.nanoTime();
      byte[] encoded = IndexedPackages.encode(packages);
      long c = System.nanoTime();
      IndexedPackages loaded = IndexedPackages.decode(encoded, origin);
      long d = System.nanoTime();
      count = loaded.size();
      parse.add((b - a) / 1_000_000);
      encode.add((c - b) / 1_000_000);
      load.add((d - c) / 1_000_000);
    }
    System.out.printf("stanzas: %d, index sha256 %s%n", count, Digest.of(Files.readAllBytes(xz)));
    System.out.println("parse deb822 into records (ms, per run): " + parse);
    System.out.println("encode parsed form (ms, per run):        " + encode);
    System.out.println("load parsed form (ms, per run):          " + load);
  }
}
