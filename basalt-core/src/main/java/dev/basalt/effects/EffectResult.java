package dev.basalt.effects;

import dev.basalt.fs.FileEntry;
import dev.basalt.fs.FileTree;
import dev.basalt.fs.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one effect did: the paths it created, the paths it replaced (something was there
 * before), and notes for the build summary.
 */
public record EffectResult(String effect, List<String> created, List<String> replaced, List<String> notes) {
  public EffectResult {
    Objects.requireNonNull(effect, "effect == null");
    created = List.copyOf(created);
    replaced = List.copyOf(replaced);
    notes = List.copyOf(notes);
  }

  public static Builder builder(String effect) {
    return new Builder(effect);
  }

  /** Collects an effect's changes while it writes them into the tree. */
  public static final class Builder {
    private final String effect;
    private final List<String> created = new ArrayList<>();
    private final List<String> replaced = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    private Builder(String effect) {
      this.effect = Objects.requireNonNull(effect, "effect == null");
    }

    /**
     * Puts {@code entry} into the tree, first creating missing parents as {@code root:root 0755}
     * with the entry's mtime, and records each path as created or replaced.
     */
    public Builder put(FileTree tree, FileEntry entry) {
      List<String> missing = new ArrayList<>();
      for (String dir = Paths.parent(entry.path()); !dir.equals("/") && !tree.contains(dir); dir = Paths.parent(dir)) {
        missing.add(0, dir);
      }
      for (String dir : missing) {
        tree.put(new FileEntry.Directory(dir, 0755, 0, 0, entry.mtime(), null));
        created.add(dir);
      }
      (tree.contains(entry.path()) ? replaced : created).add(entry.path());
      tree.put(entry);
      return this;
    }

    public Builder note(String note) {
      notes.add(Objects.requireNonNull(note, "note == null"));
      return this;
    }

    public EffectResult build() {
      return new EffectResult(effect, created, replaced, notes);
    }
  }
}
