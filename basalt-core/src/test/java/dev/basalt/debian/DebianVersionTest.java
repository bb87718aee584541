package dev.basalt.debian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class DebianVersionTest {

  private static final String ORDERING_TABLE = "version-ordering.txt";

  static Stream<Arguments> orderings() {
    List<Arguments> cases = new ArrayList<>();
    try (InputStream in = DebianVersionTest.class.getResourceAsStream(ORDERING_TABLE);
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.trim().split(" +");
        if (f.length != 3 || !List.of("<", "=", ">").contains(f[1])) {
          throw new IllegalStateException(ORDERING_TABLE + ":" + number + ": bad line " + line);
        }
        int expected = f[1].equals("<") ? -1 : f[1].equals("=") ? 0 : 1;
        cases.add(Arguments.of(number, f[0], f[1], f[2], expected));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return cases.stream();
  }

  @Test
  void orderingTableHasSeveralHundredPairs() {
    assertThat(orderings().count()).isEqualTo(446);
  }

  @ParameterizedTest(name = "line {0}: {1} {2} {3}")
  @MethodSource("orderings")
  void comparesLikeDpkgInBothDirections(int line, String a, String op, String b, int expected) {
    DebianVersion va = DebianVersion.parse(a);
    DebianVersion vb = DebianVersion.parse(b);

    assertThat(va.compareTo(vb)).isEqualTo(expected);
    assertThat(vb.compareTo(va)).isEqualTo(-expected);
    assertThat(va.equals(vb)).isEqualTo(expected == 0);
    assertThat(vb.equals(va)).isEqualTo(expected == 0);
    if (expected == 0) {
      assertThat(va.hashCode()).isEqualTo(vb.hashCode());
    }
    assertThat(va.toString()).isEqualTo(a);
    assertThat(vb.toString()).isEqualTo(b);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "1.0                | 0 | 1.0           | ''",
      "1.0-1              | 0 | 1.0           | 1",
      "1:2.36-9+deb12u10  | 1 | 2.36          | 9+deb12u10",
      "0:1.0              | 0 | 1.0           | ''",
      "01:1.0             | 1 | 1.0           | ''",
      "0:0-0-0            | 0 | 0-0           | 0",
      "0:0:0-0            | 0 | 0:0           | 0",
      "0:0-0:0-0          | 0 | 0-0:0         | 0",
      "0:09azAZ.-+~:-0    | 0 | 09azAZ.-+~:   | 0",
      "0:0-azAZ09.+~      | 0 | 0             | azAZ09.+~",
      "1.0--1             | 0 | 1.0-          | 1",
      "2147483647:1       | 2147483647 | 1    | ''",
      "foo                | 0 | foo           | ''",
      "~                  | 0 | ~             | ''",
  })
  void splitsLikeDpkg(String text, int epoch, String upstream, String revision) {
    DebianVersion v = DebianVersion.parse(text);

    assertThat(v.epoch()).isEqualTo(epoch);
    assertThat(v.upstream()).isEqualTo(upstream);
    assertThat(v.revision()).isEqualTo(revision);
    assertThat(v.hasRevision()).isEqualTo(!revision.isEmpty());
    assertThat(v.text()).isEqualTo(text);
    assertThat(v.toString()).isEqualTo(text);
  }

  @Test
  void ignoresSurroundingWhitespaceLikeDpkg() {
    DebianVersion v = DebianVersion.parse(" \t0:0-1  \t");

    assertThat(v.toString()).isEqualTo("0:0-1");
    assertThat(v.upstream()).isEqualTo("0");
    assertThat(v.revision()).isEqualTo("1");
  }

  @ParameterizedTest(name = "\"{0}\"")
  @CsvSource(delimiter = '|', value = {
      "''           | Invalid Debian version \"\": it is empty",
      "'  '         | Invalid Debian version \"\": it is empty",
      "':1.0'       | Invalid Debian version \":1.0\": the epoch before ':' is empty",
      "a:1.0        | Invalid Debian version \"a:1.0\": the epoch \"a\" is not a number",
      "-1:0-1       | Invalid Debian version \"-1:0-1\": the epoch \"-1\" is not a number",
      "1.0-1:2      | Invalid Debian version \"1.0-1:2\": the epoch \"1.0-1\" is not a number",
      "2147483648:1 | Invalid Debian version \"2147483648:1\": the epoch is larger than 2147483647",
      "999999999999999999999999:0-1 | Invalid Debian version \"999999999999999999999999:0-1\": "
          + "the epoch is larger than 2147483647",
      "1:           | Invalid Debian version \"1:\": the upstream version is empty",
      "-0           | Invalid Debian version \"-0\": the upstream version is empty",
      "0:-0         | Invalid Debian version \"0:-0\": the upstream version is empty",
      "1.0-         | Invalid Debian version \"1.0-\": the revision after the last '-' is empty",
      "foo-         | Invalid Debian version \"foo-\": the revision after the last '-' is empty",
      "'0:0 0-1'    | Invalid Debian version \"0:0 0-1\": it contains whitespace",
      "1_0          | Invalid Debian version \"1_0\": the upstream version contains '_'; "
          + "only ASCII letters, digits and \".+~-:\" are allowed",
      "1.0(         | Invalid Debian version \"1.0(\": the upstream version contains '('; "
          + "only ASCII letters, digits and \".+~-:\" are allowed",
      "1,0          | Invalid Debian version \"1,0\": the upstream version contains ','; "
          + "only ASCII letters, digits and \".+~-:\" are allowed",
      "1.0é         | Invalid Debian version \"1.0é\": the upstream version contains 'é'; "
          + "only ASCII letters, digits and \".+~-:\" are allowed",
      "1.0-a_b      | Invalid Debian version \"1.0-a_b\": the revision contains '_'; "
          + "only ASCII letters, digits and \".+~\" are allowed",
      "1:1.0-1:2    | Invalid Debian version \"1:1.0-1:2\": the revision contains ':'; "
          + "only ASCII letters, digits and \".+~\" are allowed",
  })
  void rejectsWhatDpkgRejectsAndCharactersOutsidePolicy(String text, String message) {
    assertThatThrownBy(() -> DebianVersion.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void rejectsNull() {
    assertThatThrownBy(() -> DebianVersion.parse(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("version == null");
  }

  @Test
  void equalsFollowsCompareToNotSpelling() {
    Set<DebianVersion> set = new HashSet<>();
    for (String s : List.of("1.0", "1.00", "0:1.0", "1.0-0", "01.000-00", "1.0-1", "1:1.0")) {
      set.add(DebianVersion.parse(s));
    }

    assertThat(set).extracting(DebianVersion::toString)
        .containsExactlyInAnyOrder("1.0", "1.0-1", "1:1.0");
    assertThat(DebianVersion.parse("1.0")).isEqualTo(DebianVersion.parse("0:1.00-0"));
    assertThat(DebianVersion.parse("1.0").hashCode())
        .isEqualTo(DebianVersion.parse("0:1.00-0").hashCode());
    assertThat(DebianVersion.parse("1.0")).isNotEqualTo(DebianVersion.parse("1.0~"));
  }

  @Test
  void sortsRealVersionsInDpkgOrder() {
    List<DebianVersion> versions = new ArrayList<>();
    for (String s : List.of("1.0+b1", "1.0-1", "1:0.1", "1.0~rc1", "1.0", "1.0-1~bpo12+1",
        "1.0-1+deb12u1", "1.0~~", "1.0a", "1.0-1.1")) {
      versions.add(DebianVersion.parse(s));
    }

    versions.sort(null);

    assertThat(versions).extracting(DebianVersion::toString).containsExactly(
        "1.0~~", "1.0~rc1", "1.0", "1.0-1~bpo12+1", "1.0-1", "1.0-1+deb12u1", "1.0-1.1", "1.0a",
        "1.0+b1", "1:0.1");
  }

  @Test
  void buildsCanonicalTextFromParts() {
    assertThat(new DebianVersion(0, "1.0", "").toString()).isEqualTo("1.0");
    assertThat(new DebianVersion(1, "2.0", "1").toString()).isEqualTo("1:2.0-1");
    assertThat(new DebianVersion(0, "1:2", "3").toString()).isEqualTo("0:1:2-3");
    assertThat(new DebianVersion(0, "1.0-2", "3").toString()).isEqualTo("1.0-2-3");
  }

  @Test
  void rejectsPartsTheTextDoesNotSpell() {
    assertThatThrownBy(() -> new DebianVersion(0, "1.0-2", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Version text \"1.0-2\" does not spell epoch 0, upstream \"1.0-2\", "
            + "revision \"\"");
    assertThatThrownBy(() -> new DebianVersion(1, "2.0", "1", "2.0-1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Version text \"2.0-1\" does not spell epoch 1, upstream \"2.0\", "
            + "revision \"1\"");
    assertThatThrownBy(() -> new DebianVersion(-1, "2.0", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid Debian version \"-1:2.0\": the epoch \"-1\" is not a number");
  }
}
