package dev.basalt.effects;

import static dev.basalt.testkit.Trees.resource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.effects.LdSoCacheWriter.Entry;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LdSoCacheWriterTest {
  private static final String DIR = "/lib/x86_64-linux-gnu/";
  private static final int X8664 = 0x303;

  @Test
  void writesTheBytesGlibcLdconfigWroteUpToItsGeneratorString() {
    // effects/ld.so.cache-ldconfig-2.36: what Debian 12's ldconfig -r wrote for these five.
    byte[] theirs = resource("/effects/ld.so.cache-ldconfig-2.36");
    List<Entry> entries = List.of(
        new Entry("libattr.so.1", "/lib/libattr.so.1", X8664),
        new Entry("libz.so", DIR + "libz.so", X8664),
        new Entry("ld-linux-x86-64.so.2", DIR + "ld-linux-x86-64.so.2", X8664),
        new Entry("libz.so.1", DIR + "libz.so.1", X8664),
        new Entry("libcap.so.2", DIR + "libcap.so.2", X8664));

    byte[] ours = LdSoCacheWriter.write(entries, true);

    String generator = "ldconfig (Debian GLIBC 2.36-9+deb12u14) stable release version 2.36";
    int sectionSize = theirs.length - generator.length() - 4;
    assertThat(Arrays.copyOf(ours, sectionSize)).isEqualTo(Arrays.copyOf(theirs, sectionSize));
    assertThat(new String(theirs, theirs.length - generator.length(), generator.length(), StandardCharsets.US_ASCII))
        .isEqualTo(generator);
    assertThat(Arrays.copyOfRange(ours, sectionSize, ours.length))
        .isEqualTo(new byte[] {6, 0, 0, 0, 'b', 'a', 's', 'a', 'l', 't'});
  }

  @Test
  void readsBackAsTheLoaderReadsIt() {
    byte[] bytes = LdSoCacheWriter.write(List.of(
        new Entry("libssl.so.3", DIR + "libssl.so.3", X8664),
        new Entry("libcrypto.so.3", DIR + "libcrypto.so.3", X8664)), true);

    LdSoCacheFile cache = LdSoCacheFile.parse(bytes);

    assertThat(cache.nlibs()).isEqualTo(2);
    assertThat(cache.flags()).isEqualTo(2);
    assertThat(cache.entries()).containsExactly(
        new LdSoCacheFile.Entry(X8664, "libssl.so.3", DIR + "libssl.so.3", 0, 0),
        new LdSoCacheFile.Entry(X8664, "libcrypto.so.3", DIR + "libcrypto.so.3", 0, 0));
    assertThat(cache.lenStrings()).isEqualTo(34 + 37);
    // 48 + 2 * 24 + 71 rounded up to a multiple of 4.
    assertThat(cache.extensionOffset()).isEqualTo(168);
    assertThat(cache.sections()).containsExactly(new LdSoCacheFile.Section(0, 0, 168 + 24, 6));
    assertThat(cache.generator()).isEqualTo("basalt");
    assertThat(bytes).hasSize(168 + 24 + 6);
    assertThat(Arrays.copyOfRange(bytes, 167, 168)).containsExactly(0);
  }

  @Test
  void sonamesDescendByLibcmpWithHigherFlagsFirstAndTiesInAddOrder() {
    List<Entry> sorted = LdSoCacheWriter.sort(List.of(
        new Entry("libz.so.1", "/a/libz.so.1", X8664),
        new Entry("libz.so.10", "/a/libz.so.10", X8664),
        new Entry("libz.so.9", "/a/libz.so.9", X8664),
        new Entry("libz.so", "/a/libz.so", X8664),
        new Entry("libz3.so.4", "/a/libz3.so.4", X8664),
        new Entry("libzstd.so.1", "/a/libzstd.so.1", X8664),
        new Entry("libz.so.1", "/b/libz.so.1", 3),
        new Entry("libz.so.1", "/c/libz.so.1", X8664)), true);

    assertThat(sorted).extracting(Entry::path).containsExactly(
        "/a/libz3.so.4", "/a/libzstd.so.1", "/a/libz.so.10", "/a/libz.so.9", "/a/libz.so.1", "/c/libz.so.1",
        "/b/libz.so.1", "/a/libz.so");
  }

  @Test
  void libcmpComparesDigitRunsAsNumbersAndCharsAsTheTargetsCharType() {
    assertThat(LdSoCacheWriter.libcmp("libfoo.so.10", "libfoo.so.9", true)).isPositive();
    assertThat(LdSoCacheWriter.libcmp("libfoo.so.1", "libfoo.so.01", true)).isZero();
    assertThat(LdSoCacheWriter.libcmp("lib3.so", "libx.so", true)).isEqualTo(1);
    assertThat(LdSoCacheWriter.libcmp("libx.so", "lib3.so", true)).isEqualTo(-1);
    assertThat(LdSoCacheWriter.libcmp("libz.so", "libz.so.1", true)).isEqualTo(-'.');
    assertThat(LdSoCacheWriter.libcmp("libz.so.1", "libz.so", true)).isEqualTo('.');
    // 'é' is 0xc3 0xa9 in UTF-8: below 'a' for amd64's signed char, above it for arm64's unsigned.
    assertThat(LdSoCacheWriter.libcmp("libé.so", "liba.so", true)).isNegative();
    assertThat(LdSoCacheWriter.libcmp("libé.so", "liba.so", false)).isPositive();
  }

  @Test
  void theStringTableSharesTailsAsStringtableFinalizeDoes() {
    LinkedHashSet<String> strings = new LinkedHashSet<>(List.of("libz.so.1", "/lib/libz.so.1", "libc.so.6", "/lib/libc.so.6"));
    Map<String, Integer> offsets = new HashMap<>();

    byte[] table = LdSoCacheWriter.stringTable(strings, offsets);

    assertThat(new String(table, StandardCharsets.US_ASCII)).isEqualTo("/lib/libc.so.6\0/lib/libz.so.1\0");
    assertThat(offsets).containsExactlyInAnyOrderEntriesOf(Map.of(
        "/lib/libc.so.6", 0, "libc.so.6", 5, "/lib/libz.so.1", 15, "libz.so.1", 20));
  }
}
