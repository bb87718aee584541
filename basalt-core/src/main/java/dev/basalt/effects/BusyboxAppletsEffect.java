package dev.basalt.effects;

import dev.basalt.fs.FileEntry;
import dev.basalt.fs.FileTree;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What {@code busybox --install -s} would do: a symlink in {@code /usr/bin} for every applet
 * the busybox binary contains. The applet list is read from the binary itself, where busybox
 * keeps its applet names as one sorted, NUL-separated table beginning {@code [\0[[\0}; nothing
 * is executed. Only for images that ship busybox, which the shell policy admits only when the
 * spec allows a shell (debug variants).
 */
public final class BusyboxAppletsEffect implements Effect {
  static final String BUSYBOX = "/usr/bin/busybox";
  private static final byte[] TABLE_START = {'[', 0, '[', '[', 0};
  private static final Pattern APPLET = Pattern.compile("[a-z0-9][a-z0-9_.-]*");
  private static final int MAX_APPLETS = 1000;
  /** Applets that install packages: a debug image gets a shell, never a package manager. */
  static final java.util.Set<String> PACKAGE_MANAGER_APPLETS = java.util.Set.of("dpkg", "dpkg-deb", "rpm", "rpm2cpio");

  @Override
  public EffectResult apply(FileTree tree, EffectContext ctx) throws EffectException {
    EffectResult.Builder result = EffectResult.builder("busybox-applets");
    if (!(tree.get(BUSYBOX).orElse(null) instanceof FileEntry.RegularFile busybox)) {
      return result.build();
    }
    List<String> applets;
    try (InputStream in = new BufferedInputStream(busybox.content().open(), 1 << 16)) {
      applets = applets(in);
    } catch (IOException e) {
      throw new EffectException("cannot read " + BUSYBOX + " to list its applets: " + e.getMessage(), e);
    }
    if (applets.isEmpty()) {
      throw new EffectException(BUSYBOX + " holds no applet table that basalt recognises; cannot create its applet links");
    }
    int created = 0;
    for (String applet : applets) {
      String path = "/usr/bin/" + applet;
      if (applet.equals("busybox") || tree.contains(path) || PACKAGE_MANAGER_APPLETS.contains(applet)) {
        continue;
      }
      result.put(tree, new FileEntry.Symlink(path, "busybox", 0, 0, ctx.epoch(), null));
      created++;
    }
    return result.note(created + " busybox applet links in /usr/bin").build();
  }

  /** The applet names: after the table's "[" and "[[", NUL-separated names in ascending order. */
  static List<String> applets(InputStream in) throws IOException {
    int matched = 0;
    for (int b; (b = in.read()) != -1; ) {
      if (b == (TABLE_START[matched] & 0xff)) {
        matched++;
        if (matched == TABLE_START.length) {
          return readTable(in);
        }
      } else {
        matched = b == '[' ? 1 : 0;
      }
    }
    return List.of();
  }

  private static List<String> readTable(InputStream in) throws IOException {
    List<String> names = new ArrayList<>(List.of("[", "[["));
    StringBuilder name = new StringBuilder();
    String previous = "[[";
    for (int b; (b = in.read()) != -1 && names.size() < MAX_APPLETS; ) {
      if (b != 0) {
        if (name.length() > 64) {
          break;
        }
        name.append((char) b);
        continue;
      }
      String n = name.toString();
      if (!APPLET.matcher(n).matches() || n.compareTo(previous) <= 0) {
        break;
      }
      names.add(n);
      previous = n;
      name.setLength(0);
    }
    return names;
  }
}
