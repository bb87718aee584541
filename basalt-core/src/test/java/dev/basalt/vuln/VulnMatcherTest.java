package dev.basalt.vuln;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.image.FlatFile;
import dev.basalt.image.FlatFilesystem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Matching an image's dpkg packages, through their source packages, and basalt's not-applicable rule. */
class VulnMatcherTest {
  static VulnDatabase db;

  @BeforeAll
  static void load() throws Exception {
    db = VulnDatabase.load(VulnDatabaseTest.resource("db"));
  }

  static FlatFile file(String path, String content) {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    return new FlatFile(path, FlatFile.Type.FILE, 0644, 0, 0, bytes.length, null, false, Set.of(), bytes);
  }

  static FlatFile link(String path, String target) {
    return new FlatFile(path, FlatFile.Type.SYMLINK, 0777, 0, 0, 0, target, false, Set.of(), null);
  }

  /**
   * A trixie image: libssl3t64 from openssl 3.5.1-1 (binNMU +b1 without a Source version), libc6
   * from glibc 2.41-12+deb13u5, zlib1g (epoch) already fixed, openssl-provider-legacy whose one
   * library was pruned, and a removed package dpkg still remembers.
   */
  static FlatFilesystem image(String osRelease) {
    List<FlatFile> files = new ArrayList<>();
    files.add(file("/usr/lib/os-release", osRelease));
    files.add(link("/etc/os-release", "../usr/lib/os-release"));
    files.add(link("/lib", "usr/lib"));
    String sd = "/var/lib/dpkg/status.d/";
    files.add(file(sd + "libssl3t64", "Package: libssl3t64\nSource: openssl\nVersion: 3.5.1-1+b1\nArchitecture: amd64\n"));
    files.add(file(sd + "libssl3t64.md5sums", "0123  usr/lib/x86_64-linux-gnu/libssl.so.3\n"
        + "4567  usr/share/doc/libssl3t64/changelog.Debian.gz\n"));
    files.add(file("/usr/lib/x86_64-linux-gnu/libssl.so.3", "elf"));
    files.add(file(sd + "openssl-provider-legacy", "Package: openssl-provider-legacy\nSource: openssl (3.5.1-1)\n"
        + "Version: 3.5.1-1+b1\nArchitecture: amd64\n"));
    files.add(file(sd + "openssl-provider-legacy.md5sums", "89ab  lib/x86_64-linux-gnu/ossl-modules/legacy.so\n"
        + "cdef  usr/share/doc/openssl-provider-legacy/copyright\n"));
    files.add(file("/usr/share/doc/openssl-provider-legacy/copyright", "c"));
    files.add(file(sd + "libc6", "Package: libc6\nSource: glibc\nVersion: 2.41-12+deb13u5\nArchitecture: amd64\n"));
    files.add(file(sd + "zlib1g", "Package: zlib1g\nSource: zlib\nVersion: 1:1.3.dfsg+really1.3.1-1+deb13u1\n"
        + "Architecture: amd64\n"));
    files.add(file("/var/lib/dpkg/status", "Package: openssl\nStatus: deinstall ok config-files\nVersion: 3.5.1-1\n"
        + "Architecture: amd64\n"));
    return FlatFilesystem.withHardlinksResolved(files);
  }

  static final String TRIXIE = "ID=debian\nVERSION_ID=\"13\"\nVERSION_CODENAME=trixie\n";

  static ScanReport scan(VexStatements vex) throws Exception {
    return VulnMatcher.scan("oci:img", "amd64", image(TRIXIE), db, vex);
  }

  @Test
  void findingsThroughSourcePackages() throws Exception {
    ScanReport r = scan(VexStatements.NONE);
    assertThat(r.release()).isEqualTo("13");
    assertThat(r.ecosystems()).containsExactly("Debian:13", "Debian");
    assertThat(r.packages()).isEqualTo(4);
    assertThat(r.findings()).extracting(ScanTextReport::line).containsExactly(
        "  HIGH     DSA-6015-1 libssl3t64 3.5.1-1+b1 (source openssl 3.5.1-1), fixed in 3.5.4-1~deb13u1, 8.1"
            + " CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H, aliases CVE-2025-9230 CVE-2025-9231 CVE-2025-9232",
        "  HIGH     DSA-6015-1 openssl 3.5.1-1, fixed in 3.5.4-1~deb13u1, 8.1"
            + " CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H, aliases CVE-2025-9230 CVE-2025-9231 CVE-2025-9232"
            + " [not applicable: not_affected, component_not_present: dpkg lists openssl as 'deinstall ok"
            + " config-files': it is not installed]",
        "  HIGH     DSA-6015-1 openssl-provider-legacy 3.5.1-1+b1 (source openssl 3.5.1-1), fixed in"
            + " 3.5.4-1~deb13u1, 8.1 CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H, aliases CVE-2025-9230"
            + " CVE-2025-9231 CVE-2025-9232 [not applicable: not_affected, vulnerable_code_not_present: none of the 1"
            + " files openssl-provider-legacy shipped outside documentation is in the image]");
    // glibc 2.41-12+deb13u5 is above the fix 2.41-8, zlib's epoch puts it above 1:1.3.dfsg-3.
    assertThat(ScanTextReport.summary(r)).isEqualTo(
        "vulnerabilities: 0 critical, 1 high, 0 medium, 0 low, 0 none, 0 unknown; 2 not applicable or suppressed");
    assertThat(r.failing(Level.HIGH)).extracting(VulnFinding::pkg).containsExactly("libssl3t64");
    assertThat(r.failing(Level.CRITICAL)).isEmpty();
  }

