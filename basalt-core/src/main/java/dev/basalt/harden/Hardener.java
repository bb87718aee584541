package dev.basalt.harden;

import dev.basalt.fs.FileTree;
import dev.basalt.spec.ImageSpec;
import java.util.Objects;

/**
 * Runs the hardening passes over a tree, after all effects, in a fixed order: the refusals
 * first (run-as, shells, package managers), so a refused tree is left untouched, then pruning,
 * setuid stripping and permissions, the last of which sees the tree as it will ship.
 */
public final class Hardener {
  private final ImageSpec.Harden harden;
  private final ImageSpec.Accounts accounts;

  public Hardener(ImageSpec.Harden harden, ImageSpec.Accounts accounts) {
    this.harden = Objects.requireNonNull(harden, "harden == null");
    this.accounts = Objects.requireNonNull(accounts, "accounts == null");
  }

  /** Hardens {@code tree} in place. */
  public HardenReport harden(FileTree tree) throws HardenException {
    new RunAsPolicy().check(accounts, harden.allowRoot());
    ProgramPolicy.Report shells = new ShellPolicy().check(tree, harden.allowShell());
    ProgramPolicy.Report packageManagers = new PackageManagerPolicy().check(tree, harden.allowPackageManager());
    PrunePass.Report prune = new PrunePass().apply(tree, harden);
    SetuidPass.Report setuid = new SetuidPass().apply(tree, harden.allowSetuid());
    PermissionsPass.Report permissions = new PermissionsPass().apply(tree);
    return new HardenReport(shells, packageManagers, prune, setuid, permissions);
  }
}
