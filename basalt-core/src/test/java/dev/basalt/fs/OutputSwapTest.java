package dev.basalt.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputSwapTest {
  @TempDir Path dir;

  private static String listing(Path d) throws Exception {
    try (Stream<Path> s = Files.list(d)) {
      return String.join(",", s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList());
    }
  }

  @Test
  void publishingSwapsTheOutputAndRemovesThePreviousOne() throws Exception {
    Path out = dir.resolve("out/base");
    Path first = OutputSwap.stage(out);
    Files.writeString(first.resolve("index.json"), "one");
    OutputSwap.publish(first, out);
    assertThat(Files.isSymbolicLink(out)).isTrue();
    assertThat(Files.readString(out.resolve("index.json"))).isEqualTo("one");

    Path second = OutputSwap.stage(out);
    Files.writeString(second.resolve("index.json"), "two");
    assertThat(Files.readString(out.resolve("index.json"))).as("unchanged while the next build runs").isEqualTo("one");
    OutputSwap.publish(second, out);
    assertThat(Files.readString(out.resolve("index.json"))).isEqualTo("two");
    assertThat(first).doesNotExist();
    try (Stream<Path> s = Files.list(dir.resolve("out"))) {
      assertThat(s.count()).isEqualTo(2);
    }
  }

  @Test
  void aFailedBuildLeavesThePreviousOutputAndNoPartialDirectory() throws Exception {
    Path out = dir.resolve("out/base");
    Path first = OutputSwap.stage(out);
    Files.writeString(first.resolve("index.json"), "one");
    OutputSwap.publish(first, out);

    Path failed = OutputSwap.stage(out);
    Files.writeString(failed.resolve("half"), "x");
    OutputSwap.discard(failed);

    assertThat(failed).doesNotExist();
    assertThat(Files.readString(out.resolve("index.json"))).isEqualTo("one");
    assertThat(listing(dir.resolve("out"))).isEqualTo("base");
  }

  @Test
  void aRealDirectoryFromBeforeIsReplacedOnce() throws Exception {
    Path out = dir.resolve("out/base");
    Files.createDirectories(out);
    Files.writeString(out.resolve("old"), "x");
    Path staged = OutputSwap.stage(out);
    Files.writeString(staged.resolve("index.json"), "new");
    OutputSwap.publish(staged, out);
    assertThat(Files.readString(out.resolve("index.json"))).isEqualTo("new");
    assertThat(out.resolve("old")).doesNotExist();
    try (Stream<Path> s = Files.list(dir.resolve("out"))) {
      assertThat(s.count()).isEqualTo(2);
    }
  }
}
