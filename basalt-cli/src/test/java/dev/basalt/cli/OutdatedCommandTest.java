package dev.basalt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.testkit.FixtureArchive;
import dev.basalt.testkit.FixtureArchive.Pkg;
import dev.basalt.testkit.TestImage;
import dev.basalt.testkit.TestPgpKey;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code basalt outdated} and {@code basalt lock --update} against a fixture archive whose
 * trixie-security suite gains newer packages after the lock was made.
 */
class OutdatedCommandTest {
  static final TestPgpKey KEY = TestPgpKey.ed25519("Fixture Archive Key <archive@fixture.invalid>");
  static final String GCC_CHANGELOG = """
      gcc-14 (14.2.0-19) trixie-security; urgency=medium

        * Fix the unwinder (CVE-2026-11111) and a stack clash check
          (CVE-2025-0002).

       -- Fixture Maintainers <fixture@example.invalid>  Sat, 15 Mar 2025 02:47:42 +0100

      gcc-14 (14.2.0-18) unstable; urgency=medium

        * Already in the locked version: CVE-2024-9999.

       -- Fixture Maintainers <fixture@example.invalid>  Wed, 12 Mar 2025 03:45:44 +0100
      """;

  @TempDir Path dir;
  FixtureArchive archive;
  URI base;
  Path spec;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  @BeforeEach
  void setUp() throws Exception {
    archive = new FixtureArchive(KEY);
    archive.suite("trixie").add(
        Pkg.of("libc6", "2.41-12").depends("libgcc-s1"),
        Pkg.of("libgcc-s1", "14.2.0-18").field("Source", "gcc-14").depends("gcc-14-base (= 14.2.0-18)")
            .symlink("/usr/share/doc/libgcc-s1", "gcc-14-base"),
        Pkg.of("gcc-14-base", "14.2.0-18").field("Source", "gcc-14")
            .file("/usr/share/doc/gcc-14-base/changelog.Debian.gz", gzip(GCC_CHANGELOG.substring(GCC_CHANGELOG.indexOf("gcc-14 (14.2.0-18)")))),
        Pkg.of("libssl3t64", "3.5.7-1~deb13u2").field("Source", "openssl"),
        Pkg.of("libcap2", "1:2.75-10"),
        Pkg.of("tzdata", "2025b-4", "all"));
    archive.suite("trixie-updates");
    archive.suite("trixie-security");
    base = archive.start();
    Files.write(dir.resolve("k.asc"), KEY.publicKeyringArmored());
    spec = dir.resolve("app.yaml");
    Files.writeString(spec, """
        name: app
        archs: [amd64]
        contents:
          repositories:
            - archive: debian
              suites: [trixie, trixie-updates]
              keyring: ./k.asc
            - archive: debian-security
              suites: [trixie-security]
              keyring: ./k.asc
          packages: [libc6, libssl3t64, libcap2, tzdata]
        """);
    assertThat(run("lock", spec.toString(), "--mirror", "debian=" + base, "--mirror", "debian-security=" + base))
        .as(err.toString()).isZero();
    out.getBuffer().setLength(0);
  }

  @AfterEach
  void tearDown() {
    archive.close();
  }

  private int run(String... args) {
    return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  private String[] withMirrors(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--mirror", "debian=" + base, "--mirror", "debian-security=" + base));
    return all.toArray(String[]::new);
  }

  private static byte[] gzip(String text) throws Exception {
    return gzip(text.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] gzip(byte[] bytes) throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(buf)) {
      gz.write(bytes);
    }
    return buf.toByteArray();
  }

  private static byte[] realChangelog(String name) throws Exception {
    try (InputStream in = OutdatedCommandTest.class.getResourceAsStream("/debian/changelog/" + name)) {
      return in.readAllBytes();
    }
  }

