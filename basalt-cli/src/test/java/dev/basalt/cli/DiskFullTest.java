package dev.basalt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.cache.CacheVerifier;
import dev.basalt.testkit.FaultFixture;
import dev.basalt.testkit.FixtureArchive;
import dev.basalt.testkit.SmallTmpfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A build that runs out of space (a small tmpfs as its output or its cache directory) fails
 * with exit 1 and a message saying so and where, and leaves no partial output and no partial
 * cache entry. Skipped, saying why, where a tmpfs cannot be mounted.
 */
class DiskFullTest {
  /** Incompressible package content, larger than every tmpfs here. */
  static final int BULK = 3 << 20;

  @TempDir Path dir;
  FixtureArchive archive;
  String mirror;
  Path spec;

  @BeforeEach
  void setUp() throws Exception {
    archive = FaultFixture.archive(BULK);
    mirror = FaultFixture.mirror(archive.start());
    spec = FaultFixture.writeSpec(dir);
  }

  @AfterEach
  void tearDown() {
    archive.close();
  }

  @Test
  void aFullOutputDiskFailsTheBuildAndLeavesNoPartialOutput() throws Exception {
    try (SmallTmpfs disk = SmallTmpfs.mount(dir.resolve("disk"), 1024)) {
      Path out = disk.path().resolve("out/app");

      BuildProcess.Outcome o = build(dir.resolve("cache"), out);

      assertThat(o.code()).as(o.stderr()).isEqualTo(1);
      assertThat(o.stderr()).startsWith("basalt: error: writing the image to " + out + " failed: ")
          .contains("No space left on device");
      assertThat(o.stderr()).doesNotContain("\tat ");
      assertThat(filesIn(disk.path())).isEmpty();
      assertThat(CacheVerifier.verify(dir.resolve("cache"), false).clean()).isTrue();
    }
  }

  /** 1 MiB: the package download does not fit; 4 MiB: it does, unpacking its files does not. */
  @ParameterizedTest(name = "{0} KiB cache")
  @ValueSource(ints = {1024, 4096})
  void aFullCacheDiskFailsTheBuildAndLeavesNoPartialEntry(int kib) throws Exception {
    try (SmallTmpfs disk = SmallTmpfs.mount(dir.resolve("disk"), kib)) {
      Path cache = disk.path().resolve("cache");
      Path out = dir.resolve("out/app");

      BuildProcess.Outcome o = build(cache, out);

      assertThat(o.code()).as(o.stderr()).isEqualTo(1);
      assertThat(o.stderr()).startsWith("basalt: error: ")
          .contains("cannot write")
          .contains(cache.toString())
          .contains("No space left on device")
          .contains("check free space");
      assertThat(o.stderr()).doesNotContain("\tat ");
      CacheVerifier.Report report = CacheVerifier.verify(cache, false);
      assertThat(report.bad()).isEmpty();
      assertThat(report.temps()).isEmpty();
      assertThat(Files.exists(out)).isFalse();
      assertThat(filesIn(dir.resolve("out"))).isEmpty();
    }
  }

  private BuildProcess.Outcome build(Path cache, Path out) {
    return BuildProcess.runInProcess(cache, "build", spec.toString(), "--mirror", mirror, "--out", out.toString());
  }

  /** Every file or link under {@code root} (directories alone are no output). */
  private static List<Path> filesIn(Path root) throws Exception {
    if (!Files.exists(root)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(p -> !Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).toList();
    }
  }
}
