package dev.basalt.debian;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * A mirror's InRelease (clearsigned text, ASCII-armored OpenPGP signature) verifies against the
 * fixture keyring or is refused with a {@link SignatureVerificationException}; the Release text
 * inside parses or fails with an {@link ArchiveException}. The keyring and the signed seed were
 * made once with {@code TestPgpKey} (see {@code fuzz/README.md}).
 */
class InReleaseFuzzTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T00:00:00Z"), ZoneOffset.UTC);
  private static final Keyring KEYRING = keyring();

  @FuzzTest(maxDuration = "2m")
  void verify(byte[] data) {
    try {
      VerifiedInRelease verified = new InReleaseVerifier(KEYRING, CLOCK).verify(data, "fuzz/InRelease");
      ReleaseFile.parse(verified.signedText(), "fuzz/InRelease");
    } catch (ArchiveException expected) {
      // refused: bad armor, bad signature, unknown key, malformed Release fields
    }
  }

  @FuzzTest(maxDuration = "2m")
  void releaseFile(byte[] data) {
    try {
      ReleaseFile.parse(new String(data, StandardCharsets.UTF_8), "fuzz/Release");
    } catch (ArchiveException expected) {
      // a malformed Release file
    }
  }

  private static Keyring keyring() {
    try (InputStream in = InReleaseFuzzTest.class.getResourceAsStream("fuzz-fixture-keyring.asc")) {
      return Keyring.fromBytes(in.readAllBytes(), "fuzz-fixture-keyring.asc");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ArchiveException e) {
      throw new IllegalStateException(e);
    }
  }
}
