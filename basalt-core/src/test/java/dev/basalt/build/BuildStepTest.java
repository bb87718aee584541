package dev.basalt.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.audit.AuditReport;
import dev.basalt.cache.BlobStore;
import dev.basalt.cache.Digest;
import dev.basalt.image.FlatFilesystem;
import dev.basalt.image.ImageLocation;
import dev.basalt.image.LayerApplier;
import dev.basalt.image.LayerChangesCache;
import dev.basalt.image.ImageSource;
import dev.basalt.image.SourceImage;
import dev.basalt.cache.Downloader;
import dev.basalt.debian.MirrorResolver;
import dev.basalt.oci.Compression;
import dev.basalt.sign.ImageSigner;
import dev.basalt.sign.ImageVerifier;
import dev.basalt.sign.SignatureReport;
import dev.basalt.sign.SigningKey;
import dev.basalt.spec.SpecLoader;
import dev.basalt.testkit.FixtureArchive;
import dev.basalt.testkit.FixtureArchive.Pkg;
import dev.basalt.testkit.TestPgpKey;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole build against the fixture archive: structure, hardening, reproducibility, failures. */
class BuildStepTest {
  static final TestPgpKey KEY = TestPgpKey.ed25519("Fixture Archive Key <archive@fixture.invalid>");
  static final Clock NOW = Clock.fixed(Instant.parse("2026-11-21T00:00:00Z"), ZoneOffset.UTC);
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  FixtureArchive archive;
  URI base;
  Path specFile;

  @BeforeEach
  void setUp() throws Exception {
    String cert = new String(getClass().getResourceAsStream("/effects/alpha.crt").readAllBytes(), StandardCharsets.US_ASCII);
    archive = new FixtureArchive(KEY);
    for (String arch : List.of("amd64", "arm64")) {
      String triplet = arch.equals("amd64") ? "x86_64-linux-gnu" : "aarch64-linux-gnu";
      archive.suite("trixie").add(
          Pkg.of("base-files", "13.8", arch)
              .file("/etc/debian_version", "13.8\n")
              .file("/usr/lib/os-release", "PRETTY_NAME=\"Debian GNU/Linux 13 (trixie)\"\nNAME=\"Debian GNU/Linux\"\n"
                  + "VERSION_ID=\"13\"\nVERSION_CODENAME=trixie\nID=debian\n")
              .file("/usr/share/doc/base-files/changelog.gz", "changes")
              .file("/usr/share/man/man5/os-release.5.gz", "man"),
          Pkg.of("libc6", "2.41-12", arch).depends("libgcc-s1")
              .file("/usr/lib/" + triplet + "/libc.so.6", "libc for " + arch)
              .file("/usr/lib/" + triplet + "/gconv/UTF-16.so", "gconv"),
          Pkg.of("libgcc-s1", "14.2.0-19", arch).preDepends("libc6 (>= 2.35)")
              .file("/usr/lib/" + triplet + "/libgcc_s.so.1", "libgcc"),
          Pkg.of("bash", "5.2", arch).file("/usr/bin/bash", "#!shell"));
    }
    archive.suite("trixie").add(
        Pkg.of("ca-certificates", "20250419", "all").depends("debconf (>= 0.5) | debconf-2.0")
            .file("/usr/share/ca-certificates/mozilla/Alpha_Root.crt", cert),
        Pkg.of("debconf", "1.5.91", "all").provides("debconf-2.0"));
    base = archive.start();
    Files.write(dir.resolve("archive.asc"), KEY.publicKeyringArmored());
    specFile = dir.resolve("app.yaml");
    writeSpec("[base-files, ca-certificates, libc6]", "");
  }

  @AfterEach
  void tearDown() {
    archive.close();
  }

  private void writeSpec(String packages, String extra) throws Exception {
    Files.writeString(specFile, """
        name: app
        archs: [amd64, arm64]
        contents:
          repositories:
            - archive: debian
              suites: [trixie]
              keyring: ./archive.asc
          packages: %s
          exclude: [debconf, debconf-2.0]
        environment: {LANG: C.UTF-8}
        %s""".formatted(packages, extra));
  }

