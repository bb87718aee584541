package dev.basalt.debian;

import java.util.Objects;

/**
 * One binary package as an index lists it, with the fields resolution and locking need.
 * Relationship fields stay raw text and are parsed only for the packages resolution visits.
 */
public record BinaryPackage(
    String name,
    String version,
    String architecture,
    String multiArch,
    boolean essential,
    String priority,
    String source,
    String depends,
    String preDepends,
    String provides,
    String conflicts,
    String breaks,
    String replaces,
    String filename,
    long size,
    long installedSize,
    String sha256,
    IndexOrigin origin) {

  public BinaryPackage {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(version, "version == null");
    Objects.requireNonNull(architecture, "architecture == null");
    Objects.requireNonNull(filename, "filename == null");
    Objects.requireNonNull(sha256, "sha256 == null");
  }

  /** The source package's name, without the version Debian may give in parentheses. */
  public String sourceName() {
    if (source == null || source.isBlank()) {
      return name;
    }
    int space = source.indexOf(' ');
    return space < 0 ? source : source.substring(0, space);
  }

  /** The source package's version: given in parentheses when it differs, else this version. */
  public String sourceVersion() {
    if (source != null) {
      int open = source.indexOf('(');
      int close = source.indexOf(')');
      if (open >= 0 && close > open) {
        return source.substring(open + 1, close).trim();
      }
    }
    return version;
  }


  @Override
  public String toString() {
    return name + " " + version + " (" + architecture + ")";
  }
}
