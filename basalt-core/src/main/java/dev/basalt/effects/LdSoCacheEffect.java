package dev.basalt.effects;

import dev.basalt.fs.Content;
import dev.basalt.fs.FileEntry;
import dev.basalt.fs.FileTree;
import dev.basalt.fs.LinkResolver;
import dev.basalt.fs.Paths;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What libc-bin's {@code ldconfig} trigger does: scan the directories of {@code /etc/ld.so.conf}
 * and ldconfig's built-in ones, make the soname links it would make, drop the dangling
 * {@code *.so.*} links it would drop, and write {@code /etc/ld.so.cache} as glibc 2.41's
 * ldconfig writes it, so the loader finds libraries by soname without an ldconfig in the image.
 * Directories are scanned as the tree has them (a merged-/usr {@code /lib} is {@code /usr/lib},
 * scanned once) but named in the cache as configured, as ldconfig names them.
 */
public final class LdSoCacheEffect implements Effect {
  public static final String CACHE = "/etc/ld.so.cache";
  /** Where ldconfig puts the libraries of a {@code glibc-hwcaps} subdirectory; basalt leaves them out. */
  static final String GLIBC_HWCAPS = "glibc-hwcaps";

  /** A directory to scan: as configured (the name in the cache) and where it really is in the tree. */
  private record Dir(String configured, String real) {}

  /** ldconfig's {@code dlib_entry}: the file chosen for a soname in one directory. */
  private static final class Lib {
    String name;
    final String soname;
    final int flags;
    boolean isLink;

    Lib(String name, String soname, int flags, boolean isLink) {
      this.name = name;
      this.soname = soname;
      this.flags = flags;
      this.isLink = isLink;
    }
  }

  @Override
  public EffectResult apply(FileTree tree, EffectContext ctx) throws EffectException {
    EffectResult.Builder result = EffectResult.builder("ld.so.cache");
    LdconfigArch arch = LdconfigArch.of(ctx.arch()).orElse(null);
    if (arch == null) {
      return result.note("no " + CACHE + ": basalt knows ldconfig's rules for amd64 and arm64, not " + ctx.arch())
          .build();
    }
    List<String> configured = new ArrayList<>(LdSoConf.directories(tree, result::note));
    configured.addAll(arch.builtinDirectories());
    List<LdSoCacheWriter.Entry> entries = new ArrayList<>();
    for (Dir dir : directories(tree, configured, result)) {
      scan(tree, dir, arch, ctx.epoch(), result, entries);
    }
    if (entries.isEmpty()) {
      return result.note("no shared libraries in " + String.join(", ", configured) + ": no " + CACHE).build();
    }
    byte[] cache = LdSoCacheWriter.write(entries, arch.signedChar());
    result.put(tree, new FileEntry.RegularFile(tree.resolveParent(CACHE), 0644, 0, 0, ctx.epoch(), null,
        Content.Inline.of(cache)));
    return result.note(entries.size() + " libraries in " + CACHE).build();
  }

