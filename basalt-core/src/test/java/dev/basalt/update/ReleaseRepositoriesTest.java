package dev.basalt.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.debian.OsRelease;
import dev.basalt.debian.Repository;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An image's release to the suites it is kept current from. */
class ReleaseRepositoriesTest {
  private static OsRelease os(String text) {
    return OsRelease.parse(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aDebianReleaseGetsItsThreeSuitesWithTheBundledKeyrings() throws Exception {
    List<Repository> repos = ReleaseRepositories.of(os("ID=debian\nVERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\n"),
        "img", Map.of());
    assertThat(repos).containsExactly(
        new Repository("debian", null, List.of("bookworm", "bookworm-updates"), List.of("main"),
            new Repository.KeyringRef("debian-bookworm", null)),
        new Repository("debian-security", null, List.of("bookworm-security"), List.of("main"),
            new Repository.KeyringRef("debian-bookworm-security", null)));
    assertThat(ReleaseRepositories.of(os("ID=debian\nVERSION_CODENAME=trixie\n"), "img",
        Map.of("debian-security", Path.of("k.asc"))).get(1).keyring()).isEqualTo(new Repository.KeyringRef(null, Path.of("k.asc")));
  }

  @Test
  void otherSystemsAndReleasesSayWhatToPass() {
    assertThatThrownBy(() -> ReleaseRepositories.of(os("PRETTY_NAME=\"Ubuntu 24.04 LTS\"\nID=ubuntu\nID_LIKE=debian\n"),
        "img", Map.of())).isInstanceOf(UpdateUsageException.class).hasMessage("img is 'Ubuntu 24.04 LTS', not Debian,"
        + " whose suites basalt knows: pass --spec SPEC, a spec whose repositories are the suites to compare against");
    assertThatThrownBy(() -> ReleaseRepositories.of(os(""), "img", Map.of())).hasMessage("img has no os-release, not"
        + " Debian, whose suites basalt knows: pass --spec SPEC, a spec whose repositories are the suites to compare against");
    assertThatThrownBy(() -> ReleaseRepositories.of(os("ID=debian\nPRETTY_NAME=\"Debian GNU/Linux forky/sid\"\n"), "img",
        Map.of())).hasMessage("img is 'Debian GNU/Linux forky/sid' without a VERSION_CODENAME in its os-release: pass"
        + " --spec SPEC, a spec whose repositories are the suites to compare against");
    assertThatThrownBy(() -> ReleaseRepositories.of(os("ID=debian\nVERSION_CODENAME=bullseye\n"), "img",
        Map.of("debian", Path.of("k.asc")))).hasMessage("img is Debian bullseye, whose archive keyring"
        + " 'debian-bullseye-security' is not bundled (bundled: debian-bookworm, debian-bookworm-security, debian-trixie,"
        + " debian-trixie-security): pass --keyring debian-security=FILE with the release's signing keys, or --spec SPEC");
  }
}
