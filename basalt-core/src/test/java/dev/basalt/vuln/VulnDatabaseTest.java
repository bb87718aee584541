package dev.basalt.vuln;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading OSV records from a directory or zip, and refusing malformed ones with their location. */
class VulnDatabaseTest {
  static Path resource(String name) {
    try {
      return Path.of(VulnDatabaseTest.class.getResource("/vuln/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A zip of every {@code .json} under {@code dir}, by relative path. */
  static Path zip(Path dir, Path zip) throws IOException {
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip));
        var walk = Files.walk(dir)) {
      for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new ZipEntry(dir.relativize(p).toString()));
        out.write(Files.readAllBytes(p));
        out.closeEntry();
      }
    }
    return zip;
  }

  @Test
  void aDirectoryKeepsDebianRecordsThatAreNotWithdrawn() throws Exception {
    VulnDatabase db = VulnDatabase.load(resource("db"));
    assertThat(db.records()).isEqualTo(3);
    List<VulnDatabase.Candidate> glibc = db.candidates("glibc", Set.of("Debian:13", "Debian"));
    assertThat(glibc).hasSize(1);
    assertThat(glibc.get(0).record().id()).isEqualTo("DEBIAN-CVE-2025-4802");
    assertThat(glibc.get(0).affected().ranges().get(0).events()).containsExactly(
        new OsvRecord.Event(OsvRecord.Kind.INTRODUCED, "0"), new OsvRecord.Event(OsvRecord.Kind.FIXED, "2.41-8"));
    assertThat(db.candidates("glibc", Set.of("Debian:12")).get(0).affected().ranges().get(0).events().get(1).version())
        .isEqualTo("2.36-9+deb12u11");
    // The withdrawn record about zlib is left out; the PyPI "zlib" never matches a Debian package.
    assertThat(db.candidates("zlib", Set.of("Debian:13", "Debian", "PyPI")))
        .extracting(c -> c.record().id()).containsExactly("DEBIAN-CVE-2023-45853");
    OsvRecord openssl = db.candidates("openssl", Set.of("Debian:13")).get(0).record();
    assertThat(openssl.aliases()).containsExactly("CVE-2025-9230", "CVE-2025-9231", "CVE-2025-9232");
    assertThat(openssl.severity()).containsExactly(
        new OsvRecord.Score("CVSS_V3", "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H"));
  }

  @Test
  void aZipReadsTheSame(@TempDir Path dir) throws Exception {
    VulnDatabase db = VulnDatabase.load(zip(resource("db"), dir.resolve("all.zip")));
    assertThat(db.records()).isEqualTo(3);
    assertThat(db.candidates("openssl", Set.of("Debian:13")).get(0).record().file())
        .isEqualTo(dir.resolve("all.zip") + "!/debian/DSA-6015-1.json");
  }

  @Test
  void malformedRecordsAreNamedByFileAndLocation() {
    assertThat(error("missing-id.json")).isEqualTo("missing-id.json: /id is missing");
    assertThat(error("event-with-two-keys.json")).isEqualTo("event-with-two-keys.json: /affected/0/ranges/0/events/0"
        + " an event is an object with exactly one of introduced, fixed, last_affected, limit");
    assertThat(error("fixed-not-a-debian-version.json")).startsWith("fixed-not-a-debian-version.json:"
        + " /affected/0/ranges/1/events/1/fixed '3.5 beta' is not a Debian version: ");
    assertThat(error("cvss-vector-missing-metric.json")).isEqualTo("cvss-vector-missing-metric.json: /severity/0/score"
        + " 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H' lacks the base metric A");
    assertThat(error("package-without-name.json")).isEqualTo("package-without-name.json: /affected/0/package/name is"
        + " missing");
    assertThat(error("not-json.json")).startsWith("not-json.json: not JSON: ");
  }

  private static String error(String name) {
    Path file = resource("bad/" + name);
    try {
      OsvParser.parse(Files.readAllBytes(file), name);
      throw new AssertionError(name + " was accepted");
    } catch (VulnDbException e) {
      assertThat(e.exitCode()).isEqualTo(2);
      return e.getMessage();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aDatabaseWithOneBadRecordIsRefusedWhole(@TempDir Path dir) throws Exception {
    Files.copy(resource("db/debian/DSA-6015-1.json"), dir.resolve("DSA-6015-1.json"));
    Files.copy(resource("bad/missing-id.json"), dir.resolve("zz.json"));
    assertThatThrownBy(() -> VulnDatabase.load(dir)).isInstanceOf(VulnDbException.class)
        .hasMessage(dir.resolve("zz.json") + ": /id is missing");
    Files.writeString(dir.resolve("garbage.zip"), "not a zip");
    assertThatThrownBy(() -> VulnDatabase.load(dir.resolve("garbage.zip")))
        .hasMessageStartingWith("advisory database " + dir.resolve("garbage.zip") + " is neither a directory nor a"
            + " readable zip");
    assertThatThrownBy(() -> VulnDatabase.load(dir.resolve("absent")))
        .hasMessageStartingWith("advisory database " + dir.resolve("absent") + " does not exist");
  }

  @Test
  void aZipIsParsedOnceAndDecodedByNameFromTheCache(@TempDir Path dir) throws Exception {
    Path zip = zip(resource("db"), dir.resolve("all.zip"));
    Path cache = dir.resolve("cache");
    VulnDatabase first = VulnDatabase.load(zip, cache);
    Path parsed;
    try (var files = Files.list(cache.resolve("vuln-db/parsed"))) {
      parsed = files.findFirst().orElseThrow();
    }
    assertThat(parsed.getFileName().toString()).isEqualTo(dev.basalt.cache.BlobStore.digestOf(zip).hex());
    VulnDatabase second = VulnDatabase.load(zip, cache);
    assertThat(second.records()).isEqualTo(3);
    for (String name : List.of("openssl", "glibc", "zlib", "absent")) {
      assertThat(second.candidates(name, Set.of("Debian:13", "Debian:12")))
          .isEqualTo(first.candidates(name, Set.of("Debian:13", "Debian:12")));
    }
    // A damaged cache file is never used: the zip is parsed again and the file rewritten.
    byte[] bytes = Files.readAllBytes(parsed);
    bytes[bytes.length / 2] ^= 1;
    Files.write(parsed, bytes);
    assertThat(ParsedVulnDb.read(parsed, zip.toString())).isNull();
    assertThat(VulnDatabase.load(zip, cache).candidates("glibc", Set.of("Debian:13")))
        .isEqualTo(first.candidates("glibc", Set.of("Debian:13")));
    assertThat(ParsedVulnDb.read(parsed, zip.toString())).isNotNull();
  }
}