  private BuildStep.Result build(Path cache, Path out) throws Exception {
    try (Downloader downloader = new Downloader(new BlobStore(cache), 4, 2, Duration.ofMillis(1))) {
      MirrorResolver mirrors = new MirrorResolver(Map.of("debian", base), Map.of(), dir.resolve("none"), dir.resolve("none"));
      ResolveStep.Options resolve = new ResolveStep.Options(List.of(), ResolveStep.LockMode.NONE, null, downloader, mirrors, NOW, m -> {});
      return BuildStep.run(SpecLoader.load(specFile), new BuildStep.Options(resolve, out, null, Compression.GZIP, Map.of()));
    }
  }

  private static JsonNode blob(Path layout, String digest) throws Exception {
    return JSON.readTree(layout.resolve("blobs/sha256").resolve(digest.substring("sha256:".length())).toFile());
  }

  /** Path to (type, mode, uid/gid) of every entry in the layer, and file contents. */
  private static Map<String, String> layer(Path layout, String digest) throws Exception {
    Map<String, String> out = new TreeMap<>();
    try (InputStream in = new GZIPInputStream(Files.newInputStream(layout.resolve("blobs/sha256").resolve(digest.substring(7))));
        TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
        String kind = e.isDirectory() ? "d" : e.isSymbolicLink() ? "l:" + e.getLinkName() : e.isLink() ? "h:" + e.getLinkName() : "f";
        String desc = kind + " " + Integer.toOctalString(e.getMode()) + " " + e.getLongUserId() + ":" + e.getLongGroupId()
            + " " + e.getModTime().toInstant().getEpochSecond();
        if (e.isFile() && !e.isSymbolicLink() && !e.isLink()) {
          desc += " " + new String(tar.readAllBytes(), StandardCharsets.UTF_8).lines().findFirst().orElse("");
        }
        out.put(e.getName(), desc);
      }
    }
    return out;
  }

  @Test
  void buildsAHardenedTwoArchImageLayout() throws Exception {
    Path out = dir.resolve("out/app");
    BuildStep.Result r = build(dir.resolve("cache"), out);

    assertThat(r.images()).extracting(BuildStep.ArchImage::arch).containsExactly("amd64", "arm64");
    JsonNode layoutIndex = JSON.readTree(out.resolve("index.json").toFile());
    assertThat(layoutIndex.get("manifests").get(0).get("digest").asText()).isEqualTo(r.digest().toString());
    assertThat(layoutIndex.get("manifests").get(0).get("annotations").get("org.opencontainers.image.ref.name").asText()).isEqualTo("latest");
    JsonNode index = blob(out, r.digest().toString());
    assertThat(index.get("manifests")).hasSize(2);
    assertThat(index.get("manifests").get(1).get("platform").toString()).isEqualTo("{\"os\":\"linux\",\"architecture\":\"arm64\",\"variant\":\"v8\"}");

    JsonNode manifest = blob(out, index.get("manifests").get(0).get("digest").asText());
    JsonNode config = blob(out, manifest.get("config").get("digest").asText());
    assertThat(config.get("config").get("User").asText()).isEqualTo("65532");
    assertThat(config.get("config").get("WorkingDir").asText()).isEqualTo("/home/nonroot");
    assertThat(config.get("config").get("Env").toString()).isEqualTo(
        "[\"LANG=C.UTF-8\",\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\",\"SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt\"]");
    assertThat(config.get("created").asText()).isEqualTo("2023-11-14T22:13:20Z");
    assertThat(config.get("rootfs").get("diff_ids")).hasSize(1);

    Map<String, String> files = layer(out, manifest.get("layers").get(0).get("digest").asText());
    assertThat(files).containsEntry("bin", "l:usr/bin 777 0:0 1700000000")
        .containsEntry("usr/lib/x86_64-linux-gnu/libc.so.6", "f 644 0:0 1700000000 libc for amd64")
        .containsEntry("etc/passwd", "f 644 0:0 1700000000 root:x:0:0:root:/root:/usr/sbin/nologin")
        .containsEntry("home/nonroot/", "d 700 65532:65532 1700000000")
        .containsEntry("tmp/", "d 1777 0:0 1700000000")
        .containsEntry("etc/ssl/certs/ca-certificates.crt", "f 644 0:0 1700000000 -----BEGIN CERTIFICATE-----")
        .containsEntry("usr/share/doc/base-files/copyright", "f 644 0:0 1700000000 fixture base-files")
        .containsKey("var/lib/dpkg/status.d/libc6")
        .doesNotContainKeys("usr/share/doc/base-files/changelog.gz", "usr/share/man/man5/os-release.5.gz",
            "usr/lib/x86_64-linux-gnu/gconv/UTF-16.so", "usr/bin/bash");
    assertThat(files.get("usr/lib/os-release")).startsWith("f 644 0:0 1700000000 PRETTY_NAME=\"basalt (Debian GNU/Linux 13 (trixie))\"");
    assertThat(new java.util.ArrayList<>(files.keySet())).isSorted();
    try (Stream<Path> siblings = Files.list(dir.resolve("out"))) {
      assertThat(siblings.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".app.staging-"))).containsExactly("app");
    }
  }

  @Test
  void sameInputsGiveTheSameDigestWhateverTheCacheAndAGoldenDigestPinsTheFormat() throws Exception {
    BuildStep.Result first = build(dir.resolve("cache-a"), dir.resolve("out-a/app"));
    BuildStep.Result second = build(dir.resolve("cache-b"), dir.resolve("out-b/app"));
    assertThat(second.digest()).isEqualTo(first.digest());
    assertThat(second.images()).extracting(i -> i.manifest().digest()).isEqualTo(first.images().stream().map(i -> i.manifest().digest()).toList());
    // Pins tar layout, gzip bytes, config and manifest serialisation. A change here changes
    // every user's image digests: make it on purpose, never by accident.
    assertThat(first.digest().toString()).isEqualTo(GOLDEN_INDEX_DIGEST);
  }

  static final String GOLDEN_INDEX_DIGEST = "sha256:9fb79c61d2449c2c7e7b415de2eb41a9f7a94e62ae57db57c34666d4551508a4";

  @Test
  void aBuiltLayoutIsSignedUnderItsSpecNameAndVerifies() throws Exception {
    Path out = dir.resolve("out/app");
    BuildStep.Result r = build(dir.resolve("cache"), out);
    ImageLocation.Layout layout = new ImageLocation.Layout(out, null);
    SigningKey key = SigningKey.generate(new java.security.SecureRandom());
    ImageSigner.Result signed = ImageSigner.sign(layout, key, null);
    assertThat(signed.dockerReference()).isEqualTo("app");
    assertThat(signed.signed()).extracting(ImageSigner.Signed::digest).containsExactly(r.digest(),
        r.images().get(0).manifest().digest(), r.images().get(1).manifest().digest());
    SignatureReport report = ImageVerifier.verify(layout, key.publicKey());
    report.requireVerified();
    assertThat(report.platforms()).extracting(SignatureReport.DigestResult::verified).containsExactly(true, true);
    try (ImageSource source = ImageSource.open(layout)) {
      assertThat(source.images()).extracting(SourceImage::arch).containsExactly("amd64", "arm64");
    }
  }


  @Test
  void eachPlatformsSbomsAreReferrersOfItsManifestAndListExactlyTheDpkgStatusPackages() throws Exception {
    Path out = dir.resolve("out/app");
    BuildStep.Result r = build(dir.resolve("cache"), out);
    JsonNode layoutIndex = JSON.readTree(out.resolve("index.json").toFile());
    JsonNode index = blob(out, r.digest().toString());
    // The image, two SBOMs per platform, and the provenance.
    assertThat(layoutIndex.get("manifests")).hasSize(6);
    for (int arch = 0; arch < 2; arch++) {
      String archName = r.images().get(arch).arch();
      JsonNode platformManifest = index.get("manifests").get(arch);
      JsonNode manifest = blob(out, platformManifest.get("digest").asText());
      Set<String> status = new TreeSet<>();
      for (String path : layer(out, manifest.get("layers").get(0).get("digest").asText()).keySet()) {
        if (path.startsWith("var/lib/dpkg/status.d/") && !path.endsWith(".md5sums") && !path.endsWith("/")) {
          status.add(path.substring("var/lib/dpkg/status.d/".length()));
        }
      }
      for (String format : List.of("application/spdx+json", "application/vnd.cyclonedx+json")) {
        JsonNode ref = null;
        for (JsonNode d : layoutIndex.get("manifests")) {
          JsonNode artifact = d.has("artifactType") ? blob(out, d.get("digest").asText()) : null;
          if (artifact != null && d.get("artifactType").asText().equals(format)
              && artifact.get("subject").get("digest").asText().equals(platformManifest.get("digest").asText())) {
            ref = artifact;
          }
        }
        assertThat(ref).as(format + " referrer of " + archName).isNotNull();
        assertThat(ref.get("artifactType").asText()).isEqualTo(format);
        assertThat(ref.get("config").get("mediaType").asText()).isEqualTo("application/vnd.oci.empty.v1+json");
        byte[] doc = Files.readAllBytes(out.resolve("blobs/sha256").resolve(ref.get("layers").get(0).get("digest").asText().substring(7)));
        String fileName = "app-" + archName + (format.contains("spdx") ? ".spdx.json" : ".cdx.json");
        assertThat(Files.readAllBytes(out.resolve("sbom").resolve(fileName))).isEqualTo(doc);
        JsonNode sbom = JSON.readTree(doc);
        Set<String> listed = new TreeSet<>();
        if (format.contains("spdx")) {
          assertThat(dev.basalt.sbom.SbomSchemas.spdxErrors(doc)).isEmpty();
          for (JsonNode p : sbom.get("packages")) {
            if (p.get("externalRefs").get(0).get("referenceLocator").asText().startsWith("pkg:deb/")) {
              listed.add(p.get("name").asText());
            }
          }
        } else {
          assertThat(dev.basalt.sbom.SbomSchemas.cycloneDxErrors(doc)).isEmpty();
          assertThat(sbom.get("metadata").get("component").get("purl").asText())
              .startsWith("pkg:oci/app@" + platformManifest.get("digest").asText());
          for (JsonNode c : sbom.get("components")) {
            if (c.has("purl") && c.get("purl").asText().startsWith("pkg:deb/")) {
              listed.add(c.get("name").asText());
            }
          }
        }
        assertThat(listed).as(format + " packages of " + archName).isEqualTo(status);
      }
    }
    // The runtime profile: a Pod manifest beside the image's files, summarised on the index.
    String pod = Files.readString(out.resolve("app.runtime.yaml"));
    assertThat(pod).contains("  name: app\n", "image: app@" + r.digest(), "readOnlyRootFilesystem: true", "runAsUser: 65532");
    assertThat(index.get("annotations").get("dev.basalt.runtime.profile").asText())
        .startsWith("runAsNonRoot=true,runAsUser=65532,runAsGroup=65532,readOnlyRootFilesystem=true");
    // The layout, referrers and all, still reads as one image per platform.
    try (ImageSource source = ImageSource.open(ImageLocation.parse("oci:" + out))) {
      assertThat(source.images()).extracting(SourceImage::arch).containsExactly("amd64", "arm64");
    }
  }

  @Test
  void theGateLeavesWhatItInspectedAsTheLayersCacheEntryAndItMatchesTheLayer() throws Exception {
    Path out = dir.resolve("out/app");
    build(dir.resolve("cache"), out);
    LayerChangesCache cache = new LayerChangesCache(dir.resolve("cache"));
    try (ImageSource source = ImageSource.open(ImageLocation.parse("oci:" + out))) {
      for (SourceImage image : source.images()) {
        Path entry = dir.resolve("cache/layer-changes/audit-1").resolve(image.layers().get(0).digest().hex());
        assertThat(entry).as("cache entry of the " + image.arch() + " layer").exists();
        FlatFilesystem fromLayer = LayerApplier.flatten(source, image, new dev.basalt.audit.AuditInspector());
        FlatFilesystem fromGate = LayerApplier.flatten(source, image, new dev.basalt.audit.AuditInspector(), cache);
        assertThat(describe(fromGate)).isEqualTo(describe(fromLayer));
      }
    }
  }

  private static List<String> describe(FlatFilesystem fs) {
    return fs.files().stream().map(f -> f.path() + " " + f.type() + " " + Integer.toOctalString(f.mode()) + " " + f.uid()
        + ":" + f.gid() + " " + f.size() + " " + f.linkTarget() + " " + f.marks() + " "
        + (f.content() == null ? "-" : Digest.of(f.content()).hex())).toList();
  }

  @Test
  void everyBuildAttachesItsSlsaProvenanceNamingArchivesNotMirrors() throws Exception {
    Path out = dir.resolve("out/app");
    BuildStep.Result r = build(dir.resolve("cache"), out);
    JsonNode layoutIndex = JSON.readTree(out.resolve("index.json").toFile());
    JsonNode referrer = null;
    for (JsonNode d : layoutIndex.get("manifests")) {
      if ("application/vnd.in-toto+json".equals(d.path("artifactType").asText())) {
        referrer = blob(out, d.get("digest").asText());
      }
    }
    assertThat(referrer).isNotNull();
    assertThat(referrer.get("subject").get("digest").asText()).isEqualTo(r.digest().toString());
    JsonNode statement = JSON.readTree(Files.readAllBytes(out.resolve("blobs/sha256")
        .resolve(referrer.get("layers").get(0).get("digest").asText().substring(7))));
    assertThat(statement).isEqualTo(JSON.readTree(r.provenance().toJson()));
    assertThat(statement.get("predicateType").asText()).isEqualTo("https://slsa.dev/provenance/v1");
    assertThat(statement.get("subject").findValuesAsText("name")).containsExactly("app", "app@linux/amd64",
        "app@linux/arm64/v8");
    JsonNode deps = statement.get("predicate").get("buildDefinition").get("resolvedDependencies");
    // Three packages per architecture, ca-certificates (arch all) once, and the one suite's InRelease.
    assertThat(deps).hasSize(8);
    assertThat(deps.toString()).contains("pkg:deb/debian/libc6@2.41-12?arch=amd64", "debian:trixie/InRelease")
        .doesNotContain("127.0.0.1", "http");
    assertThat(statement.get("predicate").get("runDetails").get("metadata").get("startedOn").asText())
        .isEqualTo("2023-11-14T22:13:20Z");
  }

  @Test
  void aShellWithoutAllowShellFailsAndLeavesThePreviousOutput() throws Exception {
    Path out = dir.resolve("out/app");
    BuildStep.Result good = build(dir.resolve("cache"), out);
    writeSpec("[base-files, ca-certificates, libc6, bash]", "");
    assertThatThrownBy(() -> build(dir.resolve("cache"), out))
        .hasMessageContaining("bash")
        .hasMessageContaining("allow-shell: true");
    assertThat(JSON.readTree(out.resolve("index.json").toFile()).get("manifests").get(0).get("digest").asText())
        .isEqualTo(good.digest().toString());
    try (Stream<Path> siblings = Files.list(dir.resolve("out"))) {
      assertThat(siblings.map(p -> p.getFileName().toString()).filter(n -> n.contains("staging")).count()).isEqualTo(1);
    }

    writeSpec("[base-files, ca-certificates, libc6, bash]", "harden: {allow-shell: true, reason: a debug variant}\n");
    BuildStep.Result debug = build(dir.resolve("cache"), out);
    assertThat(debug.images().get(0).notes()).anyMatch(n -> n.contains("/usr/bin/bash"));
  }

  @Test
  void theAuditGateRefusesASecretInTheEnvironmentUnlessTheSpecWaivesIt() throws Exception {
    Path out = dir.resolve("out/app");
    BuildStep.Result good = build(dir.resolve("cache"), out);
    String token = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8";
    Files.writeString(specFile, Files.readString(specFile).replace("environment: {LANG: C.UTF-8}",
        "environment: {LANG: C.UTF-8, GITHUB_TOKEN: " + token + "}"));
    assertThatThrownBy(() -> build(dir.resolve("cache"), out))
        .isInstanceOf(AuditGateException.class)
        .hasMessageContaining("fails the audit (1 finding at warn or above); nothing was written")
        .hasMessageContaining("FATAL  secret-env")
        .hasMessageContaining("Env GITHUB_TOKEN holds a GitHub token (value not shown)")
        .hasMessageNotContaining(token)
        .satisfies(e -> {
          AuditReport report = ((AuditGateException) e).report();
          assertThat(report.grade()).isEqualTo("D");
          assertThat(report.findings()).extracting(f -> f.rule().id())
              .containsExactly("secret-env", "no-healthcheck", "stale", "absolute-symlinks");
        });
    assertThat(JSON.readTree(out.resolve("index.json").toFile()).get("manifests").get(0).get("digest").asText())
        .isEqualTo(good.digest().toString());

    Files.writeString(specFile, Files.readString(specFile)
        + "audit: {waive: {secret-env: a revoked token kept to test scanners}}\n");
    BuildStep.Result waived = build(dir.resolve("cache"), out);
    assertThat(waived.images().get(0).notes())
        .contains("audit 0 fatal, 0 warn, 3 info, 1 waived, 23 passed; grade A")
        .contains("audit: secret-env waived (a revoked token kept to test scanners): Env GITHUB_TOKEN holds a GitHub"
            + " token (value not shown)");
  }

  @Test
  void aStricterFailLevelRefusesInfoFindings() throws Exception {
    writeSpec("[base-files, ca-certificates, libc6]", "audit: {fail-level: info}\n");
    assertThatThrownBy(() -> build(dir.resolve("cache"), dir.resolve("out/strict")))
        .isInstanceOf(AuditGateException.class)
        .hasMessageContaining("at info or above")
        .hasMessageContaining("INFO   no-healthcheck");
    assertThat(dir.resolve("out/strict")).doesNotExist();
  }

  @Test
  void sourceDateEpochOverridesThePackagesNewestMtime() throws Exception {
    try (Downloader downloader = new Downloader(new BlobStore(dir.resolve("cache")), 4, 2, Duration.ofMillis(1))) {
      MirrorResolver mirrors = new MirrorResolver(Map.of("debian", base), Map.of(), dir.resolve("none"), dir.resolve("none"));
      ResolveStep.Options resolve = new ResolveStep.Options(List.of("amd64"), ResolveStep.LockMode.NONE, null, downloader, mirrors, NOW, m -> {});
      BuildStep.Result r = BuildStep.run(SpecLoader.load(specFile), new BuildStep.Options(
          resolve, dir.resolve("out/e"), null, Compression.GZIP, Map.of("SOURCE_DATE_EPOCH", "1600000000")));
      assertThat(r.images()).singleElement().satisfies(i -> assertThat(i.epoch()).isEqualTo(1_600_000_000L));
      assertThatThrownBy(() -> BuildStep.run(SpecLoader.load(specFile), new BuildStep.Options(
              resolve, dir.resolve("out/e"), null, Compression.GZIP, Map.of("SOURCE_DATE_EPOCH", "yesterday"))))
          .hasMessage("SOURCE_DATE_EPOCH must be a non-negative number of seconds, not 'yesterday'");
    }
  }
}
