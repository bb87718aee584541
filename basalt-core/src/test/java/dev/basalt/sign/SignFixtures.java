package dev.basalt.sign;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** Where the fixtures of src/test/resources/sign are on the test class path, and the build directory. */
final class SignFixtures {
  private SignFixtures() {}

  /** The copied fixture directory, {@code target/test-classes/sign}. */
  static Path dir() {
    URL url = SignFixtures.class.getResource("/sign/README.md");
    if (url == null) {
      throw new IllegalStateException("the sign fixtures are not on the test class path");
    }
    try {
      return Path.of(url.toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("fixture URL " + url, e);
    }
  }

  /** The module's build directory ({@code target}), two levels above the fixtures. */
  static Path buildDir() {
    return dir().getParent().getParent();
  }
}
