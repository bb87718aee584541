package dev.basalt.sbom;

import dev.basalt.Version;
import dev.basalt.oci.Json;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes an image's SBOM as an SPDX 2.3 JSON document: the image as the described package
 * (purpose CONTAINER), each Debian package it CONTAINS with its purl, {@code .deb} SHA-256,
 * supplier, source and declared license, the packages' DEPENDS_ON edges, and the files basalt
 * generated with SHA-1 (which SPDX requires of files) and SHA-256. Canonical JSON (see
 * {@link Json}), so equal inputs give equal bytes.
 */
public final class SpdxWriter {
  public static final String SPDX_VERSION = "SPDX-2.3";
  public static final String MEDIA_TYPE = "application/spdx+json";
  /** SPDX's "the creator makes no assertion", written wherever basalt cannot know. */
  public static final String NOASSERTION = "NOASSERTION";
  /** SPDX's suggestion for creators without a web site of their own (clause 6.5). */
  public static final String NAMESPACE_BASE = "https://spdx.org/spdxdocs/";
  static final String DOCUMENT_ID = "SPDXRef-DOCUMENT";
  static final String IMAGE_ID = "SPDXRef-Image";

  private static final Pattern LICENSE_REF = Pattern.compile("LicenseRef-[A-Za-z0-9.-]+");
  private static final Pattern NOT_ID_CHAR = Pattern.compile("[^A-Za-z0-9.-]");

  private final String toolVersion;

  public SpdxWriter() {
    this(Version.VERSION);
  }

  /** A writer that names basalt at {@code toolVersion} as the document's creator. */
  public SpdxWriter(String toolVersion) {
    this.toolVersion = Objects.requireNonNull(toolVersion, "toolVersion == null");
  }

  public byte[] write(SbomInput input) {
    Map<String, Object> doc = new TreeMap<>();
    doc.put("spdxVersion", SPDX_VERSION);
    doc.put("dataLicense", "CC0-1.0");
    doc.put("SPDXID", DOCUMENT_ID);
    doc.put("name", input.imageName() + "-" + input.arch());
    doc.put("documentNamespace", NAMESPACE_BASE + NOT_ID_CHAR.matcher(input.imageName()).replaceAll("-")
        + "-" + input.arch() + "-" + DocumentIds.of(input, SPDX_VERSION, toolVersion));
    doc.put("creationInfo", Map.of(
        "created", DateTimeFormatter.ISO_INSTANT.format(input.created()),
        "creators", List.of("Tool: basalt-" + toolVersion)));

    List<Object> packages = new ArrayList<>();
    packages.add(image(input));
    Map<String, String> ids = new LinkedHashMap<>();
    Set<String> refs = new HashSet<>();
    for (SbomPackage p : input.packages()) {
      ids.put(p.name(), packageId(p.name()));
      packages.add(deb(p, ids.get(p.name()), input.distro()));
      if (p.licenseExpression() != null) {
        Matcher m = LICENSE_REF.matcher(p.licenseExpression());
        while (m.find()) {
          refs.add(m.group());
        }
      }
    }
    doc.put("packages", packages);

    List<Object> relationships = new ArrayList<>();
    relationships.add(relationship(DOCUMENT_ID, "DESCRIBES", IMAGE_ID));
    ids.values().forEach(id -> relationships.add(relationship(IMAGE_ID, "CONTAINS", id)));
    List<Object> files = new ArrayList<>();
    Set<String> fileIds = new HashSet<>();
    for (GeneratedFile f : input.files()) {
      String id = fileId(f.path(), fileIds);
      files.add(file(f, id));
      relationships.add(relationship(IMAGE_ID, "CONTAINS", id));
    }
    for (SbomPackage p : input.packages()) {
      p.dependsOn().forEach(d -> relationships.add(relationship(ids.get(p.name()), "DEPENDS_ON", ids.get(d))));
    }
    if (!files.isEmpty()) {
      doc.put("files", files);
    }
    if (!refs.isEmpty()) {
      doc.put("hasExtractedLicensingInfos", extracted(refs));
    }
    doc.put("relationships", relationships);
    return Json.bytes(doc);
  }

