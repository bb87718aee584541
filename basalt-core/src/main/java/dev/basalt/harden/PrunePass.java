package dev.basalt.harden;

import dev.basalt.fs.FileEntry;
import dev.basalt.fs.FileTree;
import dev.basalt.fs.LinkResolver;
import dev.basalt.fs.Paths;
import dev.basalt.spec.ImageSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Removes what a container never reads: documentation (every {@code copyright} file and the
 * doc-directory links that lead to one are kept, for licence compliance), changelogs, man and
 * info pages, message catalogues, lintian overrides and glibc's gconv modules, each unless the
 * spec keeps it. Directories left empty go too; nothing a kept entry needs (a parent, a hard
 * link's target) is removed.
 */
public final class PrunePass {
  public static final String DOC_DIR = "/usr/share/doc";
  public static final String COPYRIGHT = "copyright";
  private static final Pattern GCONV_DIR = Pattern.compile("/usr/lib/[^/]+/gconv");
  /**
   * OpenJDK's class-data-sharing archives for VM modes a default JVM never uses: without
   * compressed oops (heaps over 32 GiB) and with compact object headers. Such a JVM only
   * starts a little slower without them; the default archive, classes.jsa, stays.
   */
  private static final Pattern JVM_MAN = Pattern.compile("/usr/lib/jvm/[^/]+/man");
  private static final Pattern JVM_NON_DEFAULT_CDS =
      Pattern.compile("/usr/lib/jvm/[^/]+/lib/server/classes_(nocoops|coh|nocoops_coh)\\.jsa");

  /** What was pruned, in the order the report lists it. */
  public enum Category {
    CHANGELOGS("changelogs"),
    DOCS("documentation"),
    MAN("man pages"),
    INFO("info pages"),
    LOCALES("locales"),
    LINTIAN("lintian data"),
    GCONV("gconv modules"),
    JVM_CDS("JVM class-data archives for non-default modes"),
    EMPTY_DIRS("emptied directories");

    private final String label;

    Category(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** Entries removed and the bytes of regular-file content they held. */
  public record Tally(int entries, long bytes) {
    static Tally of(FileEntry e) {
      return new Tally(1, e instanceof FileEntry.RegularFile f ? f.size() : 0);
    }

    Tally add(Tally other) {
      return new Tally(entries + other.entries, bytes + other.bytes);
    }
  }

  /** Per category (only those that removed something), in {@link Category} order. */
  public record Report(Map<Category, Tally> removed) {
    public Report {
      Map<Category, Tally> ordered = new EnumMap<>(Category.class);
      ordered.putAll(removed);
      removed = Collections.unmodifiableMap(ordered);
    }

    public int totalEntries() {
      return removed.values().stream().mapToInt(Tally::entries).sum();
    }

    public long totalBytes() {
      return removed.values().stream().mapToLong(Tally::bytes).sum();
    }
  }

  public Report apply(FileTree tree, ImageSpec.Harden harden) {
    Map<String, Category> claims = new HashMap<>();
    if (!harden.keepDocs()) {
      for (FileEntry e : tree.below(DOC_DIR)) {
        if (!(e instanceof FileEntry.Directory) && Paths.name(e.path()).startsWith("changelog")) {
          claims.put(e.path(), Category.CHANGELOGS);
        }
      }
      claimTree(tree, DOC_DIR, Category.DOCS, claims);
    }
    if (!harden.keepMan()) {
      claimTree(tree, "/usr/share/man", Category.MAN, claims);
      // OpenJDK keeps a second copy of its man pages inside the JVM directory.
      for (FileEntry e : tree.below("/usr/lib/jvm")) {
        if (e instanceof FileEntry.Directory && JVM_MAN.matcher(e.path()).matches()) {
          claimTree(tree, e.path(), Category.MAN, claims);
        }
      }
    }
    if (!harden.keepInfo()) {
      claimTree(tree, "/usr/share/info", Category.INFO, claims);
    }
    if (!harden.keepLocales()) {
      claimTree(tree, "/usr/share/locale", Category.LOCALES, claims);
    }
    claimTree(tree, "/usr/share/lintian", Category.LINTIAN, claims);
    claimTree(tree, "/usr/share/linda", Category.LINTIAN, claims);
    if (!harden.keepGconv()) {
      for (FileEntry e : tree.below("/usr/lib")) {
        if (GCONV_DIR.matcher(e.path()).matches()) {
          claimTree(tree, e.path(), Category.GCONV, claims);
        }
      }
    }
    if (!harden.keepJvmCds()) {
      for (FileEntry e : tree.below("/usr/lib/jvm")) {
        if (e instanceof FileEntry.RegularFile && JVM_NON_DEFAULT_CDS.matcher(e.path()).matches()) {
          claims.put(e.path(), Category.JVM_CDS);
        }
      }
    }
    keepCopyrights(tree, claims);
    keepWhatKeptEntriesNeed(tree, claims);
    return remove(tree, claims);
  }

  private static void claimTree(FileTree tree, String root, Category category, Map<String, Category> claims) {
    tree.get(root).ifPresent(e -> claims.putIfAbsent(root, category));
    for (FileEntry e : tree.below(root)) {
      claims.putIfAbsent(e.path(), category);
    }
  }

  /**
   * Keeps {@code copyright} entries under the doc directory, and the links
   * {@code /usr/share/doc/<pkg> -> <sibling>} whose target keeps one.
   */
  private static void keepCopyrights(FileTree tree, Map<String, Category> claims) {
    for (FileEntry e : tree.below(DOC_DIR)) {
      if (Paths.name(e.path()).equals(COPYRIGHT) && !(e instanceof FileEntry.Directory)) {
        claims.remove(e.path());
      }
    }
    for (FileEntry e : tree.below(DOC_DIR)) {
      if (e instanceof FileEntry.Symlink && Paths.parent(e.path()).equals(DOC_DIR)) {
        boolean leadsToCopyright = LinkResolver.resolve(tree, e.path())
            .map(dir -> dir + "/" + COPYRIGHT)
            .filter(c -> tree.contains(c) && !claims.containsKey(c))
            .isPresent();
        if (leadsToCopyright) {
          claims.remove(e.path());
        }
      }
    }
  }

  /** Unclaims the parents of every kept entry, and the target of every kept hard link. */
  private static void keepWhatKeptEntriesNeed(FileTree tree, Map<String, Category> claims) {
    for (FileEntry e : tree.entries()) {
      if (claims.containsKey(e.path())) {
        continue;
      }
      unclaimWithParents(Paths.parent(e.path()), claims);
      if (e instanceof FileEntry.Hardlink link) {
        unclaimWithParents(link.target(), claims);
      }
    }
  }

  private static void unclaimWithParents(String path, Map<String, Category> claims) {
    for (String p = path; !p.equals("/") && claims.remove(p) != null; p = Paths.parent(p)) {
      // Claims are whole subtrees: the first unclaimed parent has none claimed above it.
    }
  }

  private static Report remove(FileTree tree, Map<String, Category> claims) {
    Map<Category, Tally> tallies = new EnumMap<>(Category.class);
    TreeSet<String> emptied = new TreeSet<>();
    for (String path : new TreeSet<>(claims.keySet())) {
      FileEntry e = tree.remove(path).orElseThrow();
      tallies.merge(claims.get(path), Tally.of(e), Tally::add);
      emptied.add(Paths.parent(path));
    }
    // Deepest first, so that a parent is looked at after its children are gone.
    List<String> dirs = new ArrayList<>(emptied.descendingSet());
    for (int i = 0; i < dirs.size(); i++) {
      String dir = dirs.get(i);
      if (!dir.equals("/") && tree.get(dir).orElse(null) instanceof FileEntry.Directory d && tree.below(dir).isEmpty()) {
        tree.remove(dir);
        tallies.merge(Category.EMPTY_DIRS, Tally.of(d), Tally::add);
        dirs.add(Paths.parent(d.path()));
      }
    }
    return new Report(tallies);
  }
}
