package dev.basalt.debian;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;

/**
 * deb822 text from a mirror (Packages, Release, control files) parses into stanzas or fails with
 * a {@link Deb822Exception}; reading every field of what parsed never throws.
 */
class Deb822FuzzTest {
  @FuzzTest(maxDuration = "2m")
  void parse(byte[] data) throws IOException {
    boolean comments = data.length > 0 && (data[0] & 1) == 1;
    List<Stanza> stanzas;
    try {
      stanzas = Deb822.parse(new ByteArrayInputStream(data), "fuzz", comments);
    } catch (Deb822Exception expected) {
      return;
    }
    for (Stanza s : stanzas) {
      for (String name : s.names()) {
        s.get(name);
        s.value(name);
        s.lines(name);
        s.lineOf(name);
      }
      s.toString();
    }
  }
}
