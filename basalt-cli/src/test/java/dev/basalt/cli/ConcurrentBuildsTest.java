package dev.basalt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.cache.CacheVerifier;
import dev.basalt.cache.Digest;
import dev.basalt.testkit.FaultFixture;
import dev.basalt.testkit.FixtureArchive;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several builds, each a process of its own, share one cold cache at once: each blob is
 * downloaded once (the others wait on its lock and use it), nothing in the cache is bad, and
 * every build gives the digest a build alone gives. The mirror answers blobs slowly so that the
 * builds' downloads overlap. Rounds: {@code -Dbasalt.concurrency.rounds=N} (default 2).
 */
class ConcurrentBuildsTest {
  static final int BUILDS = 3;
  static final int ROUNDS = Integer.getInteger("basalt.concurrency.rounds", 2);

  @TempDir Path dir;
  FixtureArchive archive;
  String mirror;
  Path spec;

  @BeforeEach
  void setUp() throws Exception {
    archive = FaultFixture.archive(1 << 20);
    mirror = FaultFixture.mirror(archive.start());
    spec = FaultFixture.writeSpec(dir);
  }

  @AfterEach
  void tearDown() {
    archive.close();
  }

  @Test
  void buildsSharingACacheDownloadEachBlobOnceAndAgreeWithASerialBuild() throws Exception {
    Digest serial = build(dir.resolve("serial-cache"), dir.resolve("serial/app"), "serial");
    List<String> blobs = new ArrayList<>(FaultFixture.fetchedPaths(archive));
    blobs.removeIf(p -> p.endsWith("/InRelease"));
    for (String blob : blobs) {
      archive.delay(blob, Duration.ofMillis(1500));
    }

    for (int round = 0; round < ROUNDS; round++) {
      Path cache = dir.resolve("shared-cache-" + round);
      Map<String, Integer> before = archive.hitsByPath();
      List<Process> running = new ArrayList<>();
      List<Path> logs = new ArrayList<>();
      for (int i = 0; i < BUILDS; i++) {
        Path log = dir.resolve("round-" + round + "-build-" + i + ".log");
        logs.add(log);
        running.add(BuildProcess.start(spec, mirror, cache, dir.resolve("out-" + round + "-" + i + "/app"), log));
      }
      for (int i = 0; i < BUILDS; i++) {
        assertThat(running.get(i).waitFor()).as(Files.readString(logs.get(i))).isZero();
        assertThat(digestIn(logs.get(i))).as("round %d build %d", round, i).isEqualTo(serial);
        assertThat(LayoutCheck.completeRoot(dir.resolve("out-" + round + "-" + i + "/app"))).isEqualTo(serial);
      }
      Map<String, Integer> after = archive.hitsByPath();
      for (String blob : blobs) {
        assertThat(after.getOrDefault(blob, 0) - before.getOrDefault(blob, 0))
            .as("downloads of %s in round %d", blob, round).isEqualTo(1);
      }
      assertThat(after.get("/debian/dists/trixie/InRelease") - before.getOrDefault("/debian/dists/trixie/InRelease", 0))
          .as("the InRelease is not cached: each build reads it").isEqualTo(BUILDS);
      CacheVerifier.Report report = CacheVerifier.verify(cache, false);
      assertThat(report.bad()).isEmpty();
      assertThat(report.temps()).isEmpty();
    }
    System.out.printf("concurrency: %d rounds of %d builds sharing a cold cache, %d blobs each downloaded once per round%n",
        ROUNDS, BUILDS, blobs.size());
  }

  private Digest build(Path cache, Path out, String name) throws Exception {
    Path log = dir.resolve(name + ".log");
    Process p = BuildProcess.start(spec, mirror, cache, out, log);
    assertThat(p.waitFor()).as(Files.readString(log)).isZero();
    return digestIn(log);
  }

  private static Digest digestIn(Path log) throws Exception {
    String text = Files.readString(log);
    return Digest.parse(new ObjectMapper().readTree(text.substring(text.indexOf('{'))).get("digest").asText());
  }
}
