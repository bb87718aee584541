package dev.basalt.testkit;

import dev.basalt.build.BuildStep;
import dev.basalt.build.ResolveStep;
import dev.basalt.cache.BlobStore;
import dev.basalt.cache.Downloader;
import dev.basalt.debian.MirrorResolver;
import dev.basalt.oci.Compression;
import dev.basalt.spec.SpecLoader;
import dev.basalt.testkit.FixtureArchive.Pkg;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Real basalt images built offline from the fixture archive: a two-platform (amd64, arm64)
 * index with each platform's SPDX and CycloneDX SBOMs attached as referrers, as a build writes
 * them. A file of incompressible bytes makes each layer large enough to upload in chunks.
 */
public final class FixtureImages {
  private static final TestPgpKey KEY = TestPgpKey.ed25519("Fixture Archive Key <archive@fixture.invalid>");
  private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-21T00:00:00Z"), ZoneOffset.UTC);

  private FixtureImages() {}

  /** Builds the image into {@code work/out/app} (fixture archive and cache under {@code work}); returns the layout. */
  public static BuildStep.Result twoArch(Path work) throws Exception {
    return twoArch(work, null);
  }

  /** As {@link #twoArch(Path)}, through the vulnerability gate {@code gate} (none when null). */
  public static BuildStep.Result twoArch(Path work, dev.basalt.vuln.VulnGate gate) throws Exception {
    String cert = new String(FixtureImages.class.getResourceAsStream("/effects/alpha.crt").readAllBytes(),
        StandardCharsets.US_ASCII);
    try (FixtureArchive archive = new FixtureArchive(KEY)) {
      for (String arch : List.of("amd64", "arm64")) {
        String triplet = arch.equals("amd64") ? "x86_64-linux-gnu" : "aarch64-linux-gnu";
        archive.suite("trixie").add(
            Pkg.of("base-files", "13.8", arch)
                .file("/etc/debian_version", "13.8\n")
                .file("/usr/lib/os-release", "PRETTY_NAME=\"Debian GNU/Linux 13 (trixie)\"\nNAME=\"Debian GNU/Linux\"\n"
                    + "VERSION_ID=\"13\"\nVERSION_CODENAME=trixie\nID=debian\n"),
            Pkg.of("libc6", "2.41-12", arch)
                .file("/usr/lib/" + triplet + "/libc.so.6", "libc for " + arch + "\n" + noise(arch, 96 * 1024)));
      }
      archive.suite("trixie").add(Pkg.of("ca-certificates", "20250419", "all")
          .file("/usr/share/ca-certificates/mozilla/Alpha_Root.crt", cert));
      java.net.URI base = archive.start();
      Files.createDirectories(work);
      Files.write(work.resolve("archive.asc"), KEY.publicKeyringArmored());
      Path spec = work.resolve("app.yaml");
      Files.writeString(spec, """
          name: app
          archs: [amd64, arm64]
          contents:
            repositories:
              - archive: debian
                suites: [trixie]
                keyring: ./archive.asc
            packages: [base-files, ca-certificates, libc6]
          """);
      try (Downloader downloader = new Downloader(new BlobStore(work.resolve("cache")), 4, 2, Duration.ofMillis(1))) {
        MirrorResolver mirrors = new MirrorResolver(Map.of("debian", base), Map.of(), work.resolve("none"),
            work.resolve("none"));
        ResolveStep.Options resolve = new ResolveStep.Options(List.of(), ResolveStep.LockMode.NONE, null, downloader,
            mirrors, NOW, m -> {});
        return BuildStep.run(SpecLoader.load(spec),
            new BuildStep.Options(resolve, work.resolve("out/app"), null, Compression.GZIP, Map.of(), gate));
      }
    }
  }

  /** Printable bytes that gzip cannot shrink much, the same for the same seed. */
  private static String noise(String seed, int length) {
    Random random = new Random(seed.hashCode());
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      s.append((char) ('!' + random.nextInt(94)));
    }
    return s.toString();
  }
}
