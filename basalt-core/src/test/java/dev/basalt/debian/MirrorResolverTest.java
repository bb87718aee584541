package dev.basalt.debian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MirrorResolverTest {
  @TempDir Path dir;

  private MirrorResolver resolver(Map<String, URI> explicit, Map<String, String> env) {
    return new MirrorResolver(explicit, env, dir.resolve("config.yaml"), dir.resolve("apt"));
  }

  private void aptSources(String name, String content) throws Exception {
    Files.createDirectories(dir.resolve("apt/sources.list.d"));
    Files.writeString(dir.resolve("apt/sources.list.d").resolve(name), content);
  }

  @Test
  void hostDeb822SourcesAreMatchedByArchivePath() throws Exception {
    aptSources("debian.sources", """
        # comment
        Types: deb
        URIs: http://mirror.test/debian/
        Suites: bookworm bookworm-updates
        Components: main
        Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

        Types: deb
        URIs: http://mirror.test/debian-security
        Suites: bookworm-security
        Components: main
        """);
    MirrorResolver r = resolver(Map.of(), Map.of());
    assertThat(r.resolve("debian")).isEqualTo(URI.create("http://mirror.test/debian"));
    assertThat(r.resolve("debian-security")).isEqualTo(URI.create("http://mirror.test/debian-security"));
  }

  @Test
  void oneLineSourcesWithOptionsAndDisabledDeb822StanzasAreHandled() throws Exception {
    aptSources("a.sources", "Types: deb\nURIs: http://disabled.test/debian\nSuites: x\nEnabled: no\n");
    Files.createDirectories(dir.resolve("apt"));
    Files.writeString(dir.resolve("apt/sources.list"),
        "# deb http://commented.test/debian bookworm main\n"
            + "deb-src http://src.test/debian bookworm main\n"
            + "deb [arch=amd64 signed-by=/k.gpg] https://one.test/debian bookworm main\n");
    assertThat(resolver(Map.of(), Map.of()).resolve("debian")).isEqualTo(URI.create("https://one.test/debian"));
  }

  @Test
  void orderIsExplicitThenEnvironmentThenConfigThenApt() throws Exception {
    aptSources("d.sources", "Types: deb\nURIs: http://apt.test/debian\nSuites: x\nComponents: main\n");
    Files.writeString(dir.resolve("config.yaml"), "mirrors:\n  debian: http://config.test/debian/\n");
    assertThat(resolver(Map.of(), Map.of()).resolve("debian")).isEqualTo(URI.create("http://config.test/debian"));
    assertThat(resolver(Map.of(), Map.of("BASALT_MIRROR_DEBIAN", "http://env.test/debian")).resolve("debian"))
        .isEqualTo(URI.create("http://env.test/debian"));
    assertThat(resolver(Map.of("debian", URI.create("http://cli.test/debian")),
        Map.of("BASALT_MIRROR_DEBIAN", "http://env.test/debian")).resolve("debian"))
        .isEqualTo(URI.create("http://cli.test/debian"));
  }

  @Test
  void environmentNamesReplaceDashes() throws Exception {
    assertThat(MirrorResolver.envName("debian-security")).isEqualTo("BASALT_MIRROR_DEBIAN_SECURITY");
    assertThat(resolver(Map.of(), Map.of("BASALT_MIRROR_DEBIAN_SECURITY", "http://s.test/ds")).resolve("debian-security"))
        .isEqualTo(URI.create("http://s.test/ds"));
  }

  @Test
  void missingMirrorSaysHowToConfigureOne() {
    assertThatThrownBy(() -> resolver(Map.of(), Map.of()).resolve("debian-security"))
        .isInstanceOfSatisfying(MirrorNotConfiguredException.class, e -> {
          assertThat(e.exitCode()).isEqualTo(2);
          assertThat(e.getMessage()).isEqualTo("no mirror is configured for archive 'debian-security'. Set one in any of these ways:\n"
              + "  --mirror debian-security=URL on the command line\n"
              + "  export BASALT_MIRROR_DEBIAN_SECURITY=URL\n"
              + "  mirrors: {debian-security: URL} in " + dir.resolve("config.yaml") + "\n"
              + "  or an apt source in " + dir.resolve("apt/sources.list.d") + " whose URI path ends in /debian-security");
        });
  }

  @Test
  void badConfigValuesAreErrors() throws Exception {
    Files.writeString(dir.resolve("config.yaml"), "mirrors:\n  debian: ftp://old.test/debian\n");
    assertThatThrownBy(() -> resolver(Map.of(), Map.of()).resolve("debian"))
        .hasMessage(dir.resolve("config.yaml") + ": mirrors.debian: mirror 'ftp://old.test/debian' must be an http or https URL");
  }
}
