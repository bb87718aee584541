package dev.basalt.sbom;

import static dev.basalt.testkit.Trees.file;
import static dev.basalt.testkit.Trees.link;
import static dev.basalt.testkit.Trees.tree;
import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.fs.FileTree;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CopyrightLicensesTest {
  private static final String HEADER = "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n";

  private static Optional<String> fixture(String name) throws IOException {
    String resource = "/sbom/copyright/" + name + ".copyright";
    try (InputStream in = CopyrightLicensesTest.class.getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      return CopyrightLicenses.expression(in, resource);
    }
  }

  /** A copyright file with one Files stanza per synopsis. */
  private static Optional<String> synopses(String... synopses) {
    StringBuilder text = new StringBuilder(HEADER);
    for (int i = 0; i < synopses.length; i++) {
      text.append("\nFiles: part").append(i).append("/*\nCopyright: 2024 Jane Doe\nLicense: ").append(synopses[i])
          .append("\n Text of the license.\n");
    }
    return CopyrightLicenses.expression(text.toString());
  }

  static Stream<Arguments> realCopyrightFiles() {
    return Stream.of(
        Arguments.of("ca-certificates_20250419+deb13u1", "GPL-2.0-or-later AND MPL-2.0"),
        Arguments.of("libacl1_2.3.2-2+b1", "GPL-2.0-or-later AND LGPL-2.0-or-later"),
        Arguments.of("libcap-ng0_0.8.5-4+b1", "GPL-2.0-or-later AND GPL-3.0-only AND LGPL-2.1-or-later"),
        Arguments.of("libcap2_2.75-10+deb13u1+b3", "(BSD-3-Clause OR GPL-2.0-only) AND (BSD-3-Clause OR GPL-2.0-or-later)"),
        Arguments.of("libexpat1_2.9.0-1~deb13u1", "MIT"),
        Arguments.of("libselinux1_3.8.1-1", "GPL-2.0-only AND LicenseRef-public-domain"),
        Arguments.of("libsystemd0_257.13-1~deb13u1", "CC0-1.0 AND GPL-2.0-only WITH Linux-syscall-note AND GPL-2.0-or-later"
            + " AND LGPL-2.1-or-later AND LicenseRef-public-domain AND MIT"),
        Arguments.of("libzstd1_1.5.7+dfsg-1+deb13u1", "(BSD-3-Clause OR GPL-2.0-only) AND MIT AND Zlib"),
        Arguments.of("netbase_6.5", "GPL-2.0-only"),
        Arguments.of("tzdata_2026f-0+deb13u1", "LicenseRef-public-domain"),
        // Format written with http://, the older spelling of the same URL.
        Arguments.of("zlib1g_1.3.dfsg+really1.3.1-1+deb13u1", "Zlib"));
  }

  @ParameterizedTest
  @MethodSource("realCopyrightFiles")
  void readsTheDeclaredLicenseOfRealPackages(String fixture, String expression) throws IOException {
    assertThat(fixture(fixture)).contains(expression);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "base-files_13.8+deb13u8", // "verbatim": a name of the file's own
      "libc6_2.41-12+deb13u5", // Carnegie, MIT-like-Lord, GPL-2+-with-link-exception...
      "libssl3t64_3.5.9-1~deb13u1", // "Artistic or GPL-1+": Artistic-1.0 or Artistic-1.0-Perl?
      "openjdk-21-jre-headless_21.0.13.1+2-1~deb13u1", // "GPL2 with Classpath exception"
      "gcc-14-base_14.2.0-19", // not machine-readable (libgcc-s1's and libstdc++6's too)
      "python3.13-minimal_3.13.5-2+deb13u5"}) // not machine-readable
  void assertsNothingForRealPackagesWithAnyLicenseSpdxHasNoExactIdentifierFor(String fixture) throws IOException {
    assertThat(fixture(fixture)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "bad-format-is-the-dep5-draft",
      "bad-files-stanza-without-license",
      "bad-synopsis-ends-with-a-comma",
      "bad-no-files-stanza",
      "bad-line-without-a-field"})
  void assertsNothingForBrokenFiles(String fixture) throws IOException {
    assertThat(fixture(fixture)).isEmpty();
  }

  @Test
  void andBindsTighterThanOrUnlessACommaPrecedesIt() {
    assertThat(synopses("GPL-2+ or Artistic-2.0, and BSD-3-clause"))
        .contains("(GPL-2.0-or-later OR Artistic-2.0) AND BSD-3-Clause");
    assertThat(synopses("MPL-1.1 or GPL-2 and LGPL-2.1")).contains("MPL-1.1 OR (GPL-2.0-only AND LGPL-2.1-only)");
    assertThat(synopses("MPL-1.1 or GPL-2 or LGPL-2.1+")).contains("MPL-1.1 OR GPL-2.0-only OR LGPL-2.1-or-later");
  }

  @Test
  void joinsTheStanzasWithAndEachDistinctTermOnceInOrder() {
    assertThat(synopses("GPL-2+ and BSD-3-clause", "gpl-2.0+", "Expat", "BSD-3-Clause")).contains("BSD-3-Clause AND GPL-2.0-or-later AND MIT");
  }

  @Test
  void mapsTheStandardShortNamesWithTheirVersions() {
    assertThat(synopses("GPL-1+", "GPL-3", "LGPL-2", "LGPL-3+", "AGPL-3+", "Apache-2.0", "MPL-1.1+"))
        .contains("AGPL-3.0-or-later AND Apache-2.0 AND GPL-1.0-or-later AND GPL-3.0-only AND LGPL-2.0-only"
            + " AND LGPL-3.0-or-later AND MPL-1.1+");
    assertThat(synopses("GFDL-NIV-1.3+", "GFDL-1.2", "CC-BY-SA-4.0", "CC0", "ISC", "Zope-2.1", "Python-2.0", "LPPL-1.3c"))
        .contains("CC-BY-SA-4.0 AND CC0-1.0 AND GFDL-1.2-only AND GFDL-1.3-no-invariants-or-later AND ISC AND LPPL-1.3c"
            + " AND Python-2.0 AND ZPL-2.1");
  }

  @Test
  void takesSpdxIdentifiersUsedAsShortNamesAtTheirWord() {
    assertThat(synopses("0BSD", "BSL-1.0", "Unicode-DFS-2016", "GPL-3.0-or-later")).contains("0BSD AND BSL-1.0 AND GPL-3.0-or-later AND Unicode-DFS-2016");
  }

  @Test
  void addsAnExceptionOnlyWhenSpdxHasThatExactException() {
    assertThat(synopses("GPL-2+ with Font exception")).contains("GPL-2.0-or-later WITH Font-exception-2.0");
    assertThat(synopses("GPL-2+ with Libtool exception")).contains("GPL-2.0-or-later WITH Libtool-exception");
    assertThat(synopses("GPL-2 with Linux-syscall-note exception, and LGPL-2.1+"))
        .contains("GPL-2.0-only WITH Linux-syscall-note AND LGPL-2.1-or-later");
    assertThat(synopses("GPL-3+ with Autoconf exception")).isEmpty();
    assertThat(synopses("GPL-2+ with OpenSSL exception")).isEmpty();
    assertThat(synopses("GPL-2+ with Classpath")).isEmpty();
    assertThat(synopses("public-domain with Font exception")).isEmpty();
  }

  @Test
  void oneNameWithoutAnExactCounterpartMakesTheWholePackageNoAssertion() {
    assertThat(synopses("GPL")).isEmpty();
    assertThat(synopses("LGPL")).isEmpty();
    assertThat(synopses("Artistic")).isEmpty();
    assertThat(synopses("X11")).isEmpty();
    assertThat(synopses("Expat", "BSD-variant")).isEmpty();
    assertThat(synopses("Expat or permissive")).isEmpty();
  }

  @Test
  void malformedSynopsesAssertNothing() {
    assertThat(synopses("GPL-2+ or")).isEmpty();
    assertThat(synopses("or GPL-2+")).isEmpty();
    assertThat(synopses("GPL-2+ Expat")).isEmpty();
    assertThat(synopses("GPL-2+, Expat")).isEmpty();
    assertThat(synopses("")).isEmpty();
  }

  @Test
  void ignoresTheHeaderSummaryAndStandAloneLicenseStanzas() {
    String text = HEADER + "License: GPL-2+\n\nFiles: *\nCopyright: 2024 Jane Doe\nLicense: Expat\n\n"
        + "License: some-name-no-file-uses\n Text.\n";
    assertThat(CopyrightLicenses.expression(text)).contains("MIT");
  }

  @Test
  void followsAPackagesDocDirectoryLinkToTheCopyrightFile() throws IOException {
    String zlib = HEADER + "\nFiles: *\nCopyright: 1995 Jean-loup Gailly\nLicense: Zlib\n";
    FileTree tree = tree(
        file("/usr/share/doc/gcc-14-base/copyright", zlib, "gcc-14-base"),
        link("/usr/share/doc/libgcc-s1", "gcc-14-base", "libgcc-s1"));
    assertThat(CopyrightLicenses.forPackage(tree, "libgcc-s1")).contains("Zlib");
    assertThat(CopyrightLicenses.forPackage(tree, "gcc-14-base")).contains("Zlib");
    assertThat(CopyrightLicenses.forPackage(tree, "libc6")).isEmpty();
  }
}
