package dev.basalt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.cache.CacheVerifier;
import dev.basalt.cache.Digest;
import dev.basalt.fs.OutputSwap;
import dev.basalt.testkit.FaultFixture;
import dev.basalt.testkit.FixtureArchive;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills real builds (separate processes) with SIGKILL at random points, many times, and checks
 * after each kill that the cache verifies with no bad entry, the previous output is complete with
 * its digest unchanged, and a rerun gives the undisturbed build's digest. Repetitions:
 * {@code -Dbasalt.kill9.repetitions=N} (default 30); seed: {@code -Dbasalt.kill9.seed=S}
 * (default: the clock, printed so that a failure can be replayed).
 */
class KillNineTest {
  static final int REPETITIONS = Integer.getInteger("basalt.kill9.repetitions", 30);
  static final long SEED = Long.getLong("basalt.kill9.seed", System.currentTimeMillis());

  @TempDir Path dir;
  FixtureArchive archive;
  String mirror;
  Path spec;

  @BeforeEach
  void setUp() throws Exception {
    archive = FaultFixture.archive(2 << 20);
    mirror = FaultFixture.mirror(archive.start());
    spec = FaultFixture.writeSpec(dir);
  }

  @AfterEach
  void tearDown() {
    archive.close();
  }

  @Test
  void aKilledBuildNeverCorruptsTheCacheOrThePreviousOutput() throws Exception {
    Path cache = dir.resolve("cache");
    Path out = dir.resolve("out/app");
    long coldMillis = timedBuild(cache, out, "first");
    Digest undisturbed = Digest.parse(new ObjectMapper().readTree(Files.readString(dir.resolve("first.log")))
        .get("digest").asText());
    assertThat(LayoutCheck.completeRoot(out)).isEqualTo(undisturbed);
    // Kills are spread over the length of the build they interrupt: a warm one is much shorter.
    long warmMillis = timedBuild(cache, out, "second");
    assertThat(LayoutCheck.completeRoot(out)).isEqualTo(undisturbed);

    Random random = new Random(SEED);
    System.out.printf("kill-9 harness: seed %d, %d repetitions, undisturbed builds %d ms cold, %d ms warm%n",
        SEED, REPETITIONS, coldMillis, warmMillis);
    int killed = 0;
    int tempsLeft = 0;
    for (int i = 0; i < REPETITIONS; i++) {
      boolean cold = i % 3 == 0;
      if (cold) {
        OutputSwap.deleteTree(cache);
      }
      long delay = (long) (random.nextDouble() * (cold ? coldMillis : warmMillis) * 1.1);
      Path log = dir.resolve("kill-" + i + ".log");
      Process build = BuildProcess.start(spec, mirror, cache, out, log);
      boolean finished = build.waitFor(delay, TimeUnit.MILLISECONDS);
      if (!finished) {
        build.destroyForcibly();
        build.waitFor();
        killed++;
      } else {
        assertThat(build.exitValue()).as(Files.readString(log)).isZero();
      }
      String what = "repetition " + i + " (" + (cold ? "cold" : "warm") + " cache, SIGKILL after " + delay + " ms"
          + (finished ? ", build finished first" : "") + ", seed " + SEED + ")";

      CacheVerifier.Report report = CacheVerifier.verify(cache, false);
      assertThat(report.bad()).as(what).isEmpty();
      tempsLeft += report.temps().size();
      assertThat(LayoutCheck.completeRoot(out)).as(what).isEqualTo(undisturbed);

      assertThat(rerun(cache, out)).as(what).isEqualTo(undisturbed);
      assertThat(LayoutCheck.completeRoot(out)).as(what).isEqualTo(undisturbed);
      assertThat(CacheVerifier.verify(cache, false).bad()).as(what).isEmpty();
    }
    System.out.printf("kill-9 harness: %d of %d builds killed mid-way (the rest finished first), "
        + "%d leftover temp files seen, 0 bad cache entries, every rerun %s%n", killed, REPETITIONS, tempsLeft, undisturbed);
    assertThat(killed).as("kills that landed while a build ran").isPositive();
  }

  /** Runs an undisturbed build process to its end; returns how long it took. */
  private long timedBuild(Path cache, Path out, String name) throws Exception {
    long started = System.nanoTime();
    Process p = BuildProcess.start(spec, mirror, cache, out, dir.resolve(name + ".log"));
    assertThat(p.waitFor()).as(Files.readString(dir.resolve(name + ".log"))).isZero();
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
  }

  /** A build in this JVM with {@code cache} as basalt's cache; returns its digest. */
  private Digest rerun(Path cache, Path out) throws Exception {
    BuildProcess.Outcome o = BuildProcess.runInProcess(cache,
        "build", spec.toString(), "--mirror", mirror, "--out", out.toString(), "--json");
    assertThat(o.code()).as(o.stderr()).isZero();
    return Digest.parse(new ObjectMapper().readTree(o.stdout()).get("digest").asText());
  }
}