  /** add_dir_1 and add_single_dir: each existing directory once, under the first path naming it. */
  private static List<Dir> directories(FileTree tree, List<String> configured, EffectResult.Builder result) {
    List<Dir> dirs = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String path : configured) {
      String real = LinkResolver.resolve(tree, path).orElse(null);
      if (real == null || !isDirectory(tree, real) || !seen.add(real)) {
        continue;
      }
      dirs.add(new Dir(path, real));
      String hwcaps = join(real, GLIBC_HWCAPS);
      if (tree.below(hwcaps).stream().anyMatch(e -> Paths.parent(Paths.parent(e.path())).equals(hwcaps))) {
        result.note("libraries under " + path + "/" + GLIBC_HWCAPS
            + " are not cached: basalt writes no glibc-hwcaps entries");
      }
    }
    return dirs;
  }

  /** search_dir: pick one file per soname, link the sonames, add one entry per soname. */
  private static void scan(FileTree tree, Dir dir, LdconfigArch arch, long epoch, EffectResult.Builder result,
      List<LdSoCacheWriter.Entry> entries) throws EffectException {
    List<FileEntry> children = new ArrayList<>();
    for (FileEntry e : tree.below(dir.real())) {
      String name = Paths.name(e.path());
      if (Paths.parent(e.path()).equals(dir.real()) && !(e instanceof FileEntry.Directory) && isDso(name)
          && !isPrelinkTemp(name)) {
        children.add(e);
      }
    }
    List<Lib> libs = new ArrayList<>();
    for (FileEntry e : children) {
      String name = Paths.name(e.path());
      String shown = dir.configured() + "/" + name;
      boolean isLink = e instanceof FileEntry.Symlink;
      if (isLink && LinkResolver.resolve(tree, e.path()).isEmpty()) {
        if (name.contains(".so.")) {
          tree.remove(e.path());
          result.note("removed " + shown + ", a dangling link (ldconfig removes those named *.so.*)");
        }
        continue;
      }
      FileEntry.RegularFile file = TreeFiles.regularFile(tree, e.path()).orElse(null);
      if (file == null) {
        result.note("cannot read " + shown + " as a library: it does not lead to a regular file");
        continue;
      }
      ElfLibraryReader.Outcome outcome;
      try {
        outcome = ElfLibraryReader.read(file.content(), shown, name, arch);
      } catch (IOException ex) {
        throw new EffectException("cannot read " + e.path() + ": " + ex.getMessage(), ex);
      }
      if (outcome instanceof ElfLibraryReader.Skipped skipped) {
        if (skipped.warning() != null) {
          result.note(skipped.warning());
        }
        continue;
      }
      ElfLibraryReader.Library lib = (ElfLibraryReader.Library) outcome;
      String soname = lib.soname() != null ? lib.soname() : name;
      // A link counts as a link only when named after the soname or as its ld(1) ".so" link.
      if (isLink && !name.equals(soname) && !(name.endsWith(".so") && soname.startsWith(name))) {
        isLink = false;
      }
      if (isLink) {
        soname = name;
      }
      add(libs, new Lib(name, soname, lib.flags(), isLink), dir, arch, result);
    }
    // ldconfig prepends to its list, then walks it: the last file read comes first.
    for (int i = libs.size() - 1; i >= 0; i--) {
      Lib lib = libs.get(i);
      if (!lib.isLink) {
        link(tree, dir, lib, epoch, result);
      }
      entries.add(new LdSoCacheWriter.Entry(lib.soname, dir.configured() + "/" + lib.soname, lib.flags));
    }
  }

  /** A second file with a known soname replaces the first if it is no link and the first was, or is newer. */
  private static void add(List<Lib> libs, Lib lib, Dir dir, LdconfigArch arch, EffectResult.Builder result) {
    for (Lib known : libs) {
      if (!known.soname.equals(lib.soname)) {
        continue;
      }
      if ((!lib.isLink && known.isLink)
          || (lib.isLink == known.isLink && LdSoCacheWriter.libcmp(known.name, lib.name, arch.signedChar()) < 0)) {
        if (known.flags != lib.flags) {
          result.note("libraries " + known.name + " and " + lib.name + " in directory " + dir.configured()
              + " have same soname but different type");
        }
        known.name = lib.name;
        known.isLink = lib.isLink;
      }
      return;
    }
    libs.add(lib);
  }

  /** create_links: the soname link to the chosen file, unless the soname is that file already. */
  private static void link(FileTree tree, Dir dir, Lib lib, long epoch, EffectResult.Builder result) {
    if (lib.soname.isEmpty() || lib.soname.contains("/") || lib.soname.equals(".") || lib.soname.equals("..")) {
      result.note("no soname link for " + dir.configured() + "/" + lib.name + ": its soname \"" + lib.soname
          + "\" is no file name");
      return;
    }
    String soPath = join(dir.real(), lib.soname);
    String target = inode(tree, soPath);
    if (target != null) {
      if (target.equals(inode(tree, join(dir.real(), lib.name)))) {
        return;
      }
      if (!(tree.get(soPath).orElse(null) instanceof FileEntry.Symlink)) {
        result.note(dir.configured() + "/" + lib.soname + " is not a symbolic link, so not linked to " + lib.name);
        return;
      }
    }
    result.put(tree, new FileEntry.Symlink(soPath, lib.name, 0, 0, epoch, null));
    result.note("linked " + dir.configured() + "/" + lib.soname + " -> " + lib.name + ", as ldconfig does");
  }

  /** What stat's device and inode say: the file a path ends at, hard links taken to their target. */
  private static String inode(FileTree tree, String path) {
    String real = LinkResolver.resolve(tree, path).orElse(null);
    if (real != null && tree.get(real).orElse(null) instanceof FileEntry.Hardlink hard) {
      return hard.target();
    }
    return real;
  }

  /** glibc's {@code _dl_is_dso}: lib*.so*, ld-*.so*, ld.so.*, ld64.so.*. */
  static boolean isDso(String name) {
    return ((name.startsWith("lib") || name.startsWith("ld-")) && name.contains(".so"))
        || name.startsWith("ld.so.") || name.startsWith("ld64.so.");
  }

  /** Temporary files of the prelink program, which ldconfig never reads. */
  private static boolean isPrelinkTemp(String name) {
    int n = name.length();
    return name.endsWith(".#prelink#") || (n >= 17 && name.startsWith(".#prelink#.", n - 17));
  }

  private static boolean isDirectory(FileTree tree, String real) {
    FileEntry e = tree.get(real).orElse(null);
    return e == null ? real.equals("/") || !tree.below(real).isEmpty() : e instanceof FileEntry.Directory;
  }

  private static String join(String dir, String name) {
    return dir.equals("/") ? "/" + name : dir + "/" + name;
  }
}
