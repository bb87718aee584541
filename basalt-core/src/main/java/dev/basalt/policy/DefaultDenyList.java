package dev.basalt.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * The packages no basalt image contains unless its spec says otherwise: what gives an attacker
 * who gets code execution a shell, a package manager, a way to raise privileges, a remote login
 * or a compiler. Compiler runtimes that ordinary programs link against stay allowed.
 */
public final class DefaultDenyList {
  /** Waived by {@code harden: {allow-shell: true}}, which a debug variant states with a reason. */
  public static final List<String> SHELLS = List.of("bash", "dash", "zsh", "ksh*", "busybox*");
  public static final List<String> PACKAGE_MANAGERS = List.of("apt", "dpkg");
  public static final List<String> PRIVILEGE_ESCALATION = List.of("sudo");
  public static final List<String> REMOTE_LOGIN = List.of("openssh-server", "telnet*", "rsh-*", "ftp");
  /** {@code gcc-14} the compiler, but not {@code gcc-14-base}, which libgcc-s1 and libstdc++6 depend on. */
  public static final String GCC = "gcc-[0-9]*";
  public static final String GCC_RUNTIME_BASE = "gcc-*-base";
  public static final List<String> OTHER_COMPILERS = List.of("g++-*", "cpp-*", "clang-*");

  /** Every entry, in the order above. */
  public static final List<PackagePolicy.DenyName> RULES = rules();

  private DefaultDenyList() {}

  private static List<PackagePolicy.DenyName> rules() {
    List<PackagePolicy.DenyName> rules = new ArrayList<>();
    SHELLS.forEach(g -> rules.add(rule(g, List.of(), true)));
    PACKAGE_MANAGERS.forEach(g -> rules.add(rule(g, List.of(), false)));
    PRIVILEGE_ESCALATION.forEach(g -> rules.add(rule(g, List.of(), false)));
    REMOTE_LOGIN.forEach(g -> rules.add(rule(g, List.of(), false)));
    rules.add(rule(GCC, List.of(GCC_RUNTIME_BASE), false));
    OTHER_COMPILERS.forEach(g -> rules.add(rule(g, List.of(), false)));
    return List.copyOf(rules);
  }

  private static PackagePolicy.DenyName rule(String glob, List<String> except, boolean shell) {
    return new PackagePolicy.DenyName(PackageGlob.of(glob), except.stream().map(PackageGlob::of).toList(), shell,
        RuleSource.DEFAULT_DENY_LIST);
  }
}
