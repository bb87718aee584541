package dev.basalt.testkit;

import dev.basalt.testkit.FixtureArchive.Pkg;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

/**
 * The archive and spec the fault, kill and concurrency tests build: a few packages for amd64,
 * one of them with a few MiB of incompressible content so that a build spends measurable time
 * fetching, unpacking and compressing (a kill has somewhere to land).
 */
public final class FaultFixture {
  public static final TestPgpKey KEY = TestPgpKey.ed25519("Fixture Archive Key <archive@fixture.invalid>");
  public static final String SUITE = "trixie";

  private FaultFixture() {}

  /** The archive, not yet started; {@code bulkBytes} of seeded random content go into {@code bulk-data}. */
  public static FixtureArchive archive(int bulkBytes) {
    byte[] bulk = new byte[bulkBytes];
    new Random(20261127L).nextBytes(bulk);
    FixtureArchive archive = new FixtureArchive(KEY);
    archive.suite(SUITE).add(
        Pkg.of("base-files", "13.8")
            .file("/etc/debian_version", "13.8\n")
            .file("/usr/lib/os-release", "PRETTY_NAME=\"Debian GNU/Linux 13 (trixie)\"\nNAME=\"Debian GNU/Linux\"\n"
                + "VERSION_ID=\"13\"\nVERSION_CODENAME=trixie\nID=debian\n"),
        Pkg.of("libc6", "2.41-12").depends("libgcc-s1")
            .file("/usr/lib/x86_64-linux-gnu/libc.so.6", "libc"),
        Pkg.of("libgcc-s1", "14.2.0-19").preDepends("libc6 (>= 2.35)")
            .file("/usr/lib/x86_64-linux-gnu/libgcc_s.so.1", "libgcc"),
        Pkg.of("bulk-data", "1.0").depends("libc6")
            .file("/usr/share/bulk/data.bin", bulk));
    return archive;
  }

  /** Writes the archive key and a spec {@code app.yaml} using all packages into {@code dir}; returns the spec. */
  public static Path writeSpec(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.write(dir.resolve("archive.asc"), KEY.publicKeyringArmored());
    Path spec = dir.resolve("app.yaml");
    Files.writeString(spec, """
        name: app
        archs: [amd64]
        contents:
          repositories:
            - archive: debian
              suites: [trixie]
              keyring: ./archive.asc
          packages: [base-files, libc6, bulk-data]
        environment: {LANG: C.UTF-8}
        """);
    return spec;
  }

  /** The paths of the archive a build fetches: the InRelease, the Packages index by hash, each .deb. */
  public static List<String> fetchedPaths(FixtureArchive archive) {
    TreeSet<String> paths = new TreeSet<>();
    for (String p : archive.files().keySet()) {
      if (p.endsWith("/InRelease") || p.endsWith(".deb")) {
        paths.add(p);
      }
    }
    paths.add(packagesByHash(archive));
    return List.copyOf(paths);
  }

  /** The path the amd64 {@code Packages.xz} is fetched by (Acquire-By-Hash). */
  public static String packagesByHash(FixtureArchive archive) {
    byte[] xz = archive.files().get("/debian/dists/" + SUITE + "/main/binary-amd64/Packages.xz");
    return "/debian/dists/" + SUITE + "/main/binary-amd64/by-hash/SHA256/" + dev.basalt.cache.Digest.of(xz).hex();
  }

  /** The base URL of a started archive as a {@code --mirror} value. */
  public static String mirror(URI base) {
    return "debian=" + base;
  }
}
