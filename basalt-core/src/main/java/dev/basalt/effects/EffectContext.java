package dev.basalt.effects;

import dev.basalt.spec.ImageSpec;
import java.util.List;
import java.util.Objects;

/**
 * What an effect may know about the build: the architecture, the mtime ({@code epoch}, seconds)
 * every generated entry gets, the installed packages in install order, and the accounts.
 */
public record EffectContext(String arch, long epoch, List<InstalledPackage> packages, ImageSpec.Accounts accounts) {
  public EffectContext {
    Objects.requireNonNull(arch, "arch == null");
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch < 0: " + epoch);
    }
    packages = List.copyOf(packages);
    Objects.requireNonNull(accounts, "accounts == null");
  }
}
