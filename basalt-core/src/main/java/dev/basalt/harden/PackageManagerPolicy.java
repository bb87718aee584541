package dev.basalt.harden;

import java.util.Set;
import java.util.regex.Pattern;

/** No package manager in the image: what it contains is decided at build time, by the spec. */
public final class PackageManagerPolicy extends ProgramPolicy {
  public static final String KEY = "allow-package-manager";
  public static final Set<String> PACKAGE_MANAGERS = Set.of(
      "dpkg", "apt", "apt-get", "aptitude", "apk", "rpm", "yum", "dnf", "microdnf", "zypper", "npm");
  /** pip, pip3 and versioned ones such as pip3.13. */
  private static final Pattern PIP = Pattern.compile("pip[0-9.]*");

  @Override
  boolean matches(String name) {
    return isPackageManager(name);
  }

  /** Whether a program named {@code name} on PATH is a package manager. */
  public static boolean isPackageManager(String name) {
    return PACKAGE_MANAGERS.contains(name) || PIP.matcher(name).matches();
  }

  @Override
  String singular() {
    return "a package manager";
  }

  @Override
  String plural() {
    return "package managers";
  }

  @Override
  String key() {
    return KEY;
  }
}
