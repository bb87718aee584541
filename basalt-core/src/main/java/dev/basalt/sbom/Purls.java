package dev.basalt.sbom;

import dev.basalt.cache.Digest;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Package URLs in the purl specification's canonical form: qualifiers sorted by key, empty ones
 * left out, and every component percent-encoded except letters, digits, {@code .-_~} and the
 * colon, which the specification says must never be encoded. So an epoch stays
 * {@code 1:2.4.47-2%2Bb1} and an image digest {@code sha256:...}; parsers decode {@code %3A}
 * to the same value, but canonical output writes the colon (the spec's own deb and oci tests).
 */
public final class Purls {
  /** The vendor namespace of Debian's own packages. */
  public static final String DEBIAN_NAMESPACE = "debian";
  /**
   * Not defined by the deb type, but how Syft names a binary package's source (Grype reads it
   * to match advisories filed against source packages): {@code glibc}, or
   * {@code libcap2@1:2.75-10+deb13u1} when the source's version differs.
   */
  public static final String UPSTREAM = "upstream";

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private Purls() {}

  /**
   * {@code pkg:deb/debian/<name>@<version>?arch=<arch>&distro=<distro>[&upstream=...]}, where
   * {@code upstream} appears only when the source differs from the binary package.
   *
   * @param distro as in Syft's and Trivy's purls, {@code debian-<VERSION_ID>}, e.g.
   *     {@code debian-13}; see {@link #debianDistro}
   */
  public static String deb(String name, String version, String arch, String distro, SourcePackage source) {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(version, "version == null");
    Objects.requireNonNull(source, "source == null");
    Map<String, String> qualifiers = new TreeMap<>();
    qualifiers.put("arch", arch);
    qualifiers.put("distro", distro);
    if (source.differsFrom(name, version)) {
      qualifiers.put(UPSTREAM, source.version().equals(version) ? source.name() : source.name() + "@" + source.version());
    }
    return "pkg:deb/" + DEBIAN_NAMESPACE + "/" + encode(name.toLowerCase(Locale.ROOT)) + "@" + encode(version)
        + qualifiers(qualifiers);
  }

  /**
   * {@code pkg:oci/<name>@sha256:<hex>?arch=<arch>[&repository_url=...]}. The purl name is the
   * last segment of the repository name, lower-cased, as the oci type defines it; an image in a
   * local layout has no {@code repository_url}.
   *
   * @param repository the image's repository, e.g. {@code basalt/base} or
   *     {@code ghcr.io/acme/base}, without tag or digest
   * @param repositoryUrl where the image was pushed ({@code ghcr.io/acme/base}), or null
   */
  public static String oci(String repository, Digest digest, String arch, String repositoryUrl) {
    Objects.requireNonNull(repository, "repository == null");
    Objects.requireNonNull(digest, "digest == null");
    String name = repository.substring(repository.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    if (name.isEmpty()) {
      throw new IllegalArgumentException("no image name in repository " + repository);
    }
    Map<String, String> qualifiers = new TreeMap<>();
    qualifiers.put("arch", arch);
    qualifiers.put("repository_url", repositoryUrl);
    return "pkg:oci/" + encode(name) + "@" + encode(digest.toString()) + qualifiers(qualifiers);
  }

  /** The deb purl's {@code distro} for a Debian release's {@code VERSION_ID}: 13 → {@code debian-13}. */
  public static String debianDistro(String release) {
    return DEBIAN_NAMESPACE + "-" + release;
  }

  /** Percent-encodes UTF-8 bytes outside the purl's unencoded set, as upper-case {@code %XX}. */
  public static String encode(String component) {
    StringBuilder out = new StringBuilder(component.length() + 8);
    for (byte b : component.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '.' || c == '-' || c == '_' || c == '~' || c == ':') {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return out.toString();
  }

  private static String qualifiers(Map<String, String> sorted) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, String> q : sorted.entrySet()) {
      if (q.getValue() == null || q.getValue().isEmpty()) {
        continue;
      }
      out.append(out.length() == 0 ? '?' : '&').append(q.getKey()).append('=').append(encode(q.getValue()));
    }
    return out.toString();
  }
}