  @Test
  void anotherReleaseMatchesOnlyItsOwnRecords() throws Exception {
    ScanReport r = VulnMatcher.scan("oci:img", "amd64", image("ID=debian\nVERSION_ID=\"12\"\n"), db, null);
    assertThat(r.ecosystems()).containsExactly("Debian:12", "Debian");
    // Debian:12's glibc range ends at 2.36-9+deb12u11; 2.41 is above it. No Debian:12 openssl record exists.
    assertThat(r.findings()).isEmpty();
    ScanReport unknown = VulnMatcher.scan("oci:img", "amd64", image("ID=debian\n"), db, null);
    assertThat(unknown.release()).isNull();
    assertThat(unknown.ecosystems()).containsExactly("Debian");
  }

  @Test
  void severityFromDatabaseWordsOrUnknown() throws Exception {
    OsvRecord.Affected glibc = new OsvRecord.Affected("Debian", "glibc",
        AffectedVersionsTest.affected(List.of(), "introduced=0").ranges(), List.of(), List.of(), null);
    OsvRecord worded = new OsvRecord("DEBIAN-CVE-1", List.of(), null, List.of(), Level.MEDIUM, List.of(glibc), "x");
    OsvRecord silent = new OsvRecord("DEBIAN-CVE-2", List.of(), null, List.of(), null, List.of(glibc), "y");
    ScanReport r = VulnMatcher.scan("oci:img", "amd64", image(TRIXIE), VulnDatabase.of(List.of(worded, silent)), null);
    assertThat(r.findings()).extracting(VulnFinding::id, VulnFinding::level, VulnFinding::rating).containsExactly(
        org.assertj.core.groups.Tuple.tuple("DEBIAN-CVE-1", Level.MEDIUM, "database_specific"),
        org.assertj.core.groups.Tuple.tuple("DEBIAN-CVE-2", Level.UNKNOWN, null));
    // Unknown fails every gate: an unrated advisory is not thereby harmless.
    assertThat(r.failing(Level.CRITICAL)).extracting(VulnFinding::id).containsExactly("DEBIAN-CVE-2");
  }

  @Test
  void vexStatementsSuppressByAliasAndPurl(@TempDir Path dir) throws Exception {
    Path vex = dir.resolve("vex.json");
    Files.writeString(vex, """
        {"@context": "https://openvex.dev/ns/v0.2.0", "@id": "urn:x", "author": "me", "timestamp": "2026-01-01T00:00:00Z",
         "version": 1, "statements": [
          {"vulnerability": {"name": "CVE-2025-9231"},
           "products": [{"@id": "pkg:oci/app", "subcomponents": [{"@id": "pkg:deb/debian/libssl3t64@3.5.1-1%2Bb1?arch=amd64"}]}],
           "status": "not_affected", "justification": "vulnerable_code_not_in_execute_path",
           "impact_statement": "the application never decrypts CMS"},
          {"vulnerability": {"name": "DSA-6015-1"}, "products": [{"@id": "pkg:deb/debian/libssl3t64@9.9"}],
           "status": "not_affected", "justification": "component_not_present"},
          {"vulnerability": {"name": "DSA-6015-1"}, "products": [{"@id": "pkg:deb/debian/openssl"}],
           "status": "under_investigation"}
        ]}
        """);
    ScanReport r = scan(VexStatements.read(List.of(vex)));
    VulnFinding libssl = r.findings().get(0);
    assertThat(libssl.disposition()).isEqualTo(new VulnFinding.Disposition("not_affected",
        "vulnerable_code_not_in_execute_path", vex.toString(), "the application never decrypts CMS"));
    assertThat(r.failing(Level.LOW)).isEmpty();
    assertThat(ScanTextReport.line(libssl)).endsWith(" [suppressed: not_affected, vulnerable_code_not_in_execute_path ("
        + vex + "): the application never decrypts CMS]");
  }

