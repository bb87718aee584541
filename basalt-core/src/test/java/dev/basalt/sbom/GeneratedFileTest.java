package dev.basalt.sbom;

import static dev.basalt.testkit.Trees.file;
import static dev.basalt.testkit.Trees.link;
import static dev.basalt.testkit.Trees.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.cache.Digest;
import dev.basalt.fs.Content;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GeneratedFileTest {
  private static final byte[] ABC = "abc".getBytes(StandardCharsets.US_ASCII);
  private static final GeneratedFile ABC_FILE = new GeneratedFile("/etc/abc",
      Digest.parse("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
      "a9993e364706816aba3e25717850c26c9cd0d89d");

  @Test
  void digestsBytesWithSha256AndSha1() throws IOException {
    assertThat(GeneratedFile.of("/etc/abc", ABC)).isEqualTo(ABC_FILE);
    assertThat(GeneratedFile.of("/etc/abc", Content.Inline.of(ABC))).isEqualTo(ABC_FILE);
  }

  @Test
  void refusesContentWhoseBytesAreNotWhatItsDigestSays() {
    Content lying = new Content.Inline(ABC, Digest.of("abd".getBytes(StandardCharsets.US_ASCII)));
    assertThatThrownBy(() -> GeneratedFile.of("/etc/abc", lying))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("/etc/abc: content is sha256:ba7816bf");
  }

  @Test
  void takesTheRegularFilesNoPackageOwnsFromATree() throws IOException {
    var tree = tree(
        file("/etc/group", "root:x:0:\n", null),
        file("/etc/abc", "abc", null),
        file("/etc/debian_version", "13.1\n", "base-files"),
        link("/etc/os-release", "../usr/lib/os-release", null));
    assertThat(GeneratedFile.fromTree(tree)).containsExactly(ABC_FILE, GeneratedFile.of("/etc/group", "root:x:0:\n".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void refusesPathsThatAreNotNormalisedAbsoluteFilePaths() {
    for (String path : new String[] {"etc/passwd", "/", "/etc/", "/etc/../passwd", "/etc//passwd"}) {
      assertThatThrownBy(() -> GeneratedFile.of(path, ABC))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("not a normalised absolute file path: " + path);
    }
    assertThatThrownBy(() -> new GeneratedFile("/etc/abc", ABC_FILE.sha256(), "A9993E364706816ABA3E25717850C26C9CD0D89D"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a sha1 hex digest: A9993E364706816ABA3E25717850C26C9CD0D89D");
  }
}
