package dev.basalt.update;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basalt.build.ResolveStep;
import dev.basalt.cache.BlobStore;
import dev.basalt.cache.Downloader;
import dev.basalt.debian.MirrorResolver;
import dev.basalt.lock.LockFile;
import dev.basalt.lock.LockFiles;
import dev.basalt.spec.ImageSpec;
import dev.basalt.spec.SpecLoader;
import dev.basalt.testkit.LiveArchive;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code outdated} and {@code lock --update} on the shipped base preset, against the real archive. */
class LiveOutdatedTest {
  static Downloader downloader;

  @TempDir Path dir;

  @BeforeAll
  static void cache() {
    downloader = new Downloader(new BlobStore(Path.of(System.getProperty("basalt.cache", "target/test-cache"), "live")));
  }

  @AfterAll
  static void close() {
    downloader.close();
  }

  private ResolveStep.Options options(MirrorResolver mirrors) {
    return new ResolveStep.Options(List.of(), ResolveStep.LockMode.NONE, null, downloader, mirrors, Clock.systemUTC(),
        m -> { });
  }

  private Outdated.Options outdated(MirrorResolver mirrors) {
    return new Outdated.Options(null, null, Map.of(), downloader, mirrors, Clock.systemUTC(), m -> { });
  }

  @Test
  void aFreshLockHasNothingPendingAndAnAgedOneIsCaughtUpWithItsCves() throws Exception {
    MirrorResolver mirrors = LiveArchive.requireMirrors();
    Path specFile = Files.copy(LiveArchive.presets().resolve("base.yaml"), dir.resolve("base.yaml"));
    ImageSpec spec = SpecLoader.load(specFile);
    ResolveStep.Result fresh = ResolveStep.resolveFresh(spec, spec.archs(), options(mirrors));
    LockFile lock = LockFiles.of(spec, fresh.suites(), fresh.resolutions());
    Path lockFile = LockFiles.besideSpec(specFile);
    LockFiles.write(lock, lockFile);
    int pinned = lock.archs().values().stream().mapToInt(List::size).sum();

    OutdatedReport report = Outdated.run(lockFile.toString(), outdated(mirrors));
    assertThat(report.suites()).containsExactly("debian trixie", "debian trixie-updates", "debian-security trixie-security");
    assertThat(report.summary()).isEqualTo(new OutdatedReport.Summary(pinned, 0, 0, 0));
    assertThat(report.securityPending()).isFalse();
    assertThat(Outdated.run(specFile.toString(), outdated(mirrors)).summary()).isEqualTo(report.summary());

    // Age the lock: libssl3t64 at a version older than any trixie ever had.
    String current = lock.archs().get("amd64").stream().filter(p -> p.name().equals("libssl3t64")).findFirst()
        .orElseThrow().version();
    ObjectMapper json = new ObjectMapper();
    ObjectNode aged = (ObjectNode) json.readTree(lockFile.toFile());
    aged.get("archs").forEach(arch -> arch.forEach(p -> {
      if (p.get("name").asText().equals("libssl3t64")) {
        ((ObjectNode) p).put("version", "3.5.0-1").put("sourceVersion", "3.5.0-1");
      }
    }));
    json.writeValue(lockFile.toFile(), aged);
    OutdatedReport stale = Outdated.run(lockFile.toString(), outdated(mirrors));
    assertThat(stale.summary().outdated()).isEqualTo(lock.archs().size());
    assertThat(stale.packages()).filteredOn(OutdatedReport.Row::outdated)
        .allSatisfy(r -> {
          assertThat(r.name()).isEqualTo("libssl3t64");
          assertThat(r.newest()).isEqualTo(current);
        });

    LockChangeReport update = LockUpdate.run(spec, lockFile, options(mirrors));
    assertThat(update.added()).isEmpty();
    assertThat(update.removed()).isEmpty();
    assertThat(update.changed()).hasSize(lock.archs().size()).allSatisfy(c -> {
      assertThat(c.name()).isEqualTo("libssl3t64");
      assertThat(c.from()).isEqualTo("3.5.0-1");
      assertThat(c.to()).isEqualTo(current);
      assertThat(c.changelogs()).containsExactly("libssl3t64_" + current + "_" + c.arch()
          + ":/usr/share/doc/libssl3t64/changelog.Debian.gz");
      // openssl 3.5.0-2 and every trixie-security upload since name CVEs in their changelog entries.
      assertThat(c.cves()).isNotEmpty().allMatch(id -> id.matches("CVE-\\d{4}-\\d{4,}"));
    });
    assertThat(LockFiles.read(lockFile)).isEqualTo(lock);
  }
}
