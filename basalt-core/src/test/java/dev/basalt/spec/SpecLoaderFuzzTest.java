package dev.basalt.spec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;

/** A YAML spec loads into an {@link ImageSpec} or fails with a {@link SpecException} naming file and line. */
class SpecLoaderFuzzTest {
  private static final Path FILE = Path.of("fuzz.yaml");

  @FuzzTest(maxDuration = "2m")
  void parse(byte[] data) {
    try {
      SpecLoader.parse(data, FILE).toString();
    } catch (SpecException expected) {
      // malformed YAML, an unknown key, a wrong type: named with file and line
    }
  }
}
