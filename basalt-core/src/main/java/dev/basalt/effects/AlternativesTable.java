package dev.basalt.effects;

import dev.basalt.fs.Paths;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The {@code update-alternatives --install} calls that known packages' postinst scripts make,
 * read from {@code alternatives.txt} beside this class, where each line holds one call's
 * arguments in the script's own order so that it can be checked against the script by eye.
 */
public final class AlternativesTable {
  public static final String RESOURCE = "alternatives.txt";
  /** Stands for the package's Debian architecture in a path. */
  public static final String ARCH = "${arch}";
  public static final String SLAVE = "--slave";

  /** Debian Policy 5.6.1, as {@link InstalledPackage} checks it. */
  private static final Pattern PACKAGE = Pattern.compile("[a-z0-9][a-z0-9+.-]+");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*");
  private static final Pattern DEBIAN_ARCH = Pattern.compile("[a-z0-9]+");

  /** A slave link, switched together with its master. */
  public record Slave(String link, String name, String path) {
    public Slave {
      checkLink(link);
      checkName(name);
      checkPath(path);
    }

    Slave forArch(String arch) {
      return new Slave(link, name, path.replace(ARCH, arch));
    }
  }

  /** One {@code update-alternatives --install <link> <name> <path> <priority>} of {@code pkg}. */
  public record Alternative(String pkg, String link, String name, String path, int priority, List<Slave> slaves) {
    public Alternative {
      Objects.requireNonNull(pkg, "pkg == null");
      checkLink(link);
      checkName(name);
      checkPath(path);
      slaves = List.copyOf(slaves);
    }

    /** This alternative with {@link #ARCH} in its paths replaced by {@code arch}. */
    public Alternative forArch(String arch) {
      if (!DEBIAN_ARCH.matcher(arch).matches()) {
        throw new IllegalArgumentException("not a Debian architecture: " + arch);
      }
      return new Alternative(pkg, link, name, path.replace(ARCH, arch), priority,
          slaves.stream().map(s -> s.forArch(arch)).toList());
    }
  }

  private final Map<String, List<Alternative>> byPackage;

  private AlternativesTable(Map<String, List<Alternative>> byPackage) {
    this.byPackage = byPackage;
  }

  /** The table shipped with basalt. */
  public static AlternativesTable standard() {
    return Standard.TABLE;
  }

  /** Deferred so that a broken resource fails where it is used, with its line number. */
  private static final class Standard {
    static final AlternativesTable TABLE = load();

    private static AlternativesTable load() {
      try (InputStream in = AlternativesTable.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(RESOURCE + " is missing from the class path beside "
              + AlternativesTable.class.getName());
        }
        return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), RESOURCE);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + RESOURCE, e);
      }
    }
  }

  /**
   * Parses the table format: blank lines and {@code #} comments are skipped, every other line is
   * {@code <package> <link> <name> <path> <priority> [--slave <link> <name> <path>]...}.
   *
   * @throws IllegalArgumentException naming {@code source} and the line when a line is malformed
   */
  public static AlternativesTable parse(String text, String source) {
    try {
      return parse(new BufferedReader(new StringReader(text)), source);
    } catch (IOException e) {
      throw new UncheckedIOException("a string reader failed", e);
    }
  }

  private static AlternativesTable parse(BufferedReader in, String source) throws IOException {
    Map<String, List<Alternative>> byPackage = new TreeMap<>();
    Map<String, Alternative> byName = new TreeMap<>();
    int lineNo = 0;
    for (String line; (line = in.readLine()) != null; ) {
      lineNo++;
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("#")) {
        continue;
      }
      Alternative a;
      try {
        a = parseLine(t.split("\\s+"));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(source + ":" + lineNo + ": " + e.getMessage(), e);
      }
      Alternative other = byName.putIfAbsent(a.name(), a);
      if (other != null && !other.link().equals(a.link())) {
        // update-alternatives refuses this too: a name has one link.
        throw new IllegalArgumentException(source + ":" + lineNo + ": alternative " + a.name() + " has link "
            + a.link() + ", but " + other.pkg() + " gives it " + other.link());
      }
      List<Alternative> own = byPackage.computeIfAbsent(a.pkg(), p -> new ArrayList<>());
      if (own.stream().anyMatch(o -> o.name().equals(a.name()))) {
        throw new IllegalArgumentException(source + ":" + lineNo + ": " + a.pkg() + " installs alternative "
            + a.name() + " twice");
      }
      own.add(a);
    }
    byPackage.replaceAll((p, list) -> List.copyOf(list));
    return new AlternativesTable(Collections.unmodifiableMap(byPackage));
  }

  private static Alternative parseLine(String[] words) {
    if (words.length < 5 || (words.length - 5) % 4 != 0) {
      throw new IllegalArgumentException("expected <package> <link> <name> <path> <priority>"
          + " [--slave <link> <name> <path>]..., not " + words.length + " words");
    }
    int priority;
    try {
      priority = Integer.parseInt(words[4]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("priority '" + words[4] + "' is not a number");
    }
    List<Slave> slaves = new ArrayList<>();
    for (int i = 5; i < words.length; i += 4) {
      if (!words[i].equals(SLAVE)) {
        throw new IllegalArgumentException("expected " + SLAVE + ", not '" + words[i] + "'");
      }
      slaves.add(new Slave(words[i + 1], words[i + 2], words[i + 3]));
    }
    if (!PACKAGE.matcher(words[0]).matches()) {
      throw new IllegalArgumentException("'" + words[0] + "' is not a Debian package name");
    }
    return new Alternative(words[0], words[1], words[2], words[3], priority, slaves);
  }

  /** What {@code pkg}'s postinst installs, in table order; empty for a package not in the table. */
  public List<Alternative> of(String pkg) {
    return byPackage.getOrDefault(pkg, List.of());
  }

  /** The packages in the table, sorted. */
  public Set<String> packages() {
    return byPackage.keySet();
  }

  private static void checkLink(String link) {
    if (link == null || !link.startsWith("/") || !Paths.normalize(link).equals(link) || link.contains(ARCH)) {
      throw new IllegalArgumentException("link '" + link + "' is not a normalised absolute path");
    }
  }

  private static void checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("'" + name + "' is not an alternative name");
    }
  }

  private static void checkPath(String path) {
    String sample = path == null ? null : path.replace(ARCH, "amd64");
    if (sample == null || !sample.startsWith("/") || !Paths.normalize(sample).equals(sample)) {
      throw new IllegalArgumentException("path '" + path + "' is not a normalised absolute path");
    }
  }
}
