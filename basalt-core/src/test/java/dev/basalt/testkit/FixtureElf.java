package dev.basalt.testkit;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Minimal little-endian ELF objects with what ldconfig reads: the ELF header, two PT_LOAD
 * segments (the second mapped 2 MiB above its file offset, so DT_STRTAB has to be translated),
 * PT_DYNAMIC, and a dynamic section with DT_STRTAB, DT_SONAME and DT_NULL placed after the
 * string table, as linkers place them.
 */
public final class FixtureElf {
  public static final int ELFCLASS32 = 1;
  public static final int ELFCLASS64 = 2;
  public static final int ET_EXEC = 2;
  public static final int ET_DYN = 3;
  public static final int EM_386 = 3;
  public static final int EM_ARM = 40;
  public static final int EM_X86_64 = 62;
  public static final int EM_AARCH64 = 183;
  /** EF_ARM_EABI_VER5 | EF_ARM_ABI_FLOAT_HARD, as armhf objects carry. */
  public static final int EF_ARMHF = 0x05000400;
  private static final long BIAS = 0x200000;

  private int elfClass = ELFCLASS64;
  private int machine = EM_X86_64;
  private int type = ET_DYN;
  private int eflags;
  private String soname;
  private int padding = 256;

  private FixtureElf() {}

  public static FixtureElf x8664(String soname) {
    return new FixtureElf().soname(soname);
  }

  public static FixtureElf aarch64(String soname) {
    return new FixtureElf().machine(EM_AARCH64).soname(soname);
  }

  public FixtureElf elfClass(int c) {
    this.elfClass = c;
    return this;
  }

  public FixtureElf machine(int m) {
    this.machine = m;
    return this;
  }

  public FixtureElf type(int t) {
    this.type = t;
    return this;
  }

  public FixtureElf eflags(int f) {
    this.eflags = f;
    return this;
  }

  /** The DT_SONAME, or null for none. */
  public FixtureElf soname(String s) {
    this.soname = s;
    return this;
  }

  /** Bytes between the program headers and the string table, making the object bigger. */
  public FixtureElf padding(int bytes) {
    this.padding = bytes;
    return this;
  }

  public byte[] build() {
    boolean is64 = elfClass == ELFCLASS64;
    int ehsize = is64 ? 64 : 52;
    int phentsize = is64 ? 56 : 32;
    int dynsize = is64 ? 16 : 8;
    int phoff = ehsize;
    int strOff = phoff + 3 * phentsize + padding;
    byte[] name = soname == null ? new byte[0] : soname.getBytes(StandardCharsets.UTF_8);
    int strSize = 1 + name.length + 1;
    int dynOff = (strOff + strSize + 7) & ~7;
    int dynCount = soname == null ? 2 : 3;
    int total = dynOff + dynCount * dynsize;

    ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {0x7f, 'E', 'L', 'F', (byte) elfClass, 1, 1, 0});
    b.position(16);
    b.putShort((short) type).putShort((short) machine).putInt(1);
    if (is64) {
      b.putLong(0).putLong(phoff).putLong(0);
    } else {
      b.putInt(0).putInt(phoff).putInt(0);
    }
    b.putInt(eflags).putShort((short) ehsize).putShort((short) phentsize).putShort((short) 3);
    b.putShort((short) 0).putShort((short) 0).putShort((short) 0);

    b.position(phoff);
    phdr(b, is64, 1, 0, 0, strOff);
    phdr(b, is64, 1, strOff, strOff + BIAS, total - strOff);
    phdr(b, is64, 2, dynOff, dynOff + BIAS, dynCount * dynsize);

    b.position(strOff + 1);
    b.put(name);
    b.position(dynOff);
    dyn(b, is64, 5, strOff + BIAS);
    if (soname != null) {
      dyn(b, is64, 14, 1);
    }
    dyn(b, is64, 0, 0);
    return b.array();
  }

  private static void phdr(ByteBuffer b, boolean is64, int type, long offset, long vaddr, long size) {
    if (is64) {
      b.putInt(type).putInt(4).putLong(offset).putLong(vaddr).putLong(vaddr).putLong(size).putLong(size).putLong(8);
    } else {
      b.putInt(type).putInt((int) offset).putInt((int) vaddr).putInt((int) vaddr).putInt((int) size)
          .putInt((int) size).putInt(4).putInt(4);
    }
  }

  private static void dyn(ByteBuffer b, boolean is64, long tag, long val) {
    if (is64) {
      b.putLong(tag).putLong(val);
    } else {
      b.putInt((int) tag).putInt((int) val);
    }
  }
}