  /** Debian publishes fixes: tzdata in trixie-updates, the rest in trixie-security. */
  private void publishUpdates(boolean security) throws Exception {
    archive.suite("trixie-updates").add(Pkg.of("tzdata", "2025b-5", "all"));
    if (security) {
      archive.suite("trixie-security").add(
          Pkg.of("libssl3t64", "3.5.7-1~deb13u3").field("Source", "openssl")
              .file("/usr/share/doc/libssl3t64/changelog.Debian.gz", realChangelog("openssl.changelog.Debian.gz")),
          Pkg.of("libgcc-s1", "14.2.0-19").field("Source", "gcc-14").depends("gcc-14-base (= 14.2.0-19)")
              .symlink("/usr/share/doc/libgcc-s1", "gcc-14-base"),
          Pkg.of("gcc-14-base", "14.2.0-19").field("Source", "gcc-14")
              .file("/usr/share/doc/gcc-14-base/changelog.Debian.gz", gzip(GCC_CHANGELOG)),
          // A binNMU of a security upload: its own changelog beside the source's.
          Pkg.of("libcap2", "1:2.75-10+deb13u1+b3").field("Source", "libcap2 (1:2.75-10+deb13u1)")
              .file("/usr/share/doc/libcap2/changelog.Debian.gz", realChangelog("libcap2.changelog.Debian.gz"))
              .file("/usr/share/doc/libcap2/changelog.Debian.amd64.gz", realChangelog("libcap2.changelog.Debian.amd64.gz")));
    }
    archive.publish();
  }

  @Test
  void aLockRightAfterLockingIsCurrent() {
    assertThat(run(withMirrors("outdated", dir.resolve("app.lock.json").toString()))).as(err.toString()).isZero();
    assertThat(out.toString()).isEqualTo(dir.resolve("app.lock.json") + ": 6 packages checked against debian trixie,"
        + " debian trixie-updates, debian-security trixie-security; 0 outdated, 0 security updates pending\n");
  }

  @Test
  void anUpdateOutsideTheSecuritySuiteExitsZero() throws Exception {
    publishUpdates(false);
    assertThat(run(withMirrors("outdated", spec.toString()))).as(err.toString()).isZero();
    assertThat(err.toString()).isEqualTo("basalt: checking lock file " + dir.resolve("app.lock.json") + "\n");
    assertThat(out.toString()).isEqualTo("""
        ARCH   PACKAGE  VERSION  NEWEST   FROM
        amd64  tzdata   2025b-4  2025b-5  debian trixie-updates
        """ + spec + ": 6 packages checked against debian trixie, debian trixie-updates, debian-security"
        + " trixie-security; 1 outdated, 0 security updates pending\n");
  }

  @Test
  void pendingSecurityUpdatesOfALockExitOneInTextAndJson() throws Exception {
    publishUpdates(true);
    String lock = dir.resolve("app.lock.json").toString();
    assertThat(run(withMirrors("outdated", lock))).as(err.toString()).isEqualTo(1);
    assertThat(out.toString()).isEqualTo("""
        ARCH   PACKAGE      VERSION          NEWEST                FROM
        amd64  gcc-14-base  14.2.0-18        14.2.0-19             debian-security trixie-security  SECURITY
        amd64  libcap2      1:2.75-10        1:2.75-10+deb13u1+b3  debian-security trixie-security  SECURITY
        amd64  libgcc-s1    14.2.0-18        14.2.0-19             debian-security trixie-security  SECURITY
        amd64  libssl3t64   3.5.7-1~deb13u2  3.5.7-1~deb13u3       debian-security trixie-security  SECURITY
        amd64  tzdata       2025b-4          2025b-5               debian trixie-updates
        """ + lock + ": 6 packages checked against debian trixie, debian trixie-updates, debian-security"
        + " trixie-security; 5 outdated, 4 security updates pending\n");
    out.getBuffer().setLength(0);
    assertThat(run(withMirrors("outdated", lock, "--json"))).isEqualTo(1);
    assertThat(out.toString()).isEqualTo("{\"subject\":\"" + lock + "\",\"suites\":[\"debian trixie\",\"debian"
        + " trixie-updates\",\"debian-security trixie-security\"],\"summary\":{\"packages\":6,\"outdated\":5,"
        + "\"security\":4,\"unknown\":0},\"packages\":["
        + "{\"arch\":\"amd64\",\"name\":\"gcc-14-base\",\"version\":\"14.2.0-18\",\"newest\":\"14.2.0-19\","
        + "\"suite\":\"debian-security trixie-security\",\"security\":true},"
        + "{\"arch\":\"amd64\",\"name\":\"libc6\",\"version\":\"2.41-12\",\"newest\":\"2.41-12\",\"security\":false},"
        + "{\"arch\":\"amd64\",\"name\":\"libcap2\",\"version\":\"1:2.75-10\",\"newest\":\"1:2.75-10+deb13u1+b3\","
        + "\"suite\":\"debian-security trixie-security\",\"security\":true},"
        + "{\"arch\":\"amd64\",\"name\":\"libgcc-s1\",\"version\":\"14.2.0-18\",\"newest\":\"14.2.0-19\","
        + "\"suite\":\"debian-security trixie-security\",\"security\":true},"
        + "{\"arch\":\"amd64\",\"name\":\"libssl3t64\",\"version\":\"3.5.7-1~deb13u2\",\"newest\":\"3.5.7-1~deb13u3\","
        + "\"suite\":\"debian-security trixie-security\",\"security\":true},"
        + "{\"arch\":\"amd64\",\"name\":\"tzdata\",\"version\":\"2025b-4\",\"newest\":\"2025b-5\","
        + "\"suite\":\"debian trixie-updates\",\"security\":false}]}\n");
  }

