package dev.basalt.image;

import dev.basalt.debian.Stanza;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The packages an image's dpkg metadata lists ({@link DpkgStatus} reads the stanzas), each with
 * the files its {@code md5sums} says it shipped: what the vulnerability scan needs to tell a
 * package whose files were pruned from one that is present.
 */
public final class DpkgPackages {
  public static final String INFO = "/var/lib/dpkg/info";
  public static final String MD5SUMS_SUFFIX = ".md5sums";

  private DpkgPackages() {}

  /**
   * One package stanza. {@code installed} is false for what dpkg remembers of a removed package
   * ({@code deinstall ok config-files}) or a half-installed one; {@code shippedFiles} is null when
   * the image has no md5sums for it.
   */
  public record Entry(Stanza stanza, String name, String version, String arch, boolean installed,
      List<String> shippedFiles) {
    public Entry {
      shippedFiles = shippedFiles == null ? null : List.copyOf(shippedFiles);
    }
  }

  /** Whether {@code path} is one of the files {@link #read} needs the content of. */
  public static boolean isMetadata(String path) {
    return DpkgStatus.isStatusFile(path) || (path.startsWith(DpkgStatus.STATUS_D + "/") && path.endsWith(MD5SUMS_SUFFIX))
        || (path.startsWith(INFO + "/") && path.endsWith(MD5SUMS_SUFFIX));
  }

  /**
   * Every package, one per name: the installed ones in file order, then what dpkg only
   * remembers of packages not installed under that name. Stanzas
   * lacking Package, Version or Architecture are skipped (the audit reports them).
   *
   * @param image names the image in messages
   * @throws ImageReadException when a status file does not parse
   */
  public static List<Entry> read(FlatFilesystem files, String image) throws ImageReadException {
    DpkgStatus.Result status = DpkgStatus.read(files);
    for (DpkgStatus.Problem p : status.problems()) {
      if (p.kind() == DpkgStatus.Kind.MALFORMED) {
        throw new ImageReadException(image + ": " + p.message());
      }
    }
    Map<String, Entry> entries = new LinkedHashMap<>();
    for (DpkgStatus.Installed i : status.installed()) {
      entries.putIfAbsent(i.name(), new Entry(i.stanza(), i.name(), i.version(), i.arch(), true,
          shipped(files, i.name(), i.arch())));
    }
    for (DpkgStatus.Installed i : status.remembered()) {
      if (i.name() != null && i.version() != null && i.arch() != null) {
        entries.putIfAbsent(i.name(), new Entry(i.stanza(), i.name(), i.version(), i.arch(), false,
            shipped(files, i.name(), i.arch())));
      }
    }
    return List.copyOf(entries.values());
  }

  /** The installed ones of {@link #read}. */
  public static List<Entry> installed(FlatFilesystem files, String image) throws ImageReadException {
    return read(files, image).stream().filter(Entry::installed).toList();
  }

  /** The absolute paths an md5sums file lists (lines of {@code <md5>  <path without leading slash>}). */
  static List<String> shipped(FlatFilesystem files, String name, String arch) {
    for (String path : List.of(DpkgStatus.STATUS_D + "/" + name + MD5SUMS_SUFFIX, INFO + "/" + name + MD5SUMS_SUFFIX,
        INFO + "/" + name + ":" + arch + MD5SUMS_SUFFIX)) {
      byte[] bytes = files.content(path);
      if (bytes == null) {
        continue;
      }
      List<String> out = new ArrayList<>();
      for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
        int sep = line.indexOf("  ");
        if (sep > 0 && sep + 2 < line.length()) {
          String p = line.substring(sep + 2);
          out.add(p.startsWith("/") ? p : "/" + p);
        }
      }
      return out;
    }
    return null;
  }
}
