package dev.basalt.sbom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basalt.cache.Digest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SpdxWriterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SpdxWriter WRITER = new SpdxWriter(SampleImage.TOOL_VERSION);

  private static JsonNode document() throws IOException {
    return JSON.readTree(WRITER.write(SampleImage.input()));
  }

  private static JsonNode packageNamed(JsonNode doc, String name) {
    for (JsonNode p : doc.get("packages")) {
      if (p.get("name").asText().equals(name)) {
        return p;
      }
    }
    throw new AssertionError("no package " + name);
  }

  @Test
  void isValidAgainstTheOfficialSpdx23Schema() throws IOException {
    assertThat(SbomSchemas.spdxErrors(WRITER.write(SampleImage.input()))).isEmpty();
    ObjectNode broken = (ObjectNode) document();
    broken.remove("SPDXID");
    ((ObjectNode) broken.get("files").get(0)).remove("checksums");
    assertThat(SbomSchemas.spdxErrors(JSON.writeValueAsBytes(broken)))
        .containsExactlyInAnyOrder("/: required property 'SPDXID' not found",
            "/files/0: required property 'checksums' not found");
  }

  @Test
  void describesTheImageAsAContainerPackage() throws IOException {
    JsonNode doc = document();
    assertThat(doc.get("spdxVersion").asText()).isEqualTo("SPDX-2.3");
    assertThat(doc.get("dataLicense").asText()).isEqualTo("CC0-1.0");
    assertThat(doc.get("name").asText()).isEqualTo("basalt/base-amd64");
    assertThat(doc.get("documentNamespace").asText())
        .isEqualTo("https://spdx.org/spdxdocs/basalt-base-amd64-14c9abc4-e2f2-5d01-a006-111355f136e8");
    assertThat(doc.get("creationInfo")).isEqualTo(JSON.readTree("""
        {"created": "2026-01-01T00:00:00Z", "creators": ["Tool: basalt-0.1.0-test"]}"""));
    assertThat(doc.get("packages").get(0)).isEqualTo(JSON.readTree("""
        {"SPDXID": "SPDXRef-Image", "name": "basalt/base",
         "versionInfo": "sha256:0c2b4ad35b71de2ac14f6bd2fd3bb5d2a8e7ee9ba44a7c3fd1e1bb9e2f2a9e41",
         "primaryPackagePurpose": "CONTAINER", "downloadLocation": "NOASSERTION", "filesAnalyzed": false,
         "checksums": [{"algorithm": "SHA256",
                        "checksumValue": "0c2b4ad35b71de2ac14f6bd2fd3bb5d2a8e7ee9ba44a7c3fd1e1bb9e2f2a9e41"}],
         "licenseConcluded": "NOASSERTION", "licenseDeclared": "NOASSERTION", "copyrightText": "NOASSERTION",
         "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl",
           "referenceLocator": "pkg:oci/base@sha256:0c2b4ad35b71de2ac14f6bd2fd3bb5d2a8e7ee9ba44a7c3fd1e1bb9e2f2a9e41?arch=amd64"}]}
        """));
  }

  @Test
  void listsEveryDebOnceByNameWithPurlDigestSupplierSourceAndDeclaredLicense() throws IOException {
    JsonNode doc = document();
    List<String> names = new ArrayList<>();
    doc.get("packages").forEach(p -> names.add(p.get("name").asText()));
    assertThat(names).containsExactly("basalt/base", "base-files", "gcc-14-base", "libc6", "libcap2", "libgcc-s1",
        "libssl3t64", "libstdc++6", "libzstd1", "openssl-provider-legacy", "tzdata", "zlib1g");
    assertThat(packageNamed(doc, "libcap2")).isEqualTo(JSON.readTree("""
        {"SPDXID": "SPDXRef-Package-deb-libcap2", "name": "libcap2", "versionInfo": "1:2.75-10+deb13u1+b3",
         "supplier": "Person: Christian Kastner (ckk@debian.org)", "downloadLocation": "NOASSERTION",
         "filesAnalyzed": false,
         "checksums": [{"algorithm": "SHA256",
                        "checksumValue": "89fc4d34fc7a28ad6f0fcd0c561ab253b9dedf6f77f5a000b47c276c8295bf67"}],
         "sourceInfo": "built package from: libcap2 1:2.75-10+deb13u1",
         "licenseConcluded": "NOASSERTION",
         "licenseDeclared": "(BSD-3-Clause OR GPL-2.0-only) AND (BSD-3-Clause OR GPL-2.0-or-later)",
         "copyrightText": "NOASSERTION",
         "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl",
           "referenceLocator": "pkg:deb/debian/libcap2@1:2.75-10%2Bdeb13u1%2Bb3?arch=amd64&distro=debian-13&upstream=libcap2%401:2.75-10%2Bdeb13u1"}]}
        """));
    JsonNode libc6 = packageNamed(doc, "libc6");
    assertThat(libc6.get("supplier").asText()).isEqualTo("Organization: GNU Libc Maintainers (debian-glibc@lists.debian.org)");
    assertThat(libc6.get("sourceInfo").asText()).isEqualTo("built package from: glibc 2.41-12+deb13u5");
    assertThat(libc6.get("licenseDeclared").asText()).isEqualTo("NOASSERTION");
    JsonNode libstdcxx = packageNamed(doc, "libstdc++6");
    assertThat(libstdcxx.get("SPDXID").asText()).isEqualTo("SPDXRef-Package-deb-libstdcPLUSPLUS6");
    assertThat(libstdcxx.get("externalRefs").get(0).get("referenceLocator").asText())
        .isEqualTo("pkg:deb/debian/libstdc%2B%2B6@14.2.0-19?arch=amd64&distro=debian-13&upstream=gcc-14");
  }

  @Test
  void definesThePublicDomainReferenceItUses() throws IOException {
    JsonNode doc = document();
    assertThat(packageNamed(doc, "tzdata").get("licenseDeclared").asText()).isEqualTo("LicenseRef-public-domain");
    assertThat(doc.get("hasExtractedLicensingInfos")).hasSize(1);
    JsonNode ref = doc.get("hasExtractedLicensingInfos").get(0);
    assertThat(ref.get("licenseId").asText()).isEqualTo("LicenseRef-public-domain");
    assertThat(ref.get("name").asText()).isEqualTo("public-domain");
    assertThat(ref.get("extractedText").asText()).startsWith("No license required for any purpose;");

    List<SbomPackage> withoutTzdata = SampleImage.packages().stream().filter(p -> !p.name().equals("tzdata")).toList();
    JsonNode other = JSON.readTree(WRITER.write(SampleImage.input(SampleImage.IMAGE_DIGEST, withoutTzdata)));
    assertThat(other.has("hasExtractedLicensingInfos")).isFalse();
  }

  @Test
  void refusesALicenseReferenceItHasNoTextFor() {
    List<SbomPackage> packages = List.of(SampleImage.pkg("foo", null, "1", "all", "Jane Doe <jane@example.org>",
        SampleImage.IMAGE_DIGEST.hex(), "MIT AND LicenseRef-foo"));
    assertThatThrownBy(() -> WRITER.write(SampleImage.input(SampleImage.IMAGE_DIGEST, packages)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no text for LicenseRef-foo; license expressions may use only [LicenseRef-public-domain]");
  }

  @Test
  void relatesDocumentImagePackagesAndFiles() throws IOException {
    List<String> relationships = new ArrayList<>();
    for (JsonNode r : document().get("relationships")) {
      relationships.add(r.get("spdxElementId").asText() + " " + r.get("relationshipType").asText() + " "
          + r.get("relatedSpdxElement").asText());
    }
    String deb = "SPDXRef-Package-deb-";
    assertThat(relationships).containsExactly(
        "SPDXRef-DOCUMENT DESCRIBES SPDXRef-Image",
        "SPDXRef-Image CONTAINS " + deb + "base-files",
        "SPDXRef-Image CONTAINS " + deb + "gcc-14-base",
        "SPDXRef-Image CONTAINS " + deb + "libc6",
        "SPDXRef-Image CONTAINS " + deb + "libcap2",
        "SPDXRef-Image CONTAINS " + deb + "libgcc-s1",
        "SPDXRef-Image CONTAINS " + deb + "libssl3t64",
        "SPDXRef-Image CONTAINS " + deb + "libstdcPLUSPLUS6",
        "SPDXRef-Image CONTAINS " + deb + "libzstd1",
        "SPDXRef-Image CONTAINS " + deb + "openssl-provider-legacy",
        "SPDXRef-Image CONTAINS " + deb + "tzdata",
        "SPDXRef-Image CONTAINS " + deb + "zlib1g",
        "SPDXRef-Image CONTAINS SPDXRef-File-etc-group",
        "SPDXRef-Image CONTAINS SPDXRef-File-etc-passwd",
        "SPDXRef-Image CONTAINS SPDXRef-File-etc-ssl-certs-ca-certificates.crt",
        deb + "libc6 DEPENDS_ON " + deb + "libgcc-s1",
        deb + "libcap2 DEPENDS_ON " + deb + "libc6",
        deb + "libgcc-s1 DEPENDS_ON " + deb + "gcc-14-base",
        deb + "libgcc-s1 DEPENDS_ON " + deb + "libc6",
        deb + "libssl3t64 DEPENDS_ON " + deb + "libc6",
        deb + "libssl3t64 DEPENDS_ON " + deb + "libzstd1",
        deb + "libssl3t64 DEPENDS_ON " + deb + "openssl-provider-legacy",
        deb + "libssl3t64 DEPENDS_ON " + deb + "zlib1g",
        deb + "libstdcPLUSPLUS6 DEPENDS_ON " + deb + "gcc-14-base",
        deb + "libstdcPLUSPLUS6 DEPENDS_ON " + deb + "libc6",
        deb + "libstdcPLUSPLUS6 DEPENDS_ON " + deb + "libgcc-s1",
        deb + "libzstd1 DEPENDS_ON " + deb + "libc6",
        deb + "openssl-provider-legacy DEPENDS_ON " + deb + "libc6",
        deb + "openssl-provider-legacy DEPENDS_ON " + deb + "libssl3t64",
        deb + "zlib1g DEPENDS_ON " + deb + "libc6");
  }

  @Test
  void listsGeneratedFilesWithSha1AndSha256() throws IOException {
    JsonNode files = document().get("files");
    assertThat(files).hasSize(3);
    assertThat(files.get(1)).isEqualTo(JSON.readTree("""
        {"SPDXID": "SPDXRef-File-etc-passwd", "fileName": "./etc/passwd",
         "checksums": [{"algorithm": "SHA1", "checksumValue": "480bd38d5bc81389ddd354f7970034d7ed715c51"},
                       {"algorithm": "SHA256",
                        "checksumValue": "efc342c7eade37fdc63c7c964560e364a103a97d734b73df1869dbe56f781543"}],
         "licenseConcluded": "NOASSERTION", "copyrightText": "NOASSERTION",
         "comment": "Generated by basalt in place of what a maintainer script would have made."}
        """));
  }

  @Test
  void givesDistinctIdsToFilesWhosePathsLookAlike() throws IOException {
    SbomInput input = new SbomInput("basalt/base", SampleImage.IMAGE_DIGEST, "amd64", "13", null, SampleImage.CREATED,
        List.of(), List.of(GeneratedFile.of("/etc/a-b", new byte[0]), GeneratedFile.of("/etc/a/b", new byte[0])));
    JsonNode files = JSON.readTree(WRITER.write(input)).get("files");
    assertThat(files.get(0).get("SPDXID").asText()).isEqualTo("SPDXRef-File-etc-a-b");
    assertThat(files.get(1).get("SPDXID").asText()).isEqualTo("SPDXRef-File-etc-a-b-2");
    assertThat(SbomSchemas.spdxErrors(WRITER.write(input))).isEmpty();
  }

  @Test
  void theSameInputGivesTheSameBytes() {
    List<SbomPackage> shuffled = new ArrayList<>(SampleImage.packages());
    Collections.shuffle(shuffled, new Random(7));
    byte[] first = WRITER.write(SampleImage.input());
    assertThat(WRITER.write(SampleImage.input(SampleImage.IMAGE_DIGEST, shuffled))).isEqualTo(first);
    assertThat(Digest.of(first).toString())
        .isEqualTo("sha256:afd9f76f1c5d1a6b6e138fe5c589550ebbd51acfd86d9a7bb438944cea1affac");
  }

  @Test
  void anotherImageOrAnotherBasaltGetsAnotherNamespace() throws IOException {
    String namespace = document().get("documentNamespace").asText();
    Digest other = Digest.parse("1111111111111111111111111111111111111111111111111111111111111111");
    assertThat(JSON.readTree(WRITER.write(SampleImage.input(other, SampleImage.packages()))).get("documentNamespace").asText())
        .isNotEqualTo(namespace).startsWith("https://spdx.org/spdxdocs/basalt-base-amd64-");
    assertThat(JSON.readTree(new SpdxWriter("0.2.0").write(SampleImage.input())).get("documentNamespace").asText())
        .isNotEqualTo(namespace);
  }
}