  @Test
  void theLatestStatementAboutAFindingCounts(@TempDir Path dir) throws Exception {
    String statement = "{\"vulnerability\": {\"name\": \"DSA-6015-1\"}, \"products\": [{\"@id\":"
        + " \"pkg:deb/debian/openssl?arch=source\"}], \"status\": \"%s\", \"timestamp\": \"%s\"}";
    Path vex = dir.resolve("vex.json");
    Files.writeString(vex, "{\"timestamp\": \"2026-01-01T00:00:00Z\", \"statements\": ["
        + statement.formatted("affected", "2026-03-01T00:00:00+01:00") + ", "
        + statement.formatted("not_affected", "2026-02-01T00:00:00Z") + "]}");
    assertThat(scan(VexStatements.read(List.of(vex))).findings().get(0).applies()).isTrue();
    Files.writeString(vex, "{\"timestamp\": \"2026-01-01T00:00:00Z\", \"statements\": ["
        + statement.formatted("affected", "2026-01-01T00:00:00Z") + ", "
        + statement.formatted("fixed", "2026-02-01T00:00:00Z") + "]}");
    assertThat(scan(VexStatements.read(List.of(vex))).findings().get(0).disposition())
        .isEqualTo(new VulnFinding.Disposition("fixed", "fixed", vex.toString(), null));
    Files.writeString(vex, "{\"timestamp\": \"yesterday\", \"statements\": []}");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> VexStatements.read(List.of(vex)))
        .hasMessage("--vex " + vex + ": /timestamp: 'yesterday' is not an RFC 3339 time");
  }

  @Test
  void purlsNameTheBinaryOrWithArchSourceTheSource() throws Exception {
    VulnFinding f = scan(null).findings().get(0);
    assertThat(VexStatements.matches("pkg:deb/debian/libssl3t64", f)).isTrue();
    assertThat(VexStatements.matches("pkg:deb/debian/libssl3t64@3.5.1-1%2Bb1?arch=amd64&distro=debian-13", f)).isTrue();
    assertThat(VexStatements.matches("pkg:deb/debian/libssl3t64@3.5.1-1+b1?arch=arm64", f)).isFalse();
    assertThat(VexStatements.matches("pkg:deb/debian/openssl@3.5.1-1?arch=source", f)).isTrue();
    assertThat(VexStatements.matches("pkg:deb/debian/openssl@3.5.1-1", f)).isFalse();
    assertThat(VexStatements.matches("pkg:deb/debian/openssl@3.5.1-1+b1?arch=source", f)).isFalse();
    assertThat(VexStatements.matches("pkg:rpm/redhat/libssl3t64", f)).isFalse();
  }

  @Test
  void openVexListsWhatBasaltFoundNotToApply() throws Exception {
    byte[] doc = OpenVexWriter.write(List.of(scan(null)), java.time.Instant.parse("2026-11-27T00:00:00Z"));
    JsonNode root = new ObjectMapper().readTree(doc);
    assertThat(root.get("@context").asText()).isEqualTo("https://openvex.dev/ns/v0.2.0");
    assertThat(root.get("@id").asText()).startsWith("urn:uuid:");
    assertThat(root.get("timestamp").asText()).isEqualTo("2026-11-27T00:00:00Z");
    assertThat(root.get("statements")).hasSize(2);
    JsonNode pruned = root.get("statements").get(1);
    assertThat(pruned.toString()).isEqualTo("{\"vulnerability\":{\"name\":\"DSA-6015-1\",\"aliases\":[\"CVE-2025-9230\","
        + "\"CVE-2025-9231\",\"CVE-2025-9232\"]},\"products\":[{\"@id\":\"pkg:deb/debian/openssl-provider-legacy@3.5.1-1%2Bb1"
        + "?arch=amd64&distro=debian-13&upstream=openssl%403.5.1-1\"}],\"status\":\"not_affected\",\"justification\":"
        + "\"vulnerable_code_not_present\",\"impact_statement\":\"none of the 1 files openssl-provider-legacy shipped"
        + " outside documentation is in the image\"}");
    assertThat(root.get("statements").get(0).get("justification").asText()).isEqualTo("component_not_present");
    // Read back as a user's VEX, the document names exactly those two findings.
    Path file = Files.write(Files.createTempFile("vex", ".json"), doc);
    VexStatements read = VexStatements.read(List.of(file));
    Files.delete(file);
    assertThat(scan(null).findings()).extracting(f -> read.disposition(f) == null ? null : read.disposition(f).justification())
        .containsExactly(null, "component_not_present", "vulnerable_code_not_present");
  }
}
