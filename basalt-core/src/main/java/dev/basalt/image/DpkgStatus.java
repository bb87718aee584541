package dev.basalt.image;

import dev.basalt.debian.Deb822;
import dev.basalt.debian.Deb822Exception;
import dev.basalt.debian.Stanza;
import dev.basalt.fs.Paths;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The packages an image's dpkg metadata says are installed: one {@code /var/lib/dpkg/status}, or
 * distroless-style files under {@code /var/lib/dpkg/status.d/} (one per package), or both. What
 * is wrong with the metadata is collected, not thrown, so that the auditor can report it and other
 * readers decide what they cannot do without.
 */
public final class DpkgStatus {
  public static final String STATUS = "/var/lib/dpkg/status";
  public static final String STATUS_D = "/var/lib/dpkg/status.d";

  private DpkgStatus() {}

  /** One installed package's stanza and the file it was read from. */
  public record Installed(String file, Stanza stanza) {
    public Installed {
      Objects.requireNonNull(file, "file == null");
      Objects.requireNonNull(stanza, "stanza == null");
    }

    public String name() {
      return stanza.value("Package");
    }

    public String version() {
      return stanza.value("Version");
    }

    public String arch() {
      return stanza.value("Architecture");
    }
  }

  /** What kind of problem a {@link Problem} is. */
  public enum Kind {
    /** A status file whose content was not kept (too large). */
    UNREADABLE,
    /** A status file that is not deb822. */
    MALFORMED,
    /** A stanza without Package, Version or Architecture. */
    INCOMPLETE,
    /** The same package and architecture listed twice. */
    DUPLICATE,
    /** A one-package {@code status.d} file named for another package. */
    MISNAMED
  }

  /** Something wrong with the metadata, with a message naming the file. */
  public record Problem(Kind kind, String message) {}

  /**
   * The installed packages in file order ({@code status} first), what dpkg only remembers
   * (removed with config files kept, half-installed), and the problems found.
   */
  public record Result(List<Installed> installed, List<Installed> remembered, List<Problem> problems) {
    public Result {
      installed = List.copyOf(installed);
      remembered = List.copyOf(remembered);
      problems = List.copyOf(problems);
    }
  }

  /** Whether a file is dpkg status metadata, i.e. what an inspector must keep for {@link #read}. */
  public static boolean isStatusFile(String path) {
    return path.equals(STATUS) || (path.startsWith(STATUS_D + "/") && !path.endsWith(".md5sums"));
  }

  /** Whether the image has dpkg status metadata at all. */
  public static boolean present(FlatFilesystem fs) {
    return fs.resolve(STATUS) != null || fs.resolve(STATUS_D) != null;
  }

  /**
   * Reads the metadata whose content the layers' inspector kept. Packages whose {@code Status}
   * is other than installed (removed, half-configured) are dpkg's history and left out.
   */
  public static Result read(FlatFilesystem fs) {
    List<Installed> installed = new ArrayList<>();
    List<Installed> remembered = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    if (fs.resolve(STATUS) != null) {
      stanzas(STATUS, fs.content(STATUS), false, seen, installed, remembered, problems);
    }
    for (FlatFile f : fs.below(STATUS_D)) {
      if (f.isRegular() && !f.path().endsWith(".md5sums")) {
        stanzas(f.path(), f.content(), true, seen, installed, remembered, problems);
      }
    }
    return new Result(installed, remembered, problems);
  }

  private static void stanzas(String path, byte[] bytes, boolean oneFile, Map<String, String> seen,
      List<Installed> installed, List<Installed> remembered, List<Problem> problems) {
    if (bytes == null) {
      problems.add(new Problem(Kind.UNREADABLE, path + " is too large to read"));
      return;
    }
    List<Stanza> stanzas;
    try {
      stanzas = Deb822.parse(new String(bytes, StandardCharsets.UTF_8), path, false);
    } catch (Deb822Exception e) {
      problems.add(new Problem(Kind.MALFORMED, path + " does not parse: " + e.getMessage()));
      return;
    }
    for (Stanza st : stanzas) {
      String pkg = st.value("Package");
      String arch = st.value("Architecture");
      if (pkg == null || st.value("Version") == null || arch == null) {
        problems.add(new Problem(Kind.INCOMPLETE, path + ": a stanza lacks Package, Version or Architecture"));
        continue;
      }
      String state = st.value("Status");
      if (state != null && !state.endsWith(" installed")) {
        remembered.add(new Installed(path, st));
        continue;
      }
      String key = pkg + ":" + arch;
      String first = seen.putIfAbsent(key, path);
      if (first != null) {
        problems.add(new Problem(Kind.DUPLICATE, "package " + key + " is listed twice (" + first + " and " + path + ")"));
      } else {
        installed.add(new Installed(path, st));
      }
      if (oneFile && stanzas.size() == 1 && !Paths.name(path).equals(pkg) && !Paths.name(path).startsWith(pkg + ":")) {
        problems.add(new Problem(Kind.MISNAMED, path + " describes package " + pkg + ", not " + Paths.name(path)));
      }
    }
  }
}
