package dev.basalt.sbom;

import dev.basalt.cache.Digest;
import dev.basalt.debian.Stanza;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * One installed Debian binary package as an SBOM lists it.
 *
 * @param maintainer the {@code Maintainer} field as written, or null when the package has none
 * @param debSha256 the SHA-256 of the {@code .deb} the files came from, or null when it is not known
 *     (a package read from an image's dpkg status rather than installed by basalt)
 * @param licenseExpression the SPDX expression {@link CopyrightLicenses} read from the package's
 *     copyright file, or null for NOASSERTION
 * @param dependsOn names of other packages in the same image that this one depends on; kept
 *     sorted and without duplicates
 */
public record SbomPackage(
    String name,
    String version,
    String arch,
    SourcePackage source,
    String maintainer,
    Digest debSha256,
    String licenseExpression,
    List<String> dependsOn) {

  /** Debian Policy 5.6.1. */
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9+.-]+");

  public SbomPackage {
    Objects.requireNonNull(name, "name == null");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a Debian package name: " + name);
    }
    Objects.requireNonNull(version, "version == null");
    Objects.requireNonNull(arch, "arch == null");
    Objects.requireNonNull(source, "source == null");
    if (licenseExpression != null && (licenseExpression.isBlank() || licenseExpression.equals(SpdxWriter.NOASSERTION))) {
      throw new IllegalArgumentException("license of " + name + ": use null for NOASSERTION, not '" + licenseExpression + "'");
    }
    dependsOn = List.copyOf(new TreeSet<>(dependsOn));
    if (dependsOn.contains(name)) {
      throw new IllegalArgumentException(name + " depends on itself");
    }
  }

  /**
   * The package whose control stanza (from the {@code .deb} or a Packages index) this is: name,
   * version, architecture, source and maintainer come from its fields.
   */
  public static SbomPackage of(Stanza control, Digest debSha256, String licenseExpression, List<String> dependsOn) {
    Objects.requireNonNull(control, "control == null");
    return new SbomPackage(
        SourcePackage.required(control, "Package"),
        SourcePackage.required(control, "Version"),
        SourcePackage.required(control, "Architecture"),
        SourcePackage.of(control),
        control.value("Maintainer"),
        debSha256,
        licenseExpression,
        dependsOn);
  }

  /** This package's purl; see {@link Purls#deb}. */
  public String purl(String distro) {
    return Purls.deb(name, version, arch, distro, source);
  }

  /** The supplier its Maintainer field names, or null when it has none. */
  public Supplier supplier() {
    return maintainer == null || maintainer.isBlank() ? null : Supplier.parse(maintainer);
  }
}
