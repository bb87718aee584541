package dev.basalt.debian;

import dev.basalt.cache.Digest;
import dev.basalt.fs.FileEntry;
import java.util.List;
import java.util.Objects;

/**
 * What one {@code .deb} holds: its control data, the maintainer scripts it ships (which a
 * daemonless build cannot run, so they are reported) and its files as {@link FileEntry}s owned
 * by the package, in archive order, regular files' bytes in the content store.
 *
 * @param control the parsed control file; equality goes by {@code controlText}, from which it is
 *     parsed, since a {@link Stanza} has no value equality
 * @param controlText the control file exactly as shipped (for dpkg metadata in the image)
 * @param md5sums the {@code md5sums} file as shipped, or null when the package has none
 * @param conffiles the paths listed in {@code conffiles}
 * @param maintainerScripts which of {@link DebReader#MAINTAINER_SCRIPTS} the package has, in
 *     that order
 * @param debDigest the SHA-256 of the {@code .deb} file
 */
public record DebContents(
    String name,
    String version,
    String architecture,
    Stanza control,
    String controlText,
    String md5sums,
    List<String> conffiles,
    List<String> maintainerScripts,
    List<FileEntry> entries,
    Digest debDigest) {
  public DebContents {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(version, "version == null");
    Objects.requireNonNull(architecture, "architecture == null");
    Objects.requireNonNull(control, "control == null");
    Objects.requireNonNull(controlText, "controlText == null");
    conffiles = List.copyOf(conffiles);
    maintainerScripts = List.copyOf(maintainerScripts);
    entries = List.copyOf(entries);
    Objects.requireNonNull(debDigest, "debDigest == null");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DebContents d
        && name.equals(d.name)
        && version.equals(d.version)
        && architecture.equals(d.architecture)
        && controlText.equals(d.controlText)
        && Objects.equals(md5sums, d.md5sums)
        && conffiles.equals(d.conffiles)
        && maintainerScripts.equals(d.maintainerScripts)
        && entries.equals(d.entries)
        && debDigest.equals(d.debDigest);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, version, architecture, controlText, md5sums, conffiles,
        maintainerScripts, entries, debDigest);
  }

  /** Whether the package has maintainer scripts or triggers whose effects basalt must supply. */
  public boolean hasMaintainerScripts() {
    return !maintainerScripts.isEmpty();
  }

  /** {@code name_version_architecture}, as dpkg names a package in messages. */
  public String id() {
    return name + "_" + version + "_" + architecture;
  }
}
