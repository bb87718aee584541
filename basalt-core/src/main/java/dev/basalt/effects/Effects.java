package dev.basalt.effects;

import dev.basalt.fs.FileTree;
import java.util.ArrayList;
import java.util.List;

/** The effects every image gets, in the order they run; hardening comes after all of them. */
public final class Effects {
  private Effects() {}

  public static List<Effect> standard() {
    return List.of(new AccountsEffect(), new OsReleaseEffect(), new CaBundleEffect(), new JavaCacertsEffect(),
        new AlternativesEffect(), new LocaleEffect(), new BusyboxAppletsEffect(), new DpkgStatusEffect(),
        new LdSoCacheEffect());
  }

  /** Applies {@link #standard()} to the tree in order. */
  public static List<EffectResult> applyStandard(FileTree tree, EffectContext ctx) throws EffectException {
    List<EffectResult> results = new ArrayList<>();
    for (Effect effect : standard()) {
      results.add(effect.apply(tree, ctx));
    }
    return results;
  }
}
