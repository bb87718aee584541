package dev.basalt.effects;

import dev.basalt.effects.AlternativesTable.Alternative;
import dev.basalt.effects.AlternativesTable.Slave;
import dev.basalt.fs.FileEntry;
import dev.basalt.fs.FileTree;
import dev.basalt.fs.LinkResolver;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What {@code update-alternatives --install} leaves behind in automatic mode after the postinst
 * scripts of {@link AlternativesTable} have run: for each name, the alternative with the highest
 * priority becomes {@code /etc/alternatives/<name> -> <path>}, with {@code <link> ->
 * /etc/alternatives/<name>}, and so do its slaves. Equal priorities go to the lexically first
 * path (update-alternatives would keep whichever was installed first, an order a tree lacks).
 * The administrative files under {@code /var/lib/dpkg/alternatives} are not written: there is
 * no update-alternatives in the image to read them.
 */
public final class AlternativesEffect implements Effect {
  public static final String ALTERNATIVES_DIR = "/etc/alternatives";

  /** Highest priority first, then path in lexical (UTF-16, here ASCII) order. */
  static final Comparator<Alternative> PREFERENCE =
      Comparator.comparingInt(Alternative::priority).reversed().thenComparing(Alternative::path);

  private final AlternativesTable table;

  public AlternativesEffect() {
    this(AlternativesTable.standard());
  }

  AlternativesEffect(AlternativesTable table) {
    this.table = table;
  }

  @Override
  public EffectResult apply(FileTree tree, EffectContext ctx) throws EffectException {
    EffectResult.Builder result = EffectResult.builder("alternatives");
    Map<String, List<Alternative>> byName = new TreeMap<>();
    for (InstalledPackage p : ctx.packages()) {
      String arch = p.architecture().equals("all") ? ctx.arch() : p.architecture();
      for (Alternative a : table.of(p.name())) {
        Alternative here = a.forArch(arch);
        // update-alternatives --install fails on a missing path, and the postinst with it.
        if (LinkResolver.resolve(tree, here.path()).isEmpty()) {
          throw new EffectException("alternative " + here.name() + " of " + p.name() + " " + p.version() + ": "
              + here.path() + " is not in the tree, so its postinst would fail; the package does not match"
              + " basalt's " + AlternativesTable.RESOURCE + " (read from another version?)");
        }
        byName.computeIfAbsent(here.name(), n -> new ArrayList<>()).add(here);
      }
    }
    for (List<Alternative> candidates : byName.values()) {
      candidates.sort(PREFERENCE);
      Alternative best = candidates.get(0);
      install(tree, ctx.epoch(), best.link(), best.name(), best.path(), result);
      for (Slave s : best.slaves()) {
        // As update-alternatives: a slave whose file is missing gets no link.
        if (LinkResolver.resolve(tree, s.path()).isPresent()) {
          install(tree, ctx.epoch(), s.link(), s.name(), s.path(), result);
        }
      }
      if (candidates.size() > 1) {
        result.note("alternative " + best.name() + ": " + best.path() + " of " + best.pkg() + " (priority "
            + best.priority() + ") over " + candidates.stream().skip(1)
                .map(c -> c.pkg() + " (" + c.priority() + ")").collect(Collectors.joining(", ")));
      }
    }
    return result.build();
  }

  private static void install(FileTree tree, long epoch, String link, String name, String path,
      EffectResult.Builder result) {
    String alternative = ALTERNATIVES_DIR + "/" + name;
    result.put(tree, new FileEntry.Symlink(alternative, path, 0, 0, epoch, null));
    String at = tree.resolveParent(link);
    FileEntry existing = tree.get(at).orElse(null);
    if (existing != null && !(existing instanceof FileEntry.Symlink)) {
      // update-alternatives replaces a symlink but leaves anything else alone, with a warning.
      result.note("not replacing " + at + (existing.owner() == null ? "" : " (from " + existing.owner() + ")")
          + " with a link to " + alternative);
      return;
    }
    result.put(tree, new FileEntry.Symlink(at, alternative, 0, 0, epoch, null));
  }
}
