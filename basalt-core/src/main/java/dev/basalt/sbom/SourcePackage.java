package dev.basalt.sbom;

import dev.basalt.debian.Stanza;
import java.util.Objects;

/**
 * The source package a binary package was built from. dpkg writes {@code Source} only when the
 * source's name differs from the binary's, and adds {@code (version)} only when the versions
 * differ (a binNMU such as {@code libcap2 1:2.75-10+deb13u1+b3} from {@code 1:2.75-10+deb13u1}).
 */
public record SourcePackage(String name, String version) {
  public SourcePackage {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(version, "version == null");
    if (name.isBlank() || version.isBlank()) {
      throw new IllegalArgumentException("source name and version must not be blank: " + name + " " + version);
    }
  }

  /**
   * Reads a {@code Source} field as a control file or Packages index writes it:
   * {@code glibc}, {@code libcap2 (1:2.75-10+deb13u1)}, or null/blank when the source is the
   * binary package itself.
   */
  public static SourcePackage of(String sourceField, String binaryName, String binaryVersion) {
    Objects.requireNonNull(binaryName, "binaryName == null");
    Objects.requireNonNull(binaryVersion, "binaryVersion == null");
    if (sourceField == null || sourceField.isBlank()) {
      return new SourcePackage(binaryName, binaryVersion);
    }
    String field = sourceField.strip();
    int open = field.indexOf('(');
    if (open < 0) {
      return new SourcePackage(field, binaryVersion);
    }
    int close = field.indexOf(')', open);
    if (close < 0) {
      throw new IllegalArgumentException("unbalanced parenthesis in Source field: " + sourceField);
    }
    return new SourcePackage(field.substring(0, open).strip(), field.substring(open + 1, close).strip());
  }

  /** The source of the package whose control stanza (or Packages entry) this is. */
  public static SourcePackage of(Stanza control) {
    return of(control.value("Source"), required(control, "Package"), required(control, "Version"));
  }

  /** Whether this is not simply the binary package's own name and version. */
  public boolean differsFrom(String binaryName, String binaryVersion) {
    return !name.equals(binaryName) || !version.equals(binaryVersion);
  }

  static String required(Stanza control, String field) {
    String value = control.value(field);
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(control.source() + ":" + control.line() + ": no " + field + " field");
    }
    return value;
  }

  @Override
  public String toString() {
    return name + " " + version;
  }
}
