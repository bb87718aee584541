package dev.basalt.effects;

import java.util.List;
import java.util.Optional;

/**
 * What Debian's ldconfig does differently per architecture: its built-in directories (glibc's
 * {@code SLIBDIR} and {@code LIBDIR}, which Debian sets to the multiarch directories, then
 * {@code /lib} and {@code /usr/lib}; never {@code /lib64}), the cache flags it gives an ELF
 * object (glibc's {@code sysdeps/unix/sysv/linux/<arch>/readelflib.c}), and whether its
 * {@code char} is signed, which {@code _dl_cache_libcmp} sorts by.
 */
enum LdconfigArch {
  AMD64("amd64", "x86_64-linux-gnu", true) {
    @Override
    int flags(ElfLibraryReader.Header h) {
      if (h.machine() == EM_X86_64) {
        return h.elfClass() == ElfLibraryReader.ELFCLASS64 ? FLAG_X8664_LIB64 | FLAG_ELF_LIBC6
            : FLAG_X8664_LIBX32 | FLAG_ELF_LIBC6;
      }
      if (h.machine() == EM_386 && h.elfClass() == ElfLibraryReader.ELFCLASS32) {
        return FLAG_ELF_LIBC6;
      }
      return UNKNOWN_MACHINE;
    }
  },
  ARM64("arm64", "aarch64-linux-gnu", false) {
    /** As glibc's ARM reader: the machine is never looked at, only the class and the EABI float flags. */
    @Override
    int flags(ElfLibraryReader.Header h) {
      if (h.elfClass() != ElfLibraryReader.ELFCLASS32) {
        return FLAG_AARCH64_LIB64 | FLAG_ELF_LIBC6;
      }
      if ((h.eflags() & EF_ARM_EABIMASK) != EF_ARM_EABI_VER5) {
        return FLAG_ELF_LIBC6;
      }
      if ((h.eflags() & EF_ARM_ABI_FLOAT_HARD) != 0) {
        return FLAG_ARM_LIBHF | FLAG_ELF_LIBC6;
      }
      return (h.eflags() & EF_ARM_ABI_FLOAT_SOFT) != 0 ? FLAG_ARM_LIBSF | FLAG_ELF_LIBC6 : FLAG_ELF_LIBC6;
    }
  };

  /** glibc's {@code sysdeps/generic/ldconfig.h}. */
  static final int FLAG_ELF_LIBC6 = 0x0003;
  static final int FLAG_X8664_LIB64 = 0x0300;
  static final int FLAG_X8664_LIBX32 = 0x0800;
  static final int FLAG_ARM_LIBHF = 0x0900;
  static final int FLAG_AARCH64_LIB64 = 0x0a00;
  static final int FLAG_ARM_LIBSF = 0x0b00;
  /** Returned by {@link #flags} for an object ldconfig refuses ("is for unknown machine"). */
  static final int UNKNOWN_MACHINE = -1;

  static final int EM_386 = 3;
  static final int EM_X86_64 = 62;
  static final int EM_AARCH64 = 183;
  private static final int EF_ARM_EABIMASK = 0xff000000;
  private static final int EF_ARM_EABI_VER5 = 0x05000000;
  private static final int EF_ARM_ABI_FLOAT_SOFT = 0x200;
  private static final int EF_ARM_ABI_FLOAT_HARD = 0x400;

  private final String debianArch;
  private final String triplet;
  private final boolean signedChar;

  LdconfigArch(String debianArch, String triplet, boolean signedChar) {
    this.debianArch = debianArch;
    this.triplet = triplet;
    this.signedChar = signedChar;
  }

  static Optional<LdconfigArch> of(String debianArch) {
    for (LdconfigArch a : values()) {
      if (a.debianArch.equals(debianArch)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /** The cache flags of a shared object of this header, or {@link #UNKNOWN_MACHINE}. */
  abstract int flags(ElfLibraryReader.Header header);

  /** The directories ldconfig always adds after those of its configuration, in its order. */
  List<String> builtinDirectories() {
    return List.of("/lib/" + triplet, "/usr/lib/" + triplet, "/lib", "/usr/lib");
  }

  boolean signedChar() {
    return signedChar;
  }
}
