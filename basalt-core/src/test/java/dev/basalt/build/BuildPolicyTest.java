package dev.basalt.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.cache.BlobStore;
import dev.basalt.cache.Downloader;
import dev.basalt.debian.MirrorResolver;
import dev.basalt.lock.LockFile;
import dev.basalt.lock.LockFiles;
import dev.basalt.oci.Compression;
import dev.basalt.policy.PackagePolicyException;
import dev.basalt.spec.ImageSpec;
import dev.basalt.spec.SpecLoader;
import dev.basalt.testkit.FixtureArchive;
import dev.basalt.testkit.FixtureArchive.Pkg;
import dev.basalt.testkit.TestPgpKey;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The package policy in resolve, lock and build, against the fixture archive. */
class BuildPolicyTest {
  static final TestPgpKey KEY = TestPgpKey.ed25519("Fixture Archive Key <archive@fixture.invalid>");
  static final Clock NOW = Clock.fixed(Instant.parse("2026-11-21T00:00:00Z"), ZoneOffset.UTC);
  /** A machine-readable copyright file: GPL-3+ for the code, MIT for the packaging. */
  static final String GPL_COPYRIGHT = """
      Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
      Upstream-Name: gplthing

      Files: *
      Copyright: 2020 Upstream Author
      License: GPL-3+

      Files: debian/*
      Copyright: 2021 Debian Packager
      License: MIT
      """;
  static final String CHOICE_COPYRIGHT = """
      Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/

      Files: *
      Copyright: 2020 Upstream Author
      License: GPL-3+ or Apache-2.0
      """;

