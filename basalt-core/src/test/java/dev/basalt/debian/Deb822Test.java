package dev.basalt.debian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Deb822Test {

  private static List<Stanza> parseFixture(String name, boolean allowComments)
      throws IOException, Deb822Exception {
    try (InputStream in = Deb822Test.class.getResourceAsStream(name)) {
      return Deb822.parse(in, name, allowComments);
    }
  }

  private static byte[] fixtureBytes(String name) throws IOException {
    try (InputStream in = Deb822Test.class.getResourceAsStream(name)) {
      return in.readAllBytes();
    }
  }

  /** Hands out at most a few bytes per read, so every line and character straddles reads. */
  private static final class TrickleInputStream extends InputStream {
    private final byte[] data;
    private int pos;
    private int next = 1;

    TrickleInputStream(byte[] data) {
      this.data = data;
    }

    @Override
    public int read() {
      return pos < data.length ? data[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (pos == data.length) {
        return -1;
      }
      int n = Math.min(Math.min(len, next), data.length - pos);
      System.arraycopy(data, pos, b, off, n);
      pos += n;
      next = next % 7 + 1;
      return n;
    }
  }

  @Test
  void parsesPackagesIndexStanzasWithLineNumbers() throws Exception {
    List<Stanza> stanzas = parseFixture("Packages-bookworm-excerpt", false);

    assertThat(stanzas).extracting(s -> s.value("Package"))
        .containsExactly("base-files", "ca-certificates", "libc6");
    assertThat(stanzas).extracting(Stanza::line).containsExactly(1, 23, 42);
    assertThat(stanzas).extracting(Stanza::source).containsOnly("Packages-bookworm-excerpt");
    Stanza baseFiles = stanzas.get(0);
    assertThat(baseFiles.names()).containsExactly("Package", "Version", "Essential",
        "Installed-Size", "Maintainer", "Architecture", "Replaces", "Provides", "Pre-Depends",
        "Breaks", "Description", "Multi-Arch", "Description-md5", "Tag", "Section", "Priority",
        "Filename", "Size", "MD5sum", "SHA256");
    assertThat(baseFiles.size()).isEqualTo(20);
    assertThat(baseFiles.value("Version")).isEqualTo("12.4+deb12u15");
    assertThat(baseFiles.value("Maintainer")).isEqualTo("Santiago Vila <sanvila@debian.org>");
    assertThat(baseFiles.value("SHA256"))
        .isEqualTo("3eb1ea6d85488f488cc2a163b98ad640ef88cee4c79287cf14e361aaf6206f47");
    assertThat(baseFiles.lineOf("Tag")).isEqualTo(14);
    assertThat(baseFiles.lineOf("Section")).isEqualTo(16);
    assertThat(baseFiles.lineOf("Depends")).isEqualTo(-1);
  }

  @Test
  void looksUpFieldNamesCaseInsensitivelyAndKeepsTheirSpelling() throws Exception {
    Stanza libc6 = parseFixture("Packages-bookworm-excerpt", false).get(2);

    assertThat(libc6.get("package")).isEqualTo("libc6");
    assertThat(libc6.get("PACKAGE")).isEqualTo("libc6");
    assertThat(libc6.value("md5SUM")).isEqualTo("8d98f0c882f269aaee8437bcfe89346e");
    assertThat(libc6.has("multi-arch")).isTrue();
    assertThat(libc6.has("Essential")).isFalse();
    assertThat(libc6.get("Essential")).isNull();
    assertThat(libc6.value("Essential")).isNull();
    assertThat(libc6.lines("Essential")).isEmpty();
    assertThat(libc6.names().get(libc6.names().size() - 2)).isEqualTo("MD5sum");
  }

  @Test
  void keepsFoldedFieldsAsWrittenAndJoinsThemForValue() throws Exception {
    Stanza baseFiles = parseFixture("Packages-bookworm-excerpt", false).get(0);

    assertThat(baseFiles.get("Tag")).isEqualTo(
        "admin::configuring, admin::filesystem, admin::install, admin::login,\n"
            + " role::app-data, suite::debian");
    assertThat(baseFiles.value("Tag")).isEqualTo(
        "admin::configuring, admin::filesystem, admin::install, admin::login,"
            + " role::app-data, suite::debian");
    assertThat(baseFiles.lines("Tag")).containsExactly(
        "admin::configuring, admin::filesystem, admin::install, admin::login,",
        "role::app-data, suite::debian");
  }

  @Test
  void readsReleaseChecksumLines() throws Exception {
    List<Stanza> stanzas = parseFixture("Release", false);

    assertThat(stanzas).hasSize(1);
    Stanza release = stanzas.get(0);
    assertThat(release.value("Codename")).isEqualTo("bookworm");
    assertThat(release.value("Date")).isEqualTo("Sat, 11 Jul 2026 10:16:37 UTC");
    assertThat(release.value("Architectures"))
        .isEqualTo("all amd64 arm64 armel armhf i386 mips64el mipsel ppc64el s390x");
    assertThat(release.lines("SHA256")).containsExactly(
        "515e692f2c4121c6fcec444ef100cc18f79a991910615f3a88c8b7becfc94d2f 50060337"
            + " main/binary-amd64/Packages",
        "6777ea16514725f9427f48c240d92e0a6b8496138e37a1491d8597e66774e309 12084798"
            + " main/binary-amd64/Packages.gz",
        "9e0b5aabb2465b3d2e7a7fe27f9913846277833f7a2826e7767acccff5b588c5  8790396"
            + " main/binary-amd64/Packages.xz",
        "041dbfb69308fe81f3a1d8c2dd2738e8bf0772332221a16c0627c3bbea788abd      120"
            + " main/binary-amd64/Release");
    assertThat(release.get("MD5Sum")).isEqualTo("\n"
        + " f230d61720e789abf5df55d6026230c6 50060337 main/binary-amd64/Packages\n"
        + " a8ed68071e02b40b231febcafb3f55aa 12084798 main/binary-amd64/Packages.gz\n"
        + " b838d31986207780a596ce3e8010f90f  8790396 main/binary-amd64/Packages.xz\n"
        + " 4bd4ed1624c0ed9e84e8fcb5a1a3e522      120 main/binary-amd64/Release");
    assertThat(release.lineOf("SHA256")).isEqualTo(18);
  }

  @Test
  void readsMultilineDescriptionWithDotLinesAsEmptyLines() throws Exception {
    List<Stanza> stanzas = parseFixture("control", false);

    assertThat(stanzas).extracting(Stanza::line).containsExactly(1, 12);
    assertThat(stanzas.get(1).lines("Description")).containsExactly(
        "greet the world from a minimal image",
        "hello-basalt prints a greeting. It exists to test deb822 parsing.",
        "",
        "Lines starting with two spaces are shown verbatim:",
        "  $ hello-basalt --loud",
        "",
        "The end.");
    assertThat(stanzas.get(0).value("Build-Depends")).isEqualTo(
        "debhelper-compat (= 13), libssl-dev (>= 3.0) [linux-any], python3:any,"
            + " check <!nocheck>, gcc-multilib [amd64 i386] <!cross> <!nobiarch>,");
  }

  /** Found by Deb822FuzzTest: the line was cut to nothing, then its first character dropped. */
  @Test
  void readsAContinuationLineOfOnlyWhitespaceAsAnEmptyLine() throws Exception {
    Stanza s = Deb822.parse("SHA256: first\n\t\u000b\n abc 1 x\n", "Release", false).get(0);

    assertThat(s.lines("SHA256")).containsExactly("first", "", "abc 1 x");
  }

  @Test
  void rendersStanzaBackInDeb822Syntax() throws Exception {
    Stanza binary = parseFixture("control", false).get(1);

    assertThat(binary.toString()).isEqualTo("Package: hello-basalt\n"
        + "Architecture: any\n"
        + "Depends: ${shlibs:Depends}, ${misc:Depends}\n"
        + "Description: greet the world from a minimal image\n"
        + " hello-basalt prints a greeting. It exists to test deb822 parsing.\n"
        + " .\n"
        + " Lines starting with two spaces are shown verbatim:\n"
        + "   $ hello-basalt --loud\n"
        + " .\n"
        + " The end.\n");
    assertThat(Deb822.parse(binary.toString(), "again", false).get(0).toString())
        .isEqualTo(binary.toString());
  }

  @Test
  void skipsCommentsWhereAllowed() throws Exception {
    List<Stanza> stanzas = parseFixture("debian.sources", true);

    assertThat(stanzas).extracting(Stanza::line).containsExactly(2, 10);
    assertThat(stanzas.get(0).names())
        .containsExactly("Types", "URIs", "Suites", "Components", "Signed-By");
    assertThat(stanzas.get(0).value("Components")).isEqualTo("main");
    assertThat(stanzas.get(0).value("Suites")).isEqualTo("bookworm bookworm-updates");
    Stanza security = stanzas.get(1);
    assertThat(security.lines("Signed-By")).containsExactly(
        "-----BEGIN PGP PUBLIC KEY BLOCK-----",
        "",
        "mDMEZTESTKEYONLYFORPARSING",
        "=abcd",
        "-----END PGP PUBLIC KEY BLOCK-----");
    assertThat(security.get("Signed-By")).isEqualTo("\n"
        + " -----BEGIN PGP PUBLIC KEY BLOCK-----\n"
        + " .\n"
        + " mDMEZTESTKEYONLYFORPARSING\n"
        + " =abcd\n"
        + " -----END PGP PUBLIC KEY BLOCK-----");
  }

  @Test
  void rejectsCommentsWhereTheFormatHasNone() {
    Deb822Exception e = catchThrowableOfType(Deb822Exception.class,
        () -> parseFixture("debian.sources", false));

    assertThat(e).hasMessage("debian.sources:1: comment lines are not allowed in this file");
    assertThat(e.source()).isEqualTo("debian.sources");
    assertThat(e.line()).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "Packages-duplicate-field           | Packages-duplicate-field:4: duplicate field version"
          + " (first on line 2)",
      "Packages-continuation-before-field | Packages-continuation-before-field:1: continuation"
          + " line before any field",
      "Packages-line-without-colon        | Packages-line-without-colon:4: line is neither a"
          + " \"Field: value\" line nor a continuation line: \"Package b\"",
      "Packages-comment                   | Packages-comment:2: comment lines are not allowed in"
          + " this file",
  })
  void rejectsMalformedFixturesNamingSourceAndLine(String fixture, String message) {
    assertThatThrownBy(() -> parseFixture(fixture, false))
        .isInstanceOf(Deb822Exception.class)
        .isInstanceOf(ArchiveException.class)
        .hasMessage(message);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "'Foo Bar: x'     | x:1: invalid field name \"Foo Bar\": use printable ASCII without"
          + " spaces, not starting with '-'",
      "'-Foo: x'        | x:1: invalid field name \"-Foo\": use printable ASCII without spaces,"
          + " not starting with '-'",
      "': x'            | x:1: invalid field name \"\": use printable ASCII without spaces,"
          + " not starting with '-'",
      "'Fööö: x'        | x:1: invalid field name \"Fööö\": use printable ASCII without"
          + " spaces, not starting with '-'",
  })
  void rejectsInvalidFieldNames(String text, String message) {
    assertThatThrownBy(() -> Deb822.parse(text, "x", true))
        .isInstanceOf(Deb822Exception.class)
        .hasMessage(message);
  }

  @Test
  void treatsWhitespaceOnlyLinesAsSeparatorsAndAcceptsCrlf() throws Exception {
    String text = "\n \t\nA: 1\r\nB:  two words \t\r\n \t \r\nA: 3\n\n\n\nC:\nD: x\n   \t\n";

    List<Stanza> stanzas = Deb822.parse(text, "x", false);

    assertThat(stanzas).extracting(Stanza::line).containsExactly(3, 6, 10);
    assertThat(stanzas.get(0).names()).containsExactly("A", "B");
    assertThat(stanzas.get(0).get("B")).isEqualTo("two words");
    assertThat(stanzas.get(1).get("A")).isEqualTo("3");
    assertThat(stanzas.get(2).get("C")).isEmpty();
    assertThat(stanzas.get(2).value("C")).isEmpty();
    assertThat(stanzas.get(2).lines("C")).isEmpty();
    assertThat(stanzas.get(2).get("D")).isEqualTo("x");
  }

  @Test
  void acceptsLastLineWithoutNewlineAndEmptyInput() throws Exception {
    assertThat(Deb822.parse("A: 1\nB: 2", "x", false).get(0).get("B")).isEqualTo("2");
    assertThat(Deb822.parse("A: 1\n b", "x", false).get(0).get("A")).isEqualTo("1\n b");
    assertThat(Deb822.parse("", "x", false)).isEmpty();
    assertThat(Deb822.parse("\n\n  \n", "x", false)).isEmpty();
    assertThat(Deb822.parse("# only\n# comments\n", "x", true)).isEmpty();
  }

  @Test
  void decodesUtf8ValuesAcrossReadBoundaries() throws Exception {
    byte[] text = ("Package: jeu\nMaintainer: Jérémy Lal <kapouer@melix.org>\n"
        + "Description: 日本語 ✓\n ü .\n .\n").getBytes(StandardCharsets.UTF_8);

    List<Stanza> stanzas = Deb822.parse(new TrickleInputStream(text), "utf8", false);

    assertThat(stanzas.get(0).value("Maintainer")).isEqualTo("Jérémy Lal <kapouer@melix.org>");
    assertThat(stanzas.get(0).lines("Description")).containsExactly("日本語 ✓", "ü .", "");
  }

  @Test
  void givesTheSameStanzasWhateverTheReadSizes() throws Exception {
    byte[] one = fixtureBytes("Packages-bookworm-excerpt");
    byte[] many = new byte[(one.length + 1) * 50];
    for (int i = 0; i < 50; i++) {
      System.arraycopy(one, 0, many, i * (one.length + 1), one.length);
      many[i * (one.length + 1) + one.length] = '\n';
    }

    List<Stanza> whole = Deb822.parse(new ByteArrayInputStream(many), "many", false);
    List<Stanza> trickled = Deb822.parse(new TrickleInputStream(many), "many", false);

    assertThat(whole).hasSize(150);
    assertThat(trickled).extracting(Stanza::toString)
        .containsExactlyElementsOf(whole.stream().map(Stanza::toString).toList());
    assertThat(trickled).extracting(Stanza::line)
        .containsExactlyElementsOf(whole.stream().map(Stanza::line).toList());
    assertThat(whole.get(149).line()).isEqualTo(49 * 64 + 42);
  }

  @Test
  void handlesStanzasLargerThanTheReadBuffer() throws Exception {
    String longLine = "x".repeat(3_000_000);
    String text = "A: 1\n\nBig: " + longLine + "\n " + longLine + "\nAfter: yes\n\nZ: 26\n";

    List<Stanza> stanzas = Deb822.parse(text, "big", false);

    assertThat(stanzas).extracting(Stanza::line).containsExactly(1, 3, 7);
    assertThat(stanzas.get(1).lines("Big")).containsExactly(longLine, longLine);
    assertThat(stanzas.get(1).value("After")).isEqualTo("yes");
    assertThat(stanzas.get(2).value("Z")).isEqualTo("26");
  }

  @Test
  void streamsStanzasInFileOrder() throws Exception {
    List<String> seen = new ArrayList<>();
    try (InputStream in = Deb822Test.class.getResourceAsStream("Packages-bookworm-excerpt")) {
      Deb822.stream(in, "Packages", false, s -> seen.add(s.value("Package") + "@" + s.line()));
    }

    assertThat(seen).containsExactly("base-files@1", "ca-certificates@23", "libc6@42");
  }

  @Test
  void internsFieldNames() throws Exception {
    List<Stanza> stanzas = parseFixture("Packages-bookworm-excerpt", false);

    assertThat(stanzas.get(2).names().get(0)).isSameAs(stanzas.get(0).names().get(0));
  }

  @Test
  void rejectsDuplicateFieldsRegardlessOfCase() {
    assertThatThrownBy(() -> Deb822.parse("Package: a\nDepends: b\nDEPENDS: c\n", "x", false))
        .isInstanceOf(Deb822Exception.class)
        .hasMessage("x:3: duplicate field DEPENDS (first on line 2)");
  }

  @Test
  void feedsRelationFieldsToRelationParser() throws Exception {
    Stanza caCertificates = parseFixture("Packages-bookworm-excerpt", false).get(1);

    assertThat(RelationParser.parseGroups(caCertificates.value("Depends")))
        .extracting(group -> group.stream().map(Relation::toString).toList())
        .containsExactly(List.of("openssl (>= 1.1.1)"),
            List.of("debconf (>= 0.5)", "debconf-2.0"));
  }
}
