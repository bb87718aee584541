package dev.basalt.debian;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OsReleaseTest {
  private static OsRelease parse(String text) {
    return OsRelease.parse(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsQuotedAndBareValuesAndTheDebianRelease() {
    OsRelease trixie = parse("""
        PRETTY_NAME="Debian GNU/Linux 13 (trixie)"
        # a comment
        VERSION_ID="13"
        VERSION_CODENAME=trixie
        ID=debian
        """);
    assertThat(trixie.get("PRETTY_NAME")).isEqualTo("Debian GNU/Linux 13 (trixie)");
    assertThat(trixie.release()).isEqualTo("13");
    assertThat(trixie.isDebianLike()).isTrue();
    assertThat(parse("ID=debian\nVERSION_CODENAME=forky\n").release()).isEqualTo("forky");
    OsRelease ubuntu = parse("ID=ubuntu\nID_LIKE='debian'\nVERSION_ID=\"24.04\"\n");
    assertThat(ubuntu.isDebianLike()).isTrue();
    assertThat(ubuntu.release()).isEqualTo("24.04");
    assertThat(parse("ID=alpine\n").isDebianLike()).isFalse();
    assertThat(parse("").release()).isEqualTo("unknown");
  }
}
