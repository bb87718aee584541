package dev.basalt.effects;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A package whose files are in the tree: its control stanza exactly as in the {@code .deb},
 * its {@code md5sums} file (null when the package has none) and the names of the maintainer
 * scripts it carries, none of which ran.
 */
public record InstalledPackage(
    String name,
    String version,
    String architecture,
    String controlText,
    String md5sums,
    List<String> maintainerScripts) {

  /** Debian Policy 5.6.1; also what keeps a name safe as a file name. */
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9+.-]+");

  public InstalledPackage {
    Objects.requireNonNull(name, "name == null");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a Debian package name: " + name);
    }
    Objects.requireNonNull(version, "version == null");
    Objects.requireNonNull(architecture, "architecture == null");
    Objects.requireNonNull(controlText, "controlText == null");
    maintainerScripts = List.copyOf(maintainerScripts);
  }
}
