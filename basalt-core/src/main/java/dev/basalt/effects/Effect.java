package dev.basalt.effects;

import dev.basalt.fs.FileTree;

/**
 * One thing a maintainer script or trigger would have done, done natively on the assembled
 * tree. Effects change the tree in place and say what they changed.
 */
@FunctionalInterface
public interface Effect {
  EffectResult apply(FileTree tree, EffectContext ctx) throws EffectException;
}
