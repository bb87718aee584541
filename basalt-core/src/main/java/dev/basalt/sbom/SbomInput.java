package dev.basalt.sbom;

import dev.basalt.cache.Digest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Everything an SBOM of one image for one architecture says, and nothing that varies between
 * runs: the writers' output is a function of this value (and basalt's version) alone.
 *
 * @param imageName the image's repository name without tag, e.g. {@code basalt/base}
 * @param imageDigest the digest of the image's manifest for {@code arch}
 * @param debianRelease the Debian release's {@code VERSION_ID} ({@code 13} for trixie), which
 *     gives the purls' {@code distro=debian-13}
 * @param repositoryUrl where the image is published ({@code ghcr.io/acme/base}), or null for an
 *     image in a local layout
 * @param created the build's fixed date (SOURCE_DATE_EPOCH), never the clock; kept to whole
 *     seconds as SPDX writes them
 * @param packages sorted here by name; each name once, and every {@code dependsOn} naming one of
 *     them
 * @param files sorted here by path; each path once
 */
public record SbomInput(
    String imageName,
    Digest imageDigest,
    String arch,
    String debianRelease,
    String repositoryUrl,
    Instant created,
    List<SbomPackage> packages,
    List<GeneratedFile> files) {

  private static final Pattern RELEASE = Pattern.compile("[a-z0-9][a-z0-9.]*");

  public SbomInput {
    Objects.requireNonNull(imageName, "imageName == null");
    if (imageName.isBlank() || imageName.endsWith("/") || imageName.contains("@")) {
      throw new IllegalArgumentException("not an image repository name: " + imageName);
    }
    Objects.requireNonNull(imageDigest, "imageDigest == null");
    Objects.requireNonNull(arch, "arch == null");
    Objects.requireNonNull(debianRelease, "debianRelease == null");
    if (!RELEASE.matcher(debianRelease).matches()) {
      throw new IllegalArgumentException("not a Debian VERSION_ID: " + debianRelease);
    }
    created = Objects.requireNonNull(created, "created == null").truncatedTo(ChronoUnit.SECONDS);
    packages = sorted(packages, Comparator.comparing(SbomPackage::name));
    files = sorted(files, Comparator.comparing(GeneratedFile::path));
    Set<String> names = new HashSet<>();
    for (SbomPackage p : packages) {
      if (!names.add(p.name())) {
        throw new IllegalArgumentException("package " + p.name() + " is listed twice; an image installs each name once");
      }
    }
    for (SbomPackage p : packages) {
      for (String d : p.dependsOn()) {
        if (!names.contains(d)) {
          throw new IllegalArgumentException(p.name() + " depends on " + d + ", which is not in the image");
        }
      }
    }
    Set<String> paths = new HashSet<>();
    for (GeneratedFile f : files) {
      if (!paths.add(f.path())) {
        throw new IllegalArgumentException("file " + f.path() + " is listed twice");
      }
    }
  }

  /** The purl of the image itself: {@code pkg:oci/<name>@sha256:<hex>?arch=<arch>}. */
  public String imagePurl() {
    return Purls.oci(imageName, imageDigest, arch, repositoryUrl);
  }

  /** The deb purls' {@code distro} qualifier, e.g. {@code debian-13}. */
  public String distro() {
    return Purls.debianDistro(debianRelease);
  }

  private static <T> List<T> sorted(List<T> items, Comparator<T> order) {
    List<T> copy = new ArrayList<>(items);
    copy.forEach(item -> Objects.requireNonNull(item, "null element"));
    copy.sort(order);
    return List.copyOf(copy);
  }
}