  @Test
  void anImageIsComparedWithItsReleaseSuites() throws Exception {
    publishUpdates(true);
    Path layout = TestImage.linux("amd64").layer(l -> l.dir("/etc", 0755)
            .file("/etc/os-release", "PRETTY_NAME=\"Debian GNU/Linux 13 (trixie)\"\nID=debian\nVERSION_ID=\"13\"\n"
                + "VERSION_CODENAME=trixie\n", 0644)
            .dir("/var", 0755).dir("/var/lib", 0755).dir("/var/lib/dpkg", 0755).dir("/var/lib/dpkg/status.d", 0755)
            .file("/var/lib/dpkg/status.d/libssl3t64", "Package: libssl3t64\nVersion: 3.5.7-1~deb13u2\n"
                + "Architecture: amd64\n", 0644)
            .file("/var/lib/dpkg/status.d/tzdata", "Package: tzdata\nVersion: 2025b-5\nArchitecture: all\n", 0644)
            .file("/var/lib/dpkg/status.d/local-tool", "Package: local-tool\nVersion: 1.0\nArchitecture: amd64\n", 0644))
        .writeLayout(dir.resolve("img"), "v1");
    String image = "oci:" + layout + ":v1";
    int code = run(withMirrors("outdated", image, "--keyring", "debian=" + dir.resolve("k.asc"),
        "--keyring", "debian-security=" + dir.resolve("k.asc")));
    assertThat(code).as(err.toString()).isEqualTo(1);
    assertThat(out.toString()).isEqualTo("""
        ARCH   PACKAGE     VERSION          NEWEST           FROM
        amd64  libssl3t64  3.5.7-1~deb13u2  3.5.7-1~deb13u3  debian-security trixie-security  SECURITY
        """ + image + ": 3 packages checked against debian trixie, debian trixie-updates, debian-security"
        + " trixie-security; 1 outdated, 1 security update pending; 1 in none of these suites: local-tool (amd64)\n");

    // Without --keyring the bundled trixie keyrings apply, which did not sign the fixture: refused.
    out.getBuffer().setLength(0);
    assertThat(run(withMirrors("outdated", image))).isEqualTo(1);
    assertThat(err.toString()).contains("basalt: error: ").contains("/dists/trixie");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void aReleaseWithoutBundledKeyringSaysWhatToPass() throws Exception {
    Path layout = TestImage.linux("amd64").layer(l -> l.dir("/etc", 0755)
            .file("/etc/os-release", "ID=debian\nVERSION_ID=\"10\"\nVERSION_CODENAME=buster\n", 0644)
            .dir("/var", 0755).dir("/var/lib", 0755).dir("/var/lib/dpkg", 0755)
            .file("/var/lib/dpkg/status", "Package: libc6\nStatus: install ok installed\nVersion: 2.28-10\n"
                + "Architecture: amd64\n", 0644))
        .writeLayout(dir.resolve("old"), null);
    assertThat(run(withMirrors("outdated", layout.toString()))).isEqualTo(2);
    assertThat(err.toString()).startsWith("basalt: error: " + layout + " is Debian buster, whose archive keyring"
        + " 'debian-buster' is not bundled (bundled: debian-bookworm, debian-bookworm-security, debian-trixie,"
        + " debian-trixie-security): pass --keyring debian=FILE with the release's signing keys, or --spec SPEC\n");
  }

  @Test
  void aLockWithoutItsSpecAsksForOne() throws Exception {
    Path lock = Files.copy(dir.resolve("app.lock.json"), dir.resolve("other.lock.json"));
    assertThat(run(withMirrors("outdated", lock.toString()))).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("basalt: error: no spec beside lock file " + lock
        + " (other.yaml) to take the suites from: pass --spec SPEC\n");
    err.getBuffer().setLength(0);
    assertThat(run(withMirrors("outdated", lock.toString(), "--spec", spec.toString()))).as(err.toString()).isZero();
  }

  @Test
  void lockUpdateReportsVersionsAndTheCvesOfTheChangelogs() throws Exception {
    publishUpdates(true);
    Path lock = dir.resolve("app.lock.json");
    assertThat(run(withMirrors("lock", "--update", spec.toString(), "--json"))).as(err.toString()).isZero();
    assertThat(out.toString()).isEqualTo("{\"lock\":\"" + lock + "\",\"added\":[],\"removed\":[],\"changed\":["
        + "{\"arch\":\"amd64\",\"name\":\"gcc-14-base\",\"from\":\"14.2.0-18\",\"to\":\"14.2.0-19\","
        + "\"cves\":[\"CVE-2025-0002\",\"CVE-2026-11111\"],"
        + "\"changelogs\":[\"gcc-14-base_14.2.0-19_amd64:/usr/share/doc/gcc-14-base/changelog.Debian.gz\"]},"
        + "{\"arch\":\"amd64\",\"name\":\"libcap2\",\"from\":\"1:2.75-10\",\"to\":\"1:2.75-10+deb13u1+b3\","
        + "\"cves\":[\"CVE-2026-4878\"],"
        + "\"changelogs\":[\"libcap2_1:2.75-10+deb13u1+b3_amd64:/usr/share/doc/libcap2/changelog.Debian.gz\","
        + "\"libcap2_1:2.75-10+deb13u1+b3_amd64:/usr/share/doc/libcap2/changelog.Debian.amd64.gz\"]},"
        // The doc directory is a link to gcc-14-base's: the changelog is read from that sibling package.
        + "{\"arch\":\"amd64\",\"name\":\"libgcc-s1\",\"from\":\"14.2.0-18\",\"to\":\"14.2.0-19\","
        + "\"cves\":[\"CVE-2025-0002\",\"CVE-2026-11111\"],"
        + "\"changelogs\":[\"gcc-14-base_14.2.0-19_amd64:/usr/share/doc/gcc-14-base/changelog.Debian.gz\"]},"
        + "{\"arch\":\"amd64\",\"name\":\"libssl3t64\",\"from\":\"3.5.7-1~deb13u2\",\"to\":\"3.5.7-1~deb13u3\","
        + "\"cves\":[\"CVE-2026-35189\",\"CVE-2026-35191\",\"CVE-2026-42772\",\"CVE-2026-54872\",\"CVE-2026-54873\","
        + "\"CVE-2026-54875\",\"CVE-2026-72897\",\"CVE-2026-75804\",\"CVE-2026-75805\",\"CVE-2026-75806\","
        + "\"CVE-2026-77696\",\"CVE-2026-84782\",\"CVE-2026-84784\"],"
        + "\"changelogs\":[\"libssl3t64_3.5.7-1~deb13u3_amd64:/usr/share/doc/libssl3t64/changelog.Debian.gz\"]},"
        + "{\"arch\":\"amd64\",\"name\":\"tzdata\",\"from\":\"2025b-4\",\"to\":\"2025b-5\",\"cves\":[],"
        + "\"changelogs\":[]}]}\n");
    // The lock was rewritten: now nothing is outdated.
    out.getBuffer().setLength(0);
    assertThat(run(withMirrors("outdated", lock.toString()))).as(err.toString()).isZero();
    assertThat(out.toString()).endsWith("; 0 outdated, 0 security updates pending\n");
  }

  @Test
  void lockUpdateTextReport() throws Exception {
    publishUpdates(false);
    archive.suite("trixie").add(Pkg.of("base-files", "13.8"));
    archive.publish();
    Files.writeString(spec, Files.readString(spec).replace("[libc6, libssl3t64, libcap2, tzdata]",
        "[libc6, libssl3t64, base-files, tzdata]"));
    assertThat(run(withMirrors("lock", "--update", spec.toString()))).as(err.toString()).isZero();
    assertThat(out.toString()).isEqualTo("""
          amd64 tzdata 2025b-4 -> 2025b-5 (no changelog in the package)
        + amd64 base-files 13.8
        - amd64 libcap2 1:2.75-10
        """ + dir.resolve("app.lock.json") + ": 1 changed (0 CVEs fixed), 1 added, 1 removed\n");
  }
}
