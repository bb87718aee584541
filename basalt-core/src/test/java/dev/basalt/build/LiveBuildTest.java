package dev.basalt.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.cache.BlobStore;
import dev.basalt.cache.Downloader;
import dev.basalt.debian.MirrorResolver;
import dev.basalt.oci.Compression;
import dev.basalt.spec.SpecLoader;
import dev.basalt.testkit.ExternalTool;
import dev.basalt.testkit.ImageRunner;
import dev.basalt.testkit.LiveArchive;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped presets built for real from the signed Debian archive, then checked with the
 * tools of the ecosystem (oci-image-tool, skopeo) and run with umoci + runc as 65532 on a
 * read-only root with no capabilities.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveBuildTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final long MIB = 1024 * 1024;

  @TempDir Path dir;
  Downloader downloader;
  MirrorResolver mirrors;

  @BeforeAll
  void cache() {
    downloader = new Downloader(new BlobStore(Path.of(System.getProperty("basalt.cache", "target/test-cache"), "live")));
  }

  @AfterAll
  void close() {
    downloader.close();
  }

  private BuildStep.Result build(String preset, Path out) throws Exception {
    mirrors = LiveArchive.requireMirrors();
    ResolveStep.Options resolve = new ResolveStep.Options(List.of(), ResolveStep.LockMode.NONE, null, downloader, mirrors,
        Clock.systemUTC(), m -> {});
    return BuildStep.run(SpecLoader.load(LiveArchive.presets().resolve(preset + ".yaml")),
        new BuildStep.Options(resolve, out, null, Compression.GZIP, Map.of()));
  }

  private static Path blob(Path layout, String digest) {
    return layout.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
  }

  @Test
  void baseIsValidOciForBothArchesAndWithinItsSizeBudget() throws Exception {
    Path out = dir.resolve("base");
    BuildStep.Result r = build("base", out);
    LiveRuntimePresetsTest.assertAuditedFromDisk(out, "base");
    LiveRuntimePresetsTest.assertPresetTestsPass(out, "base");
    BuildStep.ArchImage amd64 = r.images().get(0);
    assertThat(amd64.arch()).isEqualTo("amd64");
    assertThat(amd64.compressedSize()).as("base amd64 compressed").isLessThanOrEqualTo(6 * MIB);
    System.out.printf("[live] base %s: amd64 %d bytes compressed, %d uncompressed; arm64 %d compressed%n", r.digest(),
        amd64.compressedSize(), amd64.uncompressedSize(), r.images().get(1).compressedSize());

    ExternalTool validator = ExternalTool.require("oci-image-tool");
    ExternalTool.Result index = validator.run("validate", "--type", "imageIndex", blob(out, r.digest().toString()).toString());
    assertThat(index.exitCode()).as(index.toString()).isZero();
    JsonNode indexJson = JSON.readTree(blob(out, r.digest().toString()).toFile());
    for (JsonNode m : indexJson.get("manifests")) {
      Path manifest = blob(out, m.get("digest").asText());
      assertThat(validator.run("validate", "--type", "manifest", manifest.toString()).exitCode()).isZero();
      Path config = blob(out, JSON.readTree(manifest.toFile()).get("config").get("digest").asText());
      ExternalTool.Result c = validator.run("validate", "--type", "config", config.toString());
      assertThat(c.exitCode()).as(c.toString()).isZero();
    }

    ExternalTool skopeo = ExternalTool.require("skopeo");
    for (String arch : List.of("amd64", "arm64")) {
      ExternalTool.Result inspect = skopeo.run("--override-arch", arch, "inspect", "oci:" + out + ":latest");
      assertThat(inspect.exitCode()).as(inspect.toString()).isZero();
      JsonNode info = JSON.readTree(inspect.stdout());
      assertThat(info.get("Architecture").asText()).isEqualTo(arch);
      assertThat(info.get("Os").asText()).isEqualTo("linux");
    }
  }

  @Test
  void baseRunsAsNonrootOnAReadOnlyRootAndResolvesLibssl() throws Exception {
    String missing = ImageRunner.missingTools();
    assumeTrue(missing == null, () -> "runtime test skipped: " + missing);
    Path out = dir.resolve("base-run");
    build("base", out);
    Path bundle = ImageRunner.unpack(out, "latest", "amd64", dir.resolve("work-base"));
    JsonNode config = JSON.readTree(bundle.resolve("config.json").toFile());
    assertThat(config.get("process").get("user").get("uid").asInt()).isEqualTo(65532);

    ImageRunner.Result ldd = ImageRunner.run(bundle, List.of(
        "/usr/lib64/ld-linux-x86-64.so.2", "--list", "/usr/lib/x86_64-linux-gnu/libssl.so.3"));
    assertThat(ldd.exitCode()).as(ldd.stderr()).isZero();
    assertThat(ldd.stdout()).contains("libcrypto.so.3 => ").contains("libc.so.6 => ").doesNotContain("not found");

    ImageRunner.Result shell = ImageRunner.run(bundle, List.of("/bin/sh", "-c", "true"));
    assertThat(shell.exitCode()).as("no shell in base").isNotZero();
  }

  @Test
  void ccRunsAndResolvesLibstdcxx() throws Exception {
    String missing = ImageRunner.missingTools();
    assumeTrue(missing == null, () -> "runtime test skipped: " + missing);
    Path out = dir.resolve("cc");
    build("cc", out);
    LiveRuntimePresetsTest.assertAuditedFromDisk(out, "cc");
    LiveRuntimePresetsTest.assertPresetTestsPass(out, "cc");
    Path bundle = ImageRunner.unpack(out, "latest", "amd64", dir.resolve("work-cc"));
    ImageRunner.Result ldd = ImageRunner.run(bundle, List.of(
        "/usr/lib64/ld-linux-x86-64.so.2", "--list", "/usr/lib/x86_64-linux-gnu/libstdc++.so.6"));
    assertThat(ldd.exitCode()).as(ldd.stderr()).isZero();
    assertThat(ldd.stdout()).contains("libm.so.6 => ").contains("libgcc_s.so.1 => ").doesNotContain("not found");
  }

  @Test
  void staticIsUnderOneMebibyteAndRebuildsToTheSameDigestFromAnotherCache() throws Exception {
    BuildStep.Result first = build("static", dir.resolve("static-a"));
    LiveRuntimePresetsTest.assertAuditedFromDisk(dir.resolve("static-a"), "static");
    LiveRuntimePresetsTest.assertPresetTestsPass(dir.resolve("static-a"), "static");
    assertThat(first.images().get(0).compressedSize()).as("static amd64 compressed").isLessThanOrEqualTo(MIB);
    try (Downloader other = new Downloader(new BlobStore(dir.resolve("other-cache")))) {
      ResolveStep.Options resolve = new ResolveStep.Options(List.of(), ResolveStep.LockMode.NONE, null, other, mirrors,
          Clock.systemUTC(), m -> {});
      BuildStep.Result second = BuildStep.run(SpecLoader.load(LiveArchive.presets().resolve("static.yaml")),
          new BuildStep.Options(resolve, dir.resolve("static-b"), null, Compression.GZIP, Map.of()));
      assertThat(second.digest()).isEqualTo(first.digest());
    }
    assertThat(Files.isSymbolicLink(dir.resolve("static-a"))).isTrue();
  }
}
