package dev.basalt.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.cache.BlobStore;
import dev.basalt.cache.Downloader;
import dev.basalt.debian.MirrorResolver;
import dev.basalt.debian.Resolution;
import dev.basalt.lock.LockFile;
import dev.basalt.lock.LockFiles;
import dev.basalt.spec.ImageSpec;
import dev.basalt.spec.SpecLoader;
import dev.basalt.testkit.LiveArchive;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped presets resolved against the real, signed Debian archive, for both arches. */
class LivePresetsTest {
  /** What no preset may contain: shells, perl, debconf, awk, apt, dpkg. */
  static final Set<String> FORBIDDEN = Set.of("bash", "dash", "busybox", "zsh", "perl", "perl-base",
      "debconf", "cdebconf", "mawk", "gawk", "original-awk", "apt", "dpkg", "coreutils", "util-linux", "openssl");

  static Downloader downloader;

  @BeforeAll
  static void cache() {
    Path root = Path.of(System.getProperty("basalt.cache", "target/test-cache"), "live");
    downloader = new Downloader(new BlobStore(root));
  }

  @AfterAll
  static void close() {
    downloader.close();
  }

  private static Map<String, Set<String>> resolve(String preset, MirrorResolver mirrors) throws Exception {
    ImageSpec spec = SpecLoader.load(LiveArchive.presets().resolve(preset + ".yaml"));
    ResolveStep.Result r = ResolveStep.resolveFresh(spec, spec.archs(), new ResolveStep.Options(
        List.of(), ResolveStep.LockMode.NONE, null, downloader, mirrors, Clock.systemUTC(), m -> {}));
    assertThat(r.suites()).extracting(s -> s.repository().id() + " " + s.suite())
        .containsExactly("debian trixie", "debian trixie-updates", "debian-security trixie-security");
    assertThat(r.resolutions()).extracting(Resolution::arch).containsExactly("amd64", "arm64");
    for (Resolution res : r.resolutions()) {
      for (Resolution.Resolved p : res.packages()) {
        assertThat(p.requiredBy()).as("why %s is in %s", p.pkg().name(), preset).isNotEmpty();
        assertThat(p.pkg().architecture()).isIn(res.arch(), "all");
      }
      assertThat(res.dropped()).as("tzdata's debconf dependency is dropped")
          .anyMatch(d -> d.wantedBy().equals("tzdata") && d.dependency().contains("debconf-2.0"));
    }
    return r.resolutions().stream().collect(Collectors.toMap(Resolution::arch,
        res -> res.packages().stream().map(p -> p.pkg().name()).collect(Collectors.toCollection(TreeSet::new))));
  }

  @Test
  void staticIsExactlyItsFivePackages() throws Exception {
    Map<String, Set<String>> sets = resolve("static", LiveArchive.requireMirrors());
    for (Set<String> set : sets.values()) {
      assertThat(set).containsExactly("base-files", "ca-certificates", "media-types", "netbase", "tzdata");
    }
  }

  @Test
  void baseAddsLibcAndOpenSslWithoutShellPerlDebconfAwkAptOrDpkg() throws Exception {
    Map<String, Set<String>> sets = resolve("base", LiveArchive.requireMirrors());
    for (Set<String> set : sets.values()) {
      assertThat(set).contains("base-files", "netbase", "tzdata", "ca-certificates", "media-types", "libc6",
          "libssl3t64", "libgcc-s1");
      assertThat(set).doesNotContainAnyElementsOf(FORBIDDEN);
      assertThat(set.size()).isBetween(9, 14);
    }
    assertThat(sets.get("amd64")).isEqualTo(sets.get("arm64"));
  }

  @Test
  void ccAddsTheGccRuntimeOnTopOfBase() throws Exception {
    MirrorResolver mirrors = LiveArchive.requireMirrors();
    Map<String, Set<String>> base = resolve("base", mirrors);
    Map<String, Set<String>> cc = resolve("cc", mirrors);
    for (String arch : List.of("amd64", "arm64")) {
      assertThat(cc.get(arch)).containsAll(base.get(arch)).contains("libstdc++6", "libgomp1");
      assertThat(cc.get(arch)).doesNotContainAnyElementsOf(FORBIDDEN);
    }
  }

  @Test
  void aLockedResolveOfBaseDownloadsNoIndex(@TempDir Path dir) throws Exception {
    MirrorResolver mirrors = LiveArchive.requireMirrors();
    Path spec = dir.resolve("base.yaml");
    Files.copy(LiveArchive.presets().resolve("base.yaml"), spec);
    ImageSpec loaded = SpecLoader.load(spec);
    ResolveStep.Result fresh = ResolveStep.resolveFresh(loaded, loaded.archs(), new ResolveStep.Options(
        List.of(), ResolveStep.LockMode.NONE, null, downloader, mirrors, Clock.systemUTC(), m -> {}));
    LockFile lock = LockFiles.of(loaded, fresh.suites(), fresh.resolutions());
    LockFiles.write(lock, LockFiles.besideSpec(spec));
    assertThat(new String(LockFiles.toBytes(lock), java.nio.charset.StandardCharsets.UTF_8))
        .doesNotContain("http").contains("\"repository\": \"debian-security\"");

    MirrorResolver unreachable = new MirrorResolver(
        Map.of("debian", URI.create("http://127.0.0.1:9/debian"), "debian-security", URI.create("http://127.0.0.1:9/debian-security")),
        Map.of(), dir.resolve("none"), dir.resolve("none"));
    ResolveStep.Result locked = ResolveStep.run(loaded, new ResolveStep.Options(
        List.of(), ResolveStep.LockMode.AUTO, null, downloader, unreachable, Clock.systemUTC(), m -> {}));
    assertThat(locked.lockUsed()).isEqualTo(LockFiles.besideSpec(spec));
    assertThat(locked.resolutions().get(0).packages()).hasSameSizeAs(fresh.resolutions().get(0).packages());
  }
}
