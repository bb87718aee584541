package dev.basalt.vuln;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.build.BuildStep;
import dev.basalt.build.ResolveStep;
import dev.basalt.cache.BlobStore;
import dev.basalt.cache.Downloader;
import dev.basalt.image.ImageLocation;
import dev.basalt.oci.Compression;
import dev.basalt.spec.SpecLoader;
import dev.basalt.testkit.LiveArchive;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code base} preset, built from the live archive, scanned from disk: trixie stays on
 * glibc 2.41 for its whole life, so a record open until 2.42 must match libc6 (through its source
 * glibc), and records fixed in 2.41-1 or about Debian 12 must not.
 */
class LiveScanTest {
  static String record(String id, String ecosystem, String fixed) {
    return "{\"id\": \"" + id + "\", \"affected\": [{\"package\": {\"ecosystem\": \"" + ecosystem + "\", \"name\":"
        + " \"glibc\"}, \"ranges\": [{\"type\": \"ECOSYSTEM\", \"events\": [{\"introduced\": \"0\"}, {\"fixed\": \""
        + fixed + "\"}]}]}], \"severity\": [{\"type\": \"CVSS_V3\", \"score\":"
        + " \"CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H\"}]}";
  }

  @Test
  void theBasePresetMatchesGlibcRecordsByItsRealVersion(@TempDir Path dir) throws Exception {
    var mirrors = LiveArchive.requireMirrors();
    Path db = Files.createDirectories(dir.resolve("db"));
    Files.writeString(db.resolve("open.json"), record("BASALT-LIVE-OPEN", "Debian:13", "2.42-1"), StandardCharsets.UTF_8);
    Files.writeString(db.resolve("fixed.json"), record("BASALT-LIVE-FIXED", "Debian:13", "2.41-1"));
    Files.writeString(db.resolve("bookworm.json"), record("BASALT-LIVE-BOOKWORM", "Debian:12", "2.42-1"));
    try (Downloader downloader = new Downloader(new BlobStore(Path.of(System.getProperty("basalt.cache",
        "target/test-cache"), "live")))) {
      ResolveStep.Options resolve = new ResolveStep.Options(List.of("amd64"), ResolveStep.LockMode.NONE, null,
          downloader, mirrors, Clock.systemUTC(), m -> {});
      BuildStep.run(SpecLoader.load(LiveArchive.presets().resolve("base.yaml")),
          new BuildStep.Options(resolve, dir.resolve("base"), null, Compression.GZIP, Map.of()));
    }
    List<ScanReport> reports = ImageScanner.scan(ImageLocation.parse("oci:" + dir.resolve("base") + ":latest"), "amd64",
        VulnDatabase.load(db), VexStatements.NONE, null);
    ScanReport r = reports.get(0);
    assertThat(r.release()).isEqualTo("13");
    assertThat(r.findings()).extracting(VulnFinding::id).containsOnly("BASALT-LIVE-OPEN");
    assertThat(r.findings()).extracting(VulnFinding::pkg).contains("libc6");
    VulnFinding libc6 = r.findings().stream().filter(f -> f.pkg().equals("libc6")).findFirst().orElseThrow();
    assertThat(libc6.source()).isEqualTo("glibc");
    assertThat(libc6.sourceVersion()).startsWith("2.41-");
    assertThat(libc6.fixed()).isEqualTo("2.42-1");
    assertThat(libc6.level()).isEqualTo(Level.HIGH);
    assertThat(libc6.score()).isEqualTo(7.8);
    assertThat(libc6.applies()).isTrue();
  }
}
