package dev.basalt.sbom;

import dev.basalt.Version;
import dev.basalt.oci.Json;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Writes an image's SBOM as a CycloneDX 1.6 JSON BOM: the image as the metadata component
 * (type container), each Debian package as a library component whose bom-ref is its purl, with
 * the {@code .deb}'s SHA-256, supplier and declared license expression (left out when
 * NOASSERTION), the files basalt generated as file components, and the dependency graph, in
 * which the image depends on every package it holds. The serial number is derived, not random,
 * so equal inputs give equal bytes (see {@link Json}).
 */
public final class CycloneDxWriter {
  public static final String SPEC_VERSION = "1.6";
  public static final String MEDIA_TYPE = "application/vnd.cyclonedx+json";
  /** Prefix of a generated file's bom-ref; its path follows. */
  public static final String FILE_REF_PREFIX = "file:";

  private final String toolVersion;

  public CycloneDxWriter() {
    this(Version.VERSION);
  }

  /** A writer that names basalt at {@code toolVersion} as the tool that made the BOM. */
  public CycloneDxWriter(String toolVersion) {
    this.toolVersion = Objects.requireNonNull(toolVersion, "toolVersion == null");
  }

  public byte[] write(SbomInput input) {
    Map<String, Object> bom = new TreeMap<>();
    bom.put("bomFormat", "CycloneDX");
    bom.put("specVersion", SPEC_VERSION);
    bom.put("serialNumber", "urn:uuid:" + DocumentIds.of(input, "cyclonedx-" + SPEC_VERSION, toolVersion));
    bom.put("version", 1);

    String imageRef = input.imagePurl();
    Map<String, Object> image = new TreeMap<>();
    image.put("type", "container");
    image.put("bom-ref", imageRef);
    image.put("name", input.imageName());
    image.put("version", input.imageDigest().toString());
    image.put("hashes", List.of(hash("SHA-256", input.imageDigest().hex())));
    image.put("purl", imageRef);
    Map<String, Object> tool = Map.of("type", "application", "name", "basalt", "version", toolVersion);
    bom.put("metadata", Map.of(
        "timestamp", DateTimeFormatter.ISO_INSTANT.format(input.created()),
        "tools", Map.of("components", List.of(tool)),
        "component", image));

    List<Object> components = new ArrayList<>();
    List<Object> dependencies = new ArrayList<>();
    List<String> packageRefs = new ArrayList<>();
    Map<String, String> refs = new TreeMap<>();
    for (SbomPackage p : input.packages()) {
      refs.put(p.name(), p.purl(input.distro()));
    }
    for (SbomPackage p : input.packages()) {
      String ref = refs.get(p.name());
      packageRefs.add(ref);
      components.add(library(p, ref));
      dependencies.add(Map.of("ref", ref, "dependsOn", p.dependsOn().stream().map(refs::get).toList()));
    }
    for (GeneratedFile f : input.files()) {
      components.add(file(f));
    }
    dependencies.add(0, Map.of("ref", imageRef, "dependsOn", packageRefs));
    bom.put("components", components);
    bom.put("dependencies", dependencies);
    return Json.bytes(bom);
  }

  private static Map<String, Object> library(SbomPackage p, String ref) {
    Map<String, Object> c = new TreeMap<>();
    c.put("type", "library");
    c.put("bom-ref", ref);
    Supplier supplier = p.supplier();
    if (supplier != null) {
      c.put("supplier", supplier.contactEmail() == null
          ? Map.of("name", supplier.name())
          : Map.of("name", supplier.name(), "contact", List.of(Map.of("email", supplier.contactEmail()))));
    }
    c.put("name", p.name());
    c.put("version", p.version());
    if (p.debSha256() != null) {
      c.put("hashes", List.of(hash("SHA-256", p.debSha256().hex())));
    }
    if (p.licenseExpression() != null) {
      c.put("licenses", List.of(Map.of("expression", p.licenseExpression(), "acknowledgement", "declared")));
    }
    c.put("purl", ref);
    return c;
  }

  private static Map<String, Object> file(GeneratedFile f) {
    return Map.of(
        "type", "file",
        "bom-ref", FILE_REF_PREFIX + f.path(),
        "name", f.path(),
        "hashes", List.of(hash("SHA-1", f.sha1()), hash("SHA-256", f.sha256().hex())));
  }

  private static Map<String, Object> hash(String alg, String hex) {
    return Map.of("alg", alg, "content", hex);
  }
}
