package dev.basalt.harden;

import java.util.Set;

/** No shell in the image: without one, an attacker who gets code execution cannot script. */
public final class ShellPolicy extends ProgramPolicy {
  public static final String KEY = "allow-shell";
  public static final Set<String> SHELLS = Set.of(
      "sh", "bash", "rbash", "dash", "ash", "zsh", "ksh", "ksh93", "mksh", "pdksh", "posh", "yash",
      "csh", "tcsh", "fish", "busybox");

  @Override
  boolean matches(String name) {
    return SHELLS.contains(name);
  }

  @Override
  String singular() {
    return "a shell";
  }

  @Override
  String plural() {
    return "shells";
  }

  @Override
  String key() {
    return KEY;
  }
}
