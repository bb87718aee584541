package dev.basalt.debian;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.basalt.testkit.FixtureDeb;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The data.tar member of an otherwise valid package, in every compression basalt reads: the
 * fuzzed bytes are the member as stored, so the decompressors and the tar reader both see them.
 */
class DataTarFuzzTest {
  private static final List<FixtureDeb.Member> VALID =
      FixtureDeb.builder("Package: fuzz\nVersion: 1.0\nArchitecture: all\n").members();

  @FuzzTest(maxDuration = "2m")
  void tar(byte[] data) throws IOException {
    DebReaderFuzzTest.readDeb(withData("data.tar", data));
  }

  @FuzzTest(maxDuration = "2m")
  void tarGz(byte[] data) throws IOException {
    DebReaderFuzzTest.readDeb(withData("data.tar.gz", data));
  }

  @FuzzTest(maxDuration = "2m")
  void tarXz(byte[] data) throws IOException {
    DebReaderFuzzTest.readDeb(withData("data.tar.xz", data));
  }

  @FuzzTest(maxDuration = "2m")
  void tarZst(byte[] data) throws IOException {
    DebReaderFuzzTest.readDeb(withData("data.tar.zst", data));
  }

  private static byte[] withData(String member, byte[] bytes) {
    List<FixtureDeb.Member> members = new ArrayList<>(VALID.subList(0, 2));
    members.add(new FixtureDeb.Member(member, bytes));
    return FixtureDeb.ar(members);
  }
}
