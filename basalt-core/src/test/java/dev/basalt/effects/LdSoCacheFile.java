package dev.basalt.effects;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@code ld.so.cache} in glibc's new format read back the way the loader and
 * {@code ldconfig -p} read it, for tests: strings are followed from their offsets, not assumed
 * to lie in any order, and the extension directory is checked as {@code cache_extension_load} does.
 */
record LdSoCacheFile(int nlibs, int lenStrings, int flags, int extensionOffset, List<Entry> entries,
    List<Section> sections, String generator) {

  record Entry(int flags, String key, String value, int osversion, long hwcap) {
    @Override
    public String toString() {
      return key + " (0x" + Integer.toHexString(flags) + ") => " + value;
    }
  }

  record Section(int tag, int flags, int offset, int size) {}

  static LdSoCacheFile parse(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    String magic = new String(bytes, 0, 20, StandardCharsets.US_ASCII);
    if (!magic.equals("glibc-ld.so.cache1.1")) {
      throw new IllegalArgumentException("not a new-format ld.so.cache: " + magic);
    }
    int nlibs = b.getInt(20);
    int lenStrings = b.getInt(24);
    int flags = bytes[28];
    int extensionOffset = b.getInt(32);
    for (int i = 29; i < 32; i++) {
      check(bytes[i] == 0, "padding byte " + i + " is not zero");
    }
    for (int i = 36; i < 48; i++) {
      check(bytes[i] == 0, "unused byte " + i + " is not zero");
    }
    check(48L + 24L * nlibs + lenStrings <= bytes.length, "entries and strings run past the end");
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < nlibs; i++) {
      int at = 48 + 24 * i;
      entries.add(new Entry(b.getInt(at), string(bytes, b.getInt(at + 4)), string(bytes, b.getInt(at + 8)),
          b.getInt(at + 12), b.getLong(at + 16)));
    }
    List<Section> sections = new ArrayList<>();
    String generator = null;
    if (extensionOffset != 0) {
      check(extensionOffset % 4 == 0, "extension offset is not a multiple of 4");
      check(b.getInt(extensionOffset) == LdSoCacheWriter.EXTENSION_MAGIC, "bad extension magic");
      int count = b.getInt(extensionOffset + 4);
      for (int i = 0; i < count; i++) {
        int at = extensionOffset + 8 + 16 * i;
        Section s = new Section(b.getInt(at), b.getInt(at + 4), b.getInt(at + 8), b.getInt(at + 12));
        check((long) s.offset() + s.size() <= bytes.length, "extension section runs past the end");
        sections.add(s);
        if (s.tag() == LdSoCacheWriter.TAG_GENERATOR) {
          generator = new String(bytes, s.offset(), s.size(), StandardCharsets.US_ASCII);
        }
      }
    }
    return new LdSoCacheFile(nlibs, lenStrings, flags, extensionOffset, entries, sections, generator);
  }

  private static String string(byte[] bytes, int offset) {
    int end = offset;
    while (bytes[end] != 0) {
      end++;
    }
    return new String(bytes, offset, end - offset, StandardCharsets.UTF_8);
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalArgumentException("malformed ld.so.cache: " + what);
    }
  }
}