  @TempDir Path dir;
  FixtureArchive archive;
  URI base;
  Path specFile;
  final List<String> notices = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    archive = new FixtureArchive(KEY);
    archive.suite("trixie").add(
        Pkg.of("libc6", "2.41-12", "amd64").file("/usr/lib/x86_64-linux-gnu/libc.so.6", "libc"),
        Pkg.of("app", "1.0-1", "amd64").depends("libgplthing, libchoice"),
        Pkg.of("libgplthing", "2.0-3", "amd64").depends("libc6")
            .file("/usr/lib/x86_64-linux-gnu/libgplthing.so.2", "gpl code")
            .file("/usr/share/doc/libgplthing/copyright", GPL_COPYRIGHT),
        Pkg.of("libchoice", "0.9-1", "all").file("/usr/share/doc/libchoice/copyright", CHOICE_COPYRIGHT));
    base = archive.start();
    Files.write(dir.resolve("archive.asc"), KEY.publicKeyringArmored());
    specFile = dir.resolve("app.yaml");
  }

  @AfterEach
  void tearDown() {
    archive.close();
  }

  /** The spec; its policy, when given, starts on line 9. */
  private ImageSpec spec(String policy) throws Exception {
    Files.writeString(specFile, """
        name: app
        archs: [amd64]
        contents:
          repositories:
            - archive: debian
              suites: [trixie]
              keyring: ./archive.asc
          packages: [app]
        %s""".formatted(policy));
    return SpecLoader.load(specFile);
  }

  private ResolveStep.Options options(Downloader downloader, ResolveStep.LockMode mode, Path lock) {
    MirrorResolver mirrors = new MirrorResolver(Map.of("debian", base), Map.of(), dir.resolve("none"), dir.resolve("none"));
    return new ResolveStep.Options(List.of(), mode, lock, downloader, mirrors, NOW, notices::add);
  }

  private BuildStep.Result build(ImageSpec spec, Path out) throws Exception {
    try (Downloader downloader = new Downloader(new BlobStore(dir.resolve("cache")), 4, 2, Duration.ofMillis(1))) {
      return BuildStep.run(spec, new BuildStep.Options(options(downloader, ResolveStep.LockMode.NONE, null), out, null,
          Compression.GZIP, Map.of()));
    }
  }

  @Test
  void aDeniedLicenseFailsTheBuildWithTheChainAndWritesNothing() throws Exception {
    Path out = dir.resolve("out/app");
    assertThatThrownBy(() -> build(spec("policy:\n  deny-licenses: [GPL-3.0-or-later]\n"), out))
        .isInstanceOfSatisfying(PackagePolicyException.class, e -> {
          assertThat(e.exitCode()).isEqualTo(1);
          assertThat(e.getMessage()).isEqualTo("the package policy forbids 1 package:\n"
              + "  libgplthing 2.0-3 (amd64): deny-licenses 'GPL-3.0-or-later': its copyright file's licenses are"
              + " 'GPL-3.0-or-later AND MIT' [" + specFile + ":10]; pulled in by spec -> app -> libgplthing");
        });
    assertThat(out).doesNotExist();
    try (var siblings = Files.list(dir.resolve("out"))) {
      assertThat(siblings.toList()).as("no staging directory is left behind").isEmpty();
    }
  }

  @Test
  void aLicenseWithAnAllowedAlternativePassesAndUnjudgedPackagesAreNamed() throws Exception {
    // libchoice is "GPL-3.0-or-later OR Apache-2.0": denying Apache-2.0 leaves the other choice.
    BuildStep.Result r = build(spec("policy:\n  deny-licenses: [Apache-2.0, AGPL-3.0-only]\n"), dir.resolve("out/ok"));
    assertThat(r.images().get(0).packages()).isEqualTo(4);
    assertThat(r.images().get(0).notes()).contains("policy (amd64): deny-licenses cannot judge 2 package(s)"
        + " without a machine-readable copyright file: app, libc6");

    assertThatThrownBy(() -> build(spec("policy:\n  deny-licenses: [MIT]\n"), dir.resolve("out/mit")))
        .hasMessage("the package policy forbids 1 package:\n"
            + "  libgplthing 2.0-3 (amd64): deny-licenses 'MIT': its copyright file's licenses are"
            + " 'GPL-3.0-or-later AND MIT' [" + specFile + ":10]; pulled in by spec -> app -> libgplthing");
  }

  @Test
  void aSpecRuleNamesItsLineAndResolveAndLockFailAlike() throws Exception {
    ImageSpec spec = spec("policy:\n  deny:\n    - libgpl*\n");
    String expected = "the package policy forbids 1 package:\n"
        + "  libgplthing 2.0-3 (amd64): deny 'libgpl*' [" + specFile + ":11]; pulled in by spec -> app -> libgplthing";
    try (Downloader downloader = new Downloader(new BlobStore(dir.resolve("cache")))) {
      assertThatThrownBy(() -> ResolveStep.run(spec, options(downloader, ResolveStep.LockMode.AUTO, null)))
          .hasMessage(expected);
      assertThatThrownBy(() -> ResolveStep.resolveFresh(spec, spec.archs(),
          options(downloader, ResolveStep.LockMode.NONE, null))).hasMessage(expected);
    }
  }

  @Test
  void allowedKeysAcceptTheFixtureKeyAndRefuseAnotherFingerprint() throws Exception {
    String other = TestPgpKey.ed25519("Other <other@fixture.invalid>").fingerprint();
    try (Downloader downloader = new Downloader(new BlobStore(dir.resolve("cache")))) {
      ImageSpec allowed = spec("policy:\n  allowed-keys: [\"" + KEY.fingerprint() + "\"]\n");
      ResolveStep.Result r = ResolveStep.run(allowed, options(downloader, ResolveStep.LockMode.NONE, null));
      assertThat(r.suites()).extracting(s -> s.signerFingerprints()).containsExactly(List.of(KEY.fingerprint()));

      ImageSpec refused = spec("policy:\n  allowed-keys: [\"" + other + "\"]\n");
      String rule = "allowed-keys: it comes from debian trixie, signed by key " + KEY.fingerprint()
          + ", which is not one of [" + other + "] [" + specFile + ":10]";
      assertThatThrownBy(() -> ResolveStep.run(refused, options(downloader, ResolveStep.LockMode.NONE, null)))
          .hasMessage("the package policy forbids 4 packages:\n"
              + "  app 1.0-1 (amd64): " + rule + "; pulled in by spec -> app\n"
              + "  libc6 2.41-12 (amd64): " + rule + "; pulled in by spec -> app -> libgplthing -> libc6\n"
              + "  libchoice 0.9-1 (amd64): " + rule + "; pulled in by spec -> app -> libchoice\n"
              + "  libgplthing 2.0-3 (amd64): " + rule + "; pulled in by spec -> app -> libgplthing");
    }
  }

  @Test
  void aLockWithoutTheSignerFailsClosedUnderAllowedKeys() throws Exception {
    ImageSpec spec = spec("policy:\n  allowed-keys: [\"" + KEY.fingerprint() + "\"]\n");
    try (Downloader downloader = new Downloader(new BlobStore(dir.resolve("cache")))) {
      ResolveStep.Result fresh = ResolveStep.resolveFresh(spec, spec.archs(),
          options(downloader, ResolveStep.LockMode.NONE, null));
      LockFile lock = LockFiles.of(spec, fresh.suites(), fresh.resolutions());
      assertThat(lock.suites()).extracting(LockFile.Suite::signedBy).containsExactly(List.of(KEY.fingerprint()));
      Path lockPath = LockFiles.besideSpec(specFile);
      LockFiles.write(lock, lockPath);
      archive.close();
      assertThat(ResolveStep.run(spec, options(downloader, ResolveStep.LockMode.AUTO, null)).lockUsed())
          .isEqualTo(lockPath);

      // As a lock written before basalt recorded signers reads: no signedBy.
      LockFile old = new LockFile(lock.lockVersion(), lock.spec(), lock.specSha256(),
          lock.suites().stream().map(s -> new LockFile.Suite(s.repository(), s.suite(), s.inReleaseSha256(), s.date()))
              .toList(), lock.archs(), lock.excluded());
      LockFiles.write(old, lockPath);
      assertThat(Files.readString(lockPath)).contains("\"signedBy\": null");
      assertThatThrownBy(() -> ResolveStep.run(spec, options(downloader, ResolveStep.LockMode.AUTO, null)))
          .hasMessageContaining("app 1.0-1 (amd64): allowed-keys: which key signed debian trixie is not known (a lock"
              + " made before basalt recorded it? run `basalt lock`) [" + specFile + ":10]; pulled in by spec -> app\n");
    }
  }
}
