package dev.basalt.effects;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.cache.Digest;
import dev.basalt.effects.ElfLibraryReader.Library;
import dev.basalt.effects.ElfLibraryReader.Outcome;
import dev.basalt.effects.ElfLibraryReader.Skipped;
import dev.basalt.fs.Content;
import dev.basalt.testkit.FixtureElf;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ElfLibraryReaderTest {
  private static final String PATH = "/lib/x86_64-linux-gnu/libfoo.so.1.2";
  private static final LdconfigArch AMD64 = LdconfigArch.AMD64;
  private static final LdconfigArch ARM64 = LdconfigArch.ARM64;

  @TempDir Path dir;

  @Test
  void readsTheSonameAndTheArchitecturesFlags() throws Exception {
    assertThat(read(FixtureElf.x8664("libfoo.so.1"), AMD64)).isEqualTo(new Library(0x303, "libfoo.so.1"));
    assertThat(read(FixtureElf.aarch64("libfoo.so.1"), ARM64)).isEqualTo(new Library(0x0a03, "libfoo.so.1"));
    assertThat(read(FixtureElf.x8664(null), AMD64)).isEqualTo(new Library(0x303, null));
  }

  @Test
  void amd64TakesX8664X32AndI386ObjectsOnly() throws Exception {
    FixtureElf i386 = FixtureElf.x8664("libi.so.1").elfClass(FixtureElf.ELFCLASS32).machine(FixtureElf.EM_386);
    assertThat(read(i386, AMD64)).isEqualTo(new Library(0x0003, "libi.so.1"));
    assertThat(read(FixtureElf.x8664("libx.so.1").elfClass(FixtureElf.ELFCLASS32), AMD64))
        .isEqualTo(new Library(0x0803, "libx.so.1"));
    assertThat(read(FixtureElf.aarch64("liba.so.1"), AMD64))
        .isEqualTo(new Skipped(PATH + " is for unknown machine 183"));
    assertThat(read(FixtureElf.x8664("libi.so.1").machine(FixtureElf.EM_386), AMD64))
        .isEqualTo(new Skipped(PATH + " is for unknown machine 3"));
  }

  @Test
  void arm64LooksAtTheClassAndArmFloatAbiButNotTheMachine() throws Exception {
    assertThat(read(FixtureElf.x8664("libx.so.1"), ARM64)).isEqualTo(new Library(0x0a03, "libx.so.1"));
    FixtureElf arm = FixtureElf.x8664("libarm.so.1").elfClass(FixtureElf.ELFCLASS32).machine(FixtureElf.EM_ARM);
    assertThat(read(arm.eflags(FixtureElf.EF_ARMHF), ARM64)).isEqualTo(new Library(0x0903, "libarm.so.1"));
    assertThat(read(arm.eflags(0x05000200), ARM64)).isEqualTo(new Library(0x0b03, "libarm.so.1"));
    assertThat(read(arm.eflags(0), ARM64)).isEqualTo(new Library(0x0003, "libarm.so.1"));
  }

  @Test
  void executablesScriptsAndOtherFilesAreSkippedWithLdconfigsWarnings() throws Exception {
    assertThat(read(FixtureElf.x8664("libfoo.so.1").type(FixtureElf.ET_EXEC), AMD64)).isEqualTo(new Skipped(null));
    String script = "/* GNU ld script\n   Use the shared library, but some functions are only in\n   the static library. */\n"
        + "GROUP ( /lib/x86_64-linux-gnu/libc.so.6 /usr/lib/x86_64-linux-gnu/libc_nonshared.a )\n";
    assertThat(read(script.getBytes(StandardCharsets.US_ASCII), AMD64)).isEqualTo(new Skipped(null));
    byte[] text = "#!/bin/sh\necho this file is long enough for ldconfig to look at its first bytes\n"
        .getBytes(StandardCharsets.US_ASCII);
    assertThat(read(text, AMD64))
        .isEqualTo(new Skipped(PATH + " is not an ELF file - it has the wrong magic bytes at the start"));
    assertThat(read(new byte[0], AMD64)).isEqualTo(new Skipped("file " + PATH + " is empty, not checked"));
    assertThat(read(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1}, AMD64))
        .isEqualTo(new Skipped("file " + PATH + " is too small, not checked"));
    assertThat(read(new byte[] {'x', 'y'}, AMD64)).isEqualTo(new Skipped(null));
  }

  @Test
  void anObjectCutShortIsTruncated() throws Exception {
    byte[] whole = FixtureElf.x8664("libfoo.so.1").build();
    assertThat(read(Arrays.copyOf(whole, whole.length - 20), AMD64)).isEqualTo(new Skipped("file " + PATH + " is truncated"));
    assertThat(read(Arrays.copyOf(whole, 100), AMD64)).isEqualTo(new Skipped("file " + PATH + " is truncated"));
  }

  @Test
  void aDynamicSectionBeyondTwoGibibytesIsFoundBySkippingToIt() throws Exception {
    byte[] small = FixtureElf.x8664("libbig.so.1").padding(0).build();
    long far = 3L << 30;
    int dynOff = small.length - 3 * 16;
    Path file = dir.resolve("libbig.so.1");
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.write(small);
      // PT_DYNAMIC, the third program header, gets its p_offset moved to 3 GiB.
      raf.seek(64 + 2 * 56 + 8);
      raf.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(far).array());
      raf.seek(far);
      raf.write(small, dynOff, 3 * 16);
    }
    Content sparse = new Content.Stored(file, far + 3 * 16, Digest.of(new byte[0]));

    assertThat(ElfLibraryReader.read(sparse, PATH, "libbig.so.1", AMD64)).isEqualTo(new Library(0x303, "libbig.so.1"));
  }

  @Test
  void anAoutLibraryIsNamedByItsMajorVersionAsLdconfigStillDoes() throws Exception {
    byte[] aout = new byte[128];
    aout[0] = 0x0b;
    aout[1] = 0x01;
    assertThat(ElfLibraryReader.read(Content.Inline.of(aout), PATH, "libold.so.4.7.1", AMD64))
        .isEqualTo(new Library(0x0003, "libold.so.4"));
  }

  private static Outcome read(FixtureElf elf, LdconfigArch arch) throws Exception {
    return read(elf.build(), arch);
  }

  private static Outcome read(byte[] bytes, LdconfigArch arch) throws Exception {
    return ElfLibraryReader.read(Content.Inline.of(bytes), PATH, "libfoo.so.1.2", arch);
  }
}
