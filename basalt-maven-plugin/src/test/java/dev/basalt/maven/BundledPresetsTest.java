package dev.basalt.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundledPresetsTest {
  static final Path PRESETS = Path.of(System.getProperty("basalt.repo.root", "..")).resolve("presets");

  @TempDir Path cache;

  @Test
  void everyShippedPresetTravelsInThePluginByteForByte() throws Exception {
    try (Stream<Path> shipped = Files.list(PRESETS)) {
      var names = shipped.map(p -> p.getFileName().toString()).sorted().toList();
      assertThat(BundledPresets.read().keySet()).containsExactlyElementsOf(names);
      for (String name : names) {
        assertThat(BundledPresets.read().get(name)).isEqualTo(Files.readAllBytes(PRESETS.resolve(name)));
      }
    }
  }

  @Test
  void theyAreUnpackedOnceUnderTheDigestOfTheirContents() throws Exception {
    Path dir = BundledPresets.unpack(cache);
    assertThat(dir.getParent()).isEqualTo(cache.resolve("presets"));
    assertThat(dir.getFileName().toString()).matches("[0-9a-f]{64}");
    assertThat(Files.readString(dir.resolve("java.yaml"))).isEqualTo(Files.readString(PRESETS.resolve("java.yaml")));
    assertThat(BundledPresets.unpack(cache)).isEqualTo(dir);
    try (Stream<Path> entries = Files.list(cache.resolve("presets"))) {
      assertThat(entries.toList()).containsExactly(dir);
    }
  }
}
