package dev.basalt.effects;

import dev.basalt.fs.Content;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What ldconfig's {@code process_file} learns from a file named like a library: whether it is a
 * shared object it caches, with which flags, and its {@code DT_SONAME}. Only the ELF header, the
 * program headers, the dynamic section and the soname's bytes are read, by skipping through
 * {@link Content#open()} streams; fields are read little-endian as ldconfig reads them natively
 * on amd64 and arm64, so a big-endian object fails its {@code e_type} check there and here.
 */
final class ElfLibraryReader implements Closeable {
  static final int ELFCLASS32 = 1;
  static final int ELFCLASS64 = 2;
  /** {@code sizeof (Elf64_Ehdr)}: ldconfig does not look at smaller files. */
  static final int MIN_SIZE = 64;
  private static final byte[] ELFMAG = {0x7f, 'E', 'L', 'F'};
  private static final int ET_DYN = 3;
  private static final int PT_LOAD = 1;
  private static final int PT_DYNAMIC = 2;
  private static final int PT_INTERP = 3;
  private static final long DT_NULL = 0;
  private static final long DT_STRTAB = 5;
  private static final long DT_SONAME = 14;
  /** a.out {@code ZMAGIC} and {@code QMAGIC}, which ldconfig still takes for libraries. */
  private static final int ZMAGIC = 0413;
  private static final int QMAGIC = 0314;
  /** ldconfig looks for a linker script's keywords in this many leading bytes. */
  private static final int SCRIPT_PROBE = 512;
  private static final int MAX_SONAME = 4096;

  /** The identification fields that decide a library's cache flags. */
  record Header(int elfClass, int machine, int eflags) {}

  /** What became of one file. */
  sealed interface Outcome {}

  /** A shared object ldconfig caches; {@code soname} is null when it has no {@code DT_SONAME}. */
  record Library(int flags, String soname) implements Outcome {}

  /** Not cached; {@code warning} is what ldconfig prints about it, or null when it says nothing. */
  record Skipped(String warning) implements Outcome {}

  private final Content content;
  private final long size;
  private InputStream in;
  private long position;

  private ElfLibraryReader(Content content) {
    this.content = content;
    this.size = content.size();
  }

  /** Reads the file {@code path} (named {@code name}) of an image for {@code arch}. */
  static Outcome read(Content content, String path, String name, LdconfigArch arch) throws IOException {
    try (ElfLibraryReader r = new ElfLibraryReader(content)) {
      return r.process(path, name, arch);
    }
  }

  private Outcome process(String path, String name, LdconfigArch arch) throws IOException {
    byte[] head = read(0, (int) Math.min(size, SCRIPT_PROBE));
    if (size < MIN_SIZE) {
      if (size == 0) {
        return new Skipped("file " + path + " is empty, not checked");
      }
      int n = (int) Math.min(size, ELFMAG.length);
      boolean elfish = Arrays.equals(head, 0, n, ELFMAG, 0, n);
      return new Skipped(elfish ? "file " + path + " is too small, not checked" : null);
    }
    int aout = u16(head, 0);
    if (aout == ZMAGIC || aout == QMAGIC) {
      return new Library(LdconfigArch.FLAG_ELF_LIBC6, aoutSoname(name));
    }
    if (!Arrays.equals(head, 0, 4, ELFMAG, 0, 4)) {
      String probe = new String(head, StandardCharsets.ISO_8859_1);
      boolean quiet = probe.contains("GROUP") || probe.contains("GNU ld script") || name.endsWith("-gdb.py");
      return new Skipped(quiet ? null : path + " is not an ELF file - it has the wrong magic bytes at the start");
    }
    if (u16(head, 16) != ET_DYN) {
      return new Skipped(null);
    }
    Header header = new Header(head[4], u16(head, 18), (int) u32(head, head[4] == ELFCLASS32 ? 36 : 48));
    int flags = arch.flags(header);
    if (flags == LdconfigArch.UNKNOWN_MACHINE) {
      return new Skipped(path + " is for unknown machine " + header.machine());
    }
    if (header.elfClass() != ELFCLASS32 && header.elfClass() != ELFCLASS64) {
      return new Skipped(null);
    }
    String truncated = "file " + path + " is truncated";
    Layout l = header.elfClass() == ELFCLASS64 ? Layout.ELF64 : Layout.ELF32;
    long phoff = l.word(head, l.phoff);
    int phnum = u16(head, l.phnum);
    if (Long.compareUnsigned(phoff, size) > 0 || phoff + (long) phnum * l.phentsize > size) {
      return new Skipped(truncated);
    }
    byte[] phdrs = read(phoff, phnum * l.phentsize);
    long dynamicOffset = 0;
    long dynamicSize = 0;
    List<long[]> loads = new ArrayList<>();
    for (int i = 0; i < phnum; i++) {
      int at = i * l.phentsize;
      long type = u32(phdrs, at);
      long offset = l.word(phdrs, at + l.pOffset);
      if (type == PT_DYNAMIC) {
        // ldconfig keeps the offset in an unsigned int; the last PT_DYNAMIC wins.
        dynamicOffset = offset & 0xffffffffL;
        dynamicSize = l.word(phdrs, at + l.pFilesz);
      } else if (type == PT_INTERP && Long.compareUnsigned(offset, size) > 0) {
        return new Skipped(truncated);
      } else if (type == PT_LOAD) {
        loads.add(new long[] {l.word(phdrs, at + l.pVaddr), offset, l.word(phdrs, at + l.pFilesz)});
      }
    }
    if (dynamicSize == 0) {
      return new Skipped(null);
    }
    Long strtab = null;
    Long sonameIndex = null;
    for (long at = dynamicOffset; ; at += l.dynSize) {
      if (at + l.dynSize > size) {
        return new Skipped(truncated);
      }
      byte[] dyn = read(at, l.dynSize);
      long tag = l.word(dyn, 0);
      long val = l.word(dyn, l.dynSize / 2);
      if (tag == DT_NULL) {
        break;
      }
      if (tag == DT_STRTAB && strtab == null) {
        strtab = fileOffset(val, loads, l);
        if (strtab == null) {
          return new Skipped(truncated);
        }
      } else if (tag == DT_SONAME && sonameIndex == null) {
        sonameIndex = val;
      }
    }
    if (strtab == null) {
      return new Skipped(null);
    }
    if (sonameIndex == null) {
      return new Library(flags, null);
    }
    long name0 = l == Layout.ELF64 ? strtab + sonameIndex : strtab + (sonameIndex & 0xffffffffL);
    if (name0 < 0 || name0 > size) {
      return new Skipped(truncated);
    }
    return new Library(flags, cString(name0));
  }

  /** Where {@code DT_STRTAB}'s address lies in the file, found through the PT_LOAD holding it. */
  private Long fileOffset(long vaddr, List<long[]> loads, Layout l) {
    long loadoff = -1;
    for (long[] load : loads) {
      if (Long.compareUnsigned(vaddr, load[0]) >= 0 && Long.compareUnsigned(vaddr - load[0], load[2]) < 0) {
        loadoff = load[0] - load[1];
        break;
      }
    }
    if (l == Layout.ELF32) {
      loadoff &= 0xffffffffL;
      long offset = vaddr - (loadoff == 0xffffffffL ? 0 : loadoff);
      return offset < 0 || offset > size ? null : offset;
    }
    long offset = vaddr - (loadoff == -1 ? 0 : loadoff);
    return Long.compareUnsigned(offset, size) > 0 ? null : offset;
  }

  private String cString(long offset) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (long at = offset; at < size && out.size() < MAX_SONAME; ) {
      byte[] chunk = read(at, (int) Math.min(256, size - at));
      for (byte b : chunk) {
        if (b == 0) {
          return out.toString(StandardCharsets.UTF_8);
        }
        out.write(b);
      }
      at += chunk.length;
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** A 4.2BSD a.out library's soname: its name up to the major version. */
  private static String aoutSoname(String name) {
    int major = name.indexOf(".so.");
    if (major < 0) {
      return name;
    }
    int dot = name.indexOf('.', major + 4);
    return dot < 0 ? name : name.substring(0, dot);
  }

  /** {@code length} bytes at {@code offset}, or fewer at the end of the file. */
  private byte[] read(long offset, int length) throws IOException {
    if (in == null || offset < position) {
      close();
      in = content.open();
      position = 0;
    }
    while (position < offset) {
      long skipped = in.skip(offset - position);
      if (skipped <= 0) {
        if (in.read() < 0) {
          return new byte[0];
        }
        skipped = 1;
      }
      position += skipped;
    }
    byte[] bytes = in.readNBytes(length);
    position += bytes.length;
    return bytes;
  }

  @Override
  public void close() throws IOException {
    if (in != null) {
      in.close();
      in = null;
    }
  }

  private static int u16(byte[] b, int at) {
    return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
  }

  private static long u32(byte[] b, int at) {
    return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24;
  }

  /** Offsets of the fields ldconfig reads, in {@code Elf32_*} and {@code Elf64_*} structures. */
  private enum Layout {
    ELF32(4, 28, 44, 32, 4, 8, 16, 8),
    ELF64(8, 32, 56, 56, 8, 16, 32, 16);

    final int wordSize;
    final int phoff;
    final int phnum;
    final int phentsize;
    final int pOffset;
    final int pVaddr;
    final int pFilesz;
    final int dynSize;

    Layout(int wordSize, int phoff, int phnum, int phentsize, int pOffset, int pVaddr, int pFilesz, int dynSize) {
      this.wordSize = wordSize;
      this.phoff = phoff;
      this.phnum = phnum;
      this.phentsize = phentsize;
      this.pOffset = pOffset;
      this.pVaddr = pVaddr;
      this.pFilesz = pFilesz;
      this.dynSize = dynSize;
    }

    /** An address, offset, size or dynamic tag (unsigned: the tags ldconfig looks for are small). */
    long word(byte[] b, int at) {
      return wordSize == 4 ? u32(b, at) : u32(b, at) | u32(b, at + 4) << 32;
    }
  }
}
