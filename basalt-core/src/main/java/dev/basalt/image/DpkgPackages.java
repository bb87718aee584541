package dev.basalt.image;

import dev.basalt.debian.Deb822;
import dev.basalt.debian.Deb822Exception;
import dev.basalt.debian.Stanza;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The packages an image's dpkg metadata lists: a whole {@code /var/lib/dpkg/status} (as dpkg
 * keeps it) and distroless-style {@code /var/lib/dpkg/status.d/<name>} files, each with the
 * files its {@code md5sums} says it shipped. One reader for the SBOM and the vulnerability scan.
 */
public final class DpkgPackages {
  public static final String STATUS = "/var/lib/dpkg/status";
  public static final String STATUS_D = "/var/lib/dpkg/status.d";
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
    return path.equals(STATUS) || path.startsWith(STATUS_D + "/")
        || (path.startsWith(INFO + "/") && path.endsWith(MD5SUMS_SUFFIX));
  }

  /**
   * Every package stanza with Package, Version and Architecture, one per name (the first
   * installed one, else the first); stanzas lacking one of those are skipped (the audit reports them).
   *
   * @param image names the image in messages
   * @throws ImageReadException when a status file does not parse
   */
  public static List<Entry> read(FlatFilesystem files, String image) throws ImageReadException {
    List<FlatFile> statusFiles = new ArrayList<>();
    if (files.resolve(STATUS) != null) {
      statusFiles.add(files.resolve(STATUS));
    }
    for (FlatFile f : files.below(STATUS_D)) {
      if (f.isRegular() && !f.path().endsWith(MD5SUMS_SUFFIX)) {
        statusFiles.add(f);
      }
    }
    Map<String, Entry> entries = new LinkedHashMap<>();
    for (FlatFile f : statusFiles) {
      if (f.content() == null) {
        continue;
      }
      List<Stanza> stanzas;
      try {
        stanzas = Deb822.parse(new String(f.content(), StandardCharsets.UTF_8), f.path(), false);
      } catch (Deb822Exception e) {
        throw new ImageReadException(image + ": " + f.path() + " does not parse: " + e.getMessage(), e);
      }
      for (Stanza st : stanzas) {
        String name = st.value("Package");
        String version = st.value("Version");
        String arch = st.value("Architecture");
        String status = st.value("Status");
        boolean installed = status == null || status.endsWith(" installed");
        Entry seen = name == null ? null : entries.get(name);
        if (name == null || version == null || arch == null || (seen != null && (seen.installed() || !installed))) {
          continue;
        }
        entries.put(name, new Entry(st, name, version, arch, installed, shipped(files, name, arch)));
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
    for (String path : List.of(STATUS_D + "/" + name + MD5SUMS_SUFFIX, INFO + "/" + name + MD5SUMS_SUFFIX,
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
