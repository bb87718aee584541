package dev.basalt.oci;

import java.nio.charset.StandardCharsets;

/** Deterministic, compressible test data: words picked by a fixed linear congruential generator. */
final class CompressionSamples {
  private static final String[] WORDS = ("lib usr share doc copyright changelog ELF \u0000\u0000\u0000\u0000 "
      + "0x7f GLIBC_2.34 libc.so.6 _start main .text .rodata basalt debian trixie 65532 nonroot").split(" ");

  private CompressionSamples() {}

  /** {@code size} bytes; the same for every call and every JDK. */
  static byte[] text(int size) {
    byte[] out = new byte[size];
    long state = 42;
    int pos = 0;
    while (pos < size) {
      state = state * 6364136223846793005L + 1442695040888963407L;
      int pick = (int) ((state >>> 33) % (WORDS.length + 3));
      byte[] word = pick < WORDS.length
          ? (WORDS[pick] + " ").getBytes(StandardCharsets.UTF_8)
          : new byte[] {(byte) (state >>> 40), (byte) (state >>> 48)};
      for (int i = 0; i < word.length && pos < size; i++) {
        out[pos++] = word[i];
      }
    }
    return out;
  }
}