  private static Map<String, Object> image(SbomInput input) {
    Map<String, Object> p = new TreeMap<>();
    p.put("SPDXID", IMAGE_ID);
    p.put("name", input.imageName());
    p.put("versionInfo", input.imageDigest().toString());
    p.put("primaryPackagePurpose", "CONTAINER");
    p.put("downloadLocation", NOASSERTION);
    p.put("filesAnalyzed", false);
    p.put("checksums", List.of(checksum("SHA256", input.imageDigest().hex())));
    p.put("licenseConcluded", NOASSERTION);
    p.put("licenseDeclared", NOASSERTION);
    p.put("copyrightText", NOASSERTION);
    p.put("externalRefs", List.of(purl(input.imagePurl())));
    return p;
  }

  private static Map<String, Object> deb(SbomPackage pkg, String id, String distro) {
    Map<String, Object> p = new TreeMap<>();
    p.put("SPDXID", id);
    p.put("name", pkg.name());
    p.put("versionInfo", pkg.version());
    Supplier supplier = pkg.supplier();
    p.put("supplier", supplier == null ? NOASSERTION : supplier.spdx());
    // Lock files and SBOMs never name a mirror host, so there is no URL to give.
    p.put("downloadLocation", NOASSERTION);
    p.put("filesAnalyzed", false);
    if (pkg.debSha256() != null) {
      p.put("checksums", List.of(checksum("SHA256", pkg.debSha256().hex())));
    }
    p.put("sourceInfo", "built package from: " + pkg.source().name() + " " + pkg.source().version());
    p.put("licenseConcluded", NOASSERTION);
    p.put("licenseDeclared", pkg.licenseExpression() == null ? NOASSERTION : pkg.licenseExpression());
    p.put("copyrightText", NOASSERTION);
    p.put("externalRefs", List.of(purl(pkg.purl(distro))));
    return p;
  }

  private static Map<String, Object> file(GeneratedFile f, String id) {
    Map<String, Object> file = new TreeMap<>();
    file.put("SPDXID", id);
    // Clause 8.1: a file's name is its path relative to the package root, written ./...
    file.put("fileName", "." + f.path());
    file.put("checksums", List.of(checksum("SHA1", f.sha1()), checksum("SHA256", f.sha256().hex())));
    file.put("licenseConcluded", NOASSERTION);
    file.put("copyrightText", NOASSERTION);
    file.put("comment", "Generated by basalt in place of what a maintainer script would have made.");
    return file;
  }

  private static List<Object> extracted(Set<String> refs) {
    List<Object> infos = new ArrayList<>();
    for (String ref : new TreeSet<>(refs)) {
      String text = DebianLicenses.REFERENCES.get(ref);
      if (text == null) {
        throw new IllegalArgumentException("no text for " + ref + "; license expressions may use only "
            + DebianLicenses.REFERENCES.keySet());
      }
      infos.add(Map.of("licenseId", ref, "name", ref.substring("LicenseRef-".length()), "extractedText", text));
    }
    return infos;
  }

  private static Map<String, Object> checksum(String algorithm, String hex) {
    return Map.of("algorithm", algorithm, "checksumValue", hex);
  }

  private static Map<String, Object> purl(String purl) {
    return Map.of("referenceCategory", "PACKAGE-MANAGER", "referenceType", "purl", "referenceLocator", purl);
  }

  private static Map<String, Object> relationship(String from, String type, String to) {
    return Map.of("spdxElementId", from, "relationshipType", type, "relatedSpdxElement", to);
  }

  /** Package names may hold {@code +}, which SPDX ids may not; names never hold upper case. */
  static String packageId(String name) {
    return "SPDXRef-Package-deb-" + name.replace("+", "PLUS");
  }

  private static String fileId(String path, Set<String> taken) {
    String base = "SPDXRef-File" + NOT_ID_CHAR.matcher(path).replaceAll("-");
    String id = base;
    for (int n = 2; !taken.add(id); n++) {
      id = base + "-" + n;
    }
    return id;
  }
}
