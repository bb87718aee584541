package dev.basalt.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.BasaltException;
import dev.basalt.debian.MirrorResolver;
import dev.basalt.testkit.FixtureArchive;
import dev.basalt.testkit.FixtureArchive.Pkg;
import dev.basalt.testkit.TestPgpKey;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A preset base is resolved against its archive on every build by default; with a refresh
 * interval, a resolution of the same spec file within it is reused without asking the archive,
 * and offline never asks. The fixture archive is stopped after the first build, so any build
 * that still asks it fails.
 */
class PresetBaseRefreshTest {
  private static final TestPgpKey KEY = TestPgpKey.ed25519("Fixture Archive Key <archive@fixture.invalid>");

  @TempDir Path dir;
  final List<String> notices = new ArrayList<>();

  private LayerEnvironment env(URI archive, LayerEnvironment.PresetRefresh refresh) {
    return new LayerEnvironment(dir.resolve("cache"), new MirrorResolver(Map.of("debian", archive), Map.of(),
        dir.resolve("none"), dir.resolve("none")), Map.of(), dir.resolve("presets"), notices::add, refresh);
  }

  private LayerResult layer(LayerEnvironment env, String out) throws BasaltException {
    return LayeredImageBuilder.build(LayerRequest.builder("hello", "tiny", dir.resolve(out))
        .layer(AppLayer.of("app", LayerSource.of(dir.resolve("app.jar"), "/app/app.jar"))).archs(List.of("amd64"))
        .build(), env);
  }

  @Test
  void aRecentResolutionIsReusedWithoutTheArchiveAndAChangedSpecIsNot() throws Exception {
    Files.writeString(dir.resolve("app.jar"), "the application");
    Path presets = Files.createDirectories(dir.resolve("presets"));
    Files.write(presets.resolve("archive.asc"), KEY.publicKeyringArmored());
    Path spec = Files.writeString(presets.resolve("tiny.yaml"), """
        name: tiny
        archs: [amd64]
        contents:
          repositories:
            - archive: debian
              suites: [trixie]
              keyring: ./archive.asc
          packages: [base-files]
        """);
    URI stopped;
    LayerResult first;
    try (FixtureArchive archive = new FixtureArchive(KEY)) {
      archive.suite("trixie").add(Pkg.of("base-files", "13.8", "amd64")
          .file("/etc/debian_version", "13.8\n")
          .file("/usr/lib/os-release", "PRETTY_NAME=\"Debian GNU/Linux 13 (trixie)\"\nID=debian\nVERSION_ID=\"13\"\n"));
      stopped = archive.start();
      first = layer(env(stopped, LayerEnvironment.PresetRefresh.ALWAYS), "out1");
    }
    assertThat(notices).anyMatch(n -> n.startsWith("building the base tiny"));

    LayerEnvironment.PresetRefresh hour = new LayerEnvironment.PresetRefresh(Duration.ofHours(1), false);
    notices.clear();
    LayerResult reused = layer(env(stopped, hour), "out2");
    assertThat(reused.digest()).isEqualTo(first.digest());
    assertThat(notices).singleElement().asString().startsWith("reusing the base tiny resolved at ")
        .endsWith("(resolved again once older than PT1H)");

    assertThat(layer(env(stopped, new LayerEnvironment.PresetRefresh(Duration.ZERO, true)), "out3").digest())
        .isEqualTo(first.digest());
    // The archive is gone: a build that resolves fails, naming where it could not fetch from.
    assertThatThrownBy(() -> layer(env(stopped, LayerEnvironment.PresetRefresh.ALWAYS), "out4"))
        .isInstanceOf(BasaltException.class).hasMessageContaining(stopped.getAuthority());

    Files.writeString(spec, Files.readString(spec) + "# changed\n");
    assertThatThrownBy(() -> layer(env(stopped, hour), "out5")).as("a changed spec is resolved again")
        .isInstanceOf(BasaltException.class).hasMessageContaining(stopped.getAuthority());
    assertThatThrownBy(() -> layer(env(stopped, new LayerEnvironment.PresetRefresh(Duration.ZERO, true)), "out6"))
        .isInstanceOf(LayerInputException.class)
        .hasMessageStartingWith("offline, and no resolution of the base tiny from this " + spec);
    assertThat(dir.resolve("out5")).doesNotExist();
  }
}
