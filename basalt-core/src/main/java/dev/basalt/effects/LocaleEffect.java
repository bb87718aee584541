package dev.basalt.effects;

import dev.basalt.fs.Content;
import dev.basalt.fs.FileEntry;
import dev.basalt.fs.FileTree;

/**
 * The image's locale and time zone. C.UTF-8 needs no generating: its compiled data ships in
 * {@code /usr/lib/locale/C.utf8} (trixie: in libc-bin, not libc6), so a glibc image without it
 * is only reported. With tzdata installed, {@code /etc/localtime} links to {@code Etc/UTC}, as
 * tzdata's postinst does with debconf's default answer; {@code /etc/timezone} is rewritten only
 * where it exists, because since 2024b-5 the postinst no longer creates it.
 */
public final class LocaleEffect implements Effect {
  public static final String C_UTF8 = "/usr/lib/locale/C.utf8";
  public static final String ZONEINFO = "/usr/share/zoneinfo";
  public static final String ZONE = "Etc/UTC";
  public static final String LOCALTIME = "/etc/localtime";
  public static final String TIMEZONE = "/etc/timezone";
  /** The C library whose {@code setlocale} would look for C.UTF-8; a static image has none. */
  static final String GLIBC = "libc6";
  static final String TZDATA = "tzdata";

  @Override
  public EffectResult apply(FileTree tree, EffectContext ctx) throws EffectException {
    EffectResult.Builder result = EffectResult.builder("locale");
    if (installed(ctx, GLIBC) && TreeFiles.regularFile(tree, C_UTF8 + "/LC_CTYPE").isEmpty()) {
      result.note("no C.UTF-8 locale: " + C_UTF8 + " comes with libc-bin, which is not installed;"
          + " setlocale() falls back to the C locale");
    }
    if (installed(ctx, TZDATA)) {
      String zone = ZONEINFO + "/" + ZONE;
      if (TreeFiles.regularFile(tree, zone).isEmpty()) {
        throw new EffectException("tzdata is installed but " + zone + " is not a file of the tree;"
            + " /etc/localtime would dangle (is the tzdata package complete?)");
      }
      result.put(tree, new FileEntry.Symlink(LOCALTIME, zone, 0, 0, ctx.epoch(), null));
      FileEntry timezone = tree.get(TIMEZONE).orElse(null);
      if (timezone instanceof FileEntry.RegularFile f) {
        result.put(tree, f.withContent(Content.Inline.of(ZONE + "\n")).withMtime(ctx.epoch()));
      }
      result.note("time zone " + ZONE);
    }
    return result.build();
  }

  private static boolean installed(EffectContext ctx, String name) {
    return ctx.packages().stream().anyMatch(p -> p.name().equals(name));
  }
}
