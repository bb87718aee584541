package dev.basalt.sbom;

import static org.assertj.core.api.Assertions.assertThat;

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

class CycloneDxWriterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final CycloneDxWriter WRITER = new CycloneDxWriter(SampleImage.TOOL_VERSION);
  private static final String IMAGE_PURL =
      "pkg:oci/base@sha256:0c2b4ad35b71de2ac14f6bd2fd3bb5d2a8e7ee9ba44a7c3fd1e1bb9e2f2a9e41?arch=amd64";

  private static JsonNode bom() throws IOException {
    return JSON.readTree(WRITER.write(SampleImage.input()));
  }

  private static JsonNode componentNamed(JsonNode bom, String name) {
    for (JsonNode c : bom.get("components")) {
      if (c.get("name").asText().equals(name)) {
        return c;
      }
    }
    throw new AssertionError("no component " + name);
  }

  @Test
  void isValidAgainstTheOfficialCycloneDx16Schema() throws IOException {
    assertThat(SbomSchemas.cycloneDxErrors(WRITER.write(SampleImage.input()))).isEmpty();
    ObjectNode broken = (ObjectNode) bom();
    broken.put("serialNumber", "urn:uuid:not-a-uuid");
    ((ObjectNode) broken.get("components").get(0)).put("type", "deb");
    assertThat(SbomSchemas.cycloneDxErrors(JSON.writeValueAsBytes(broken)))
        .contains("/serialNumber: does not match the regex pattern "
            + "^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
        .anyMatch(e -> e.startsWith("/components/0/type: does not have a value in the enumeration"));
  }

  @Test
  void describesTheImageAsTheContainerTheBomIsAbout() throws IOException {
    JsonNode bom = bom();
    assertThat(bom.get("bomFormat").asText()).isEqualTo("CycloneDX");
    assertThat(bom.get("specVersion").asText()).isEqualTo("1.6");
    assertThat(bom.get("serialNumber").asText()).isEqualTo("urn:uuid:7ea91921-4735-5938-8f46-169600d65348");
    assertThat(bom.get("version").asInt()).isEqualTo(1);
    assertThat(bom.get("metadata")).isEqualTo(JSON.readTree("""
        {"timestamp": "2026-01-01T00:00:00Z",
         "tools": {"components": [{"type": "application", "name": "basalt", "version": "0.1.0-test"}]},
         "component": {"type": "container", "bom-ref": "%1$s", "name": "basalt/base",
           "version": "sha256:0c2b4ad35b71de2ac14f6bd2fd3bb5d2a8e7ee9ba44a7c3fd1e1bb9e2f2a9e41",
           "hashes": [{"alg": "SHA-256", "content": "0c2b4ad35b71de2ac14f6bd2fd3bb5d2a8e7ee9ba44a7c3fd1e1bb9e2f2a9e41"}],
           "purl": "%1$s"}}
        """.formatted(IMAGE_PURL)));
  }

  @Test
  void listsEveryDebAsALibraryWhoseRefIsItsPurl() throws IOException {
    JsonNode bom = bom();
    List<String> names = new ArrayList<>();
    bom.get("components").forEach(c -> names.add(c.get("type").asText() + " " + c.get("name").asText()));
    assertThat(names).containsExactly("library base-files", "library gcc-14-base", "library libc6", "library libcap2",
        "library libgcc-s1", "library libssl3t64", "library libstdc++6", "library libzstd1",
        "library openssl-provider-legacy", "library tzdata", "library zlib1g",
        "file /etc/group", "file /etc/passwd", "file /etc/ssl/certs/ca-certificates.crt");
    assertThat(componentNamed(bom, "libzstd1")).isEqualTo(JSON.readTree("""
        {"type": "library",
         "bom-ref": "pkg:deb/debian/libzstd1@1.5.7%2Bdfsg-1%2Bdeb13u1?arch=amd64&distro=debian-13&upstream=libzstd",
         "supplier": {"name": "RPM packaging team", "contact": [{"email": "team+pkg-rpm@tracker.debian.org"}]},
         "name": "libzstd1", "version": "1.5.7+dfsg-1+deb13u1",
         "hashes": [{"alg": "SHA-256", "content": "23a6f8a774d5dceda5f759b4ecdcdd652dfbefbf8271912e6a7ab0ee3250dc75"}],
         "licenses": [{"expression": "(BSD-3-Clause OR GPL-2.0-only) AND MIT AND Zlib", "acknowledgement": "declared"}],
         "purl": "pkg:deb/debian/libzstd1@1.5.7%2Bdfsg-1%2Bdeb13u1?arch=amd64&distro=debian-13&upstream=libzstd"}
        """));
    assertThat(componentNamed(bom, "libc6").has("licenses")).isFalse();
    assertThat(componentNamed(bom, "tzdata").get("licenses")).isEqualTo(JSON.readTree("""
        [{"expression": "LicenseRef-public-domain", "acknowledgement": "declared"}]"""));
  }

  @Test
  void listsGeneratedFilesWithSha1AndSha256() throws IOException {
    assertThat(componentNamed(bom(), "/etc/passwd")).isEqualTo(JSON.readTree("""
        {"type": "file", "bom-ref": "file:/etc/passwd", "name": "/etc/passwd",
         "hashes": [{"alg": "SHA-1", "content": "480bd38d5bc81389ddd354f7970034d7ed715c51"},
                    {"alg": "SHA-256", "content": "efc342c7eade37fdc63c7c964560e364a103a97d734b73df1869dbe56f781543"}]}
        """));
  }

  @Test
  void theImageDependsOnEveryPackageAndEachPackageOnWhatTheResolverChose() throws IOException {
    List<String> edges = new ArrayList<>();
    for (JsonNode d : bom().get("dependencies")) {
      List<String> on = new ArrayList<>();
      d.get("dependsOn").forEach(r -> on.add(r.asText().replaceAll("^pkg:deb/debian/|@.*$", "")));
      edges.add(d.get("ref").asText().replaceAll("^pkg:deb/debian/|@.*$", "") + " -> " + on);
    }
    assertThat(edges).containsExactly(
        "pkg:oci/base -> [base-files, gcc-14-base, libc6, libcap2, libgcc-s1, libssl3t64, libstdc%2B%2B6, libzstd1,"
            + " openssl-provider-legacy, tzdata, zlib1g]",
        "base-files -> []",
        "gcc-14-base -> []",
        "libc6 -> [libgcc-s1]",
        "libcap2 -> [libc6]",
        "libgcc-s1 -> [gcc-14-base, libc6]",
        "libssl3t64 -> [libc6, libzstd1, openssl-provider-legacy, zlib1g]",
        "libstdc%2B%2B6 -> [gcc-14-base, libc6, libgcc-s1]",
        "libzstd1 -> [libc6]",
        "openssl-provider-legacy -> [libc6, libssl3t64]",
        "tzdata -> []",
        "zlib1g -> [libc6]");
  }

  @Test
  void theSameInputGivesTheSameBytes() {
    List<SbomPackage> shuffled = new ArrayList<>(SampleImage.packages());
    Collections.shuffle(shuffled, new Random(7));
    byte[] first = WRITER.write(SampleImage.input());
    assertThat(WRITER.write(SampleImage.input(SampleImage.IMAGE_DIGEST, shuffled))).isEqualTo(first);
    assertThat(Digest.of(first).toString()).isEqualTo("sha256:51a46c4b70ccc9f37c6e8ed0b951f13595672ba0b671e3e3bd11e8c70157bb78");
  }

  @Test
  void anotherImageOrAnotherBasaltGetsAnotherSerialNumber() throws IOException {
    String serial = bom().get("serialNumber").asText();
    Digest other = Digest.parse("1111111111111111111111111111111111111111111111111111111111111111");
    assertThat(JSON.readTree(WRITER.write(SampleImage.input(other, SampleImage.packages()))).get("serialNumber").asText())
        .isNotEqualTo(serial).startsWith("urn:uuid:");
    assertThat(JSON.readTree(new CycloneDxWriter("0.2.0").write(SampleImage.input())).get("serialNumber").asText())
        .isNotEqualTo(serial);
  }
}
