package dev.basalt.debian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.debian.Relation.Op;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RelationParserTest {

  private static Relation versioned(String name, Op op, String version) {
    return new Relation(name, null, op, DebianVersion.parse(version));
  }

  @Test
  void parsesGroupsOfAlternatives() {
    List<List<Relation>> groups = RelationParser.parseGroups(
        "libc6 (>= 2.34), libssl3 (>= 3.0.0), debconf (>= 0.5) | debconf-2.0, adduser");

    assertThat(groups).containsExactly(
        List.of(versioned("libc6", Op.GE, "2.34")),
        List.of(versioned("libssl3", Op.GE, "3.0.0")),
        List.of(versioned("debconf", Op.GE, "0.5"), Relation.unversioned("debconf-2.0")),
        List.of(Relation.unversioned("adduser")));
  }

  @Test
  void parsesArchitectureQualifiers() {
    List<List<Relation>> groups = RelationParser.parseGroups(
        "python3:any, perl:any (>= 5.36), libc6:amd64 (= 2.36-9+deb12u10), gcc:native");

    assertThat(groups).extracting(g -> g.get(0)).containsExactly(
        new Relation("python3", "any", null, null),
        new Relation("perl", "any", Op.GE, DebianVersion.parse("5.36")),
        new Relation("libc6", "amd64", Op.EQ, DebianVersion.parse("2.36-9+deb12u10")),
        new Relation("gcc", "native", null, null));
    assertThat(groups.get(2).get(0).version().toString()).isEqualTo("2.36-9+deb12u10");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "pk (<< 1)  | LT | pk (<< 1)",
      "pk (<= 1)  | LE | pk (<= 1)",
      "pk (= 1)   | EQ | pk (= 1)",
      "pk (>= 1)  | GE | pk (>= 1)",
      "pk (>> 1)  | GT | pk (>> 1)",
      "pk (< 1)   | LE | pk (<= 1)",
      "pk (> 1)   | GE | pk (>= 1)",
  })
  void readsEveryOperatorIncludingTheObsoleteOnes(String text, Op op, String canonical) {
    Relation r = RelationParser.parse(text);

    assertThat(r.op()).isEqualTo(op);
    assertThat(r.toString()).isEqualTo(canonical);
  }

  @Test
  void toleratesWhitespaceAndNewlinesAnywhere() {
    List<List<Relation>> groups = RelationParser.parseGroups(
        "\n aa(>=1.0),bb ( << 2:3-4 ) ,\n cc\t|\n dd:any\n  (\n=\n 5\n)\n");

    assertThat(groups).extracting(g -> g.stream().map(Relation::toString).toList())
        .containsExactly(List.of("aa (>= 1.0)"), List.of("bb (<< 2:3-4)"),
            List.of("cc", "dd:any (= 5)"));
  }

  @Test
  void checksAndDropsArchitectureListsAndBuildProfiles() {
    List<List<Relation>> groups = RelationParser.parseGroups(
        "debhelper-compat (= 13),\n libssl-dev (>= 3.0) [linux-any],\n check <!nocheck>,\n"
            + " gcc-multilib [amd64 i386] <!cross> <!nobiarch>,\n"
            + " libfoo-dev [!hurd-i386 !kfreebsd-any] <pkg.foo.bar !stage1>,");

    assertThat(groups).extracting(g -> g.get(0).toString()).containsExactly(
        "debhelper-compat (= 13)", "libssl-dev (>= 3.0)", "check", "gcc-multilib",
        "libfoo-dev");
  }

  @Test
  void skipsEmptyGroupsButNotEmptyAlternatives() {
    assertThat(RelationParser.parseGroups("")).isEmpty();
    assertThat(RelationParser.parseGroups(" \n ")).isEmpty();
    assertThat(RelationParser.parseGroups("aa, , bb,")).extracting(g -> g.get(0).name())
        .containsExactly("aa", "bb");
  }

  @Test
  void parsesListsWithoutAlternatives() {
    assertThat(RelationParser.parseList("base, libfoo (= 1.2-3), mail-transport-agent"))
        .containsExactly(Relation.unversioned("base"), versioned("libfoo", Op.EQ, "1.2-3"),
            Relation.unversioned("mail-transport-agent"));
    assertThatThrownBy(() -> RelationParser.parseList("a | b, c"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Alternatives ('|') are not allowed in \"a | b, c\"");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '#', value = {
      "foo (>= 1.0       # Malformed relation \"foo (>= 1.0\": '(' without ')'",
      "foo (1.0)         # Malformed relation \"foo (1.0)\": expected an operator (<<, <=, =, >=,"
          + " >>) after '('",
      "foo (>=)          # Malformed relation \"foo (>=)\": expected a version after >=",
      "foo (=> 1.0)      # Malformed relation \"foo (=> 1.0)\": Unknown version relation operator"
          + " \"=>\"; expected <<, <=, =, >= or >>",
      "foo (>= 1.0_1)    # Malformed relation \"foo (>= 1.0_1)\": Invalid Debian version"
          + " \"1.0_1\": the upstream version contains '_'; only ASCII letters, digits and"
          + " \".+~-:\" are allowed",
      "foo (>= 1.0 1)    # Malformed relation \"foo (>= 1.0 1)\": Invalid Debian version"
          + " \"1.0 1\": it contains whitespace",
      "Foo               # Malformed relation \"Foo\": Invalid package name \"Foo\": Policy 5.6.1"
          + " allows a-z, 0-9, '+', '-' and '.', at least two characters, starting with a letter"
          + " or digit",
      "f                 # Malformed relation \"f\": Invalid package name \"f\": Policy 5.6.1"
          + " allows a-z, 0-9, '+', '-' and '.', at least two characters, starting with a letter"
          + " or digit",
      "foo:              # Malformed relation \"foo:\": expected an architecture qualifier after"
          + " ':'",
      "foo:AMD64         # Malformed relation \"foo:AMD64\": Invalid architecture qualifier"
          + " \"AMD64\" on foo: expected any, native or an architecture name",
      "foo bar           # Malformed relation \"foo bar\": unexpected \"bar\"",
      "(>= 1.0)          # Malformed relation \"(>= 1.0)\": expected a package name",
      "foo (>= 1) (<< 2) # Malformed relation \"foo (>= 1) (<< 2)\": unexpected \"(<< 2)\"",
      "foo []            # Malformed relation \"foo []\": empty architecture list",
      "foo [amd64        # Malformed relation \"foo [amd64\": '[' without ']'",
      "foo [amd_64]      # Malformed relation \"foo [amd_64]\": invalid architecture \"amd_64\"",
      "foo <>            # Malformed relation \"foo <>\": empty build profile list",
      "foo <!Nocheck>    # Malformed relation \"foo <!Nocheck>\": invalid build profile"
          + " \"!Nocheck\"",
      "aa | | bb         # Empty alternative in \"aa | | bb\"",
      "aa, bb |          # Empty alternative in \"bb |\"",
  })
  void rejectsMalformedRelationsQuotingThem(String field, String message) {
    assertThatThrownBy(() -> RelationParser.parseGroups(field))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @ParameterizedTest(name = "{0} by {1}")
  @CsvSource(delimiter = '|', value = {
      "libc6 (>= 2.36)  | 2.36-9+deb12u10 | true",
      "libc6 (>= 2.36)  | 2.35-1          | false",
      "libc6 (>= 2.36)  | 2.36            | true",
      "foo (<< 1.0)     | 1.0~rc1         | true",
      "foo (<< 1.0)     | 1.0             | false",
      "foo (<= 1.0)     | 1.0             | true",
      "foo (<= 1.0)     | 1.0+b1          | false",
      "foo (= 1.0)      | 1.00            | true",
      "foo (= 1.0)      | 0:1.0-0         | true",
      "foo (= 1.0)      | 1.0-1           | false",
      "foo (>> 1.0)     | 1.0+b1          | true",
      "foo (>> 1.0)     | 1.0             | false",
      "foo (<= 1:1.0)   | 2.0             | true",
      "foo (>= 1:1.0)   | 2.0             | false",
      "foo (< 2)        | 2               | true",
      "foo (> 2)        | 2               | true",
      "foo              | 0~              | true",
      "foo:any          | 99:99           | true",
  })
  void checksCandidateVersions(String relation, String candidate, boolean expected) {
    assertThat(RelationParser.parse(relation).satisfiedBy(DebianVersion.parse(candidate)))
        .isEqualTo(expected);
  }

  @Test
  void opTestFollowsTheComparisonResult() {
    assertThat(List.of(Op.LT.test(-1), Op.LT.test(0), Op.LT.test(1)))
        .containsExactly(true, false, false);
    assertThat(List.of(Op.LE.test(-1), Op.LE.test(0), Op.LE.test(1)))
        .containsExactly(true, true, false);
    assertThat(List.of(Op.EQ.test(-1), Op.EQ.test(0), Op.EQ.test(1)))
        .containsExactly(false, true, false);
    assertThat(List.of(Op.GE.test(-1), Op.GE.test(0), Op.GE.test(1)))
        .containsExactly(false, true, true);
    assertThat(List.of(Op.GT.test(-1), Op.GT.test(0), Op.GT.test(1)))
        .containsExactly(false, false, true);
    assertThat(Op.GT.test(Integer.MAX_VALUE)).isTrue();
    assertThat(Op.LT.test(Integer.MIN_VALUE)).isTrue();
  }

  @Test
  void relationNeedsOperatorAndVersionTogether() {
    assertThatThrownBy(() -> new Relation("foo", null, Op.GE, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Relation on foo needs both an operator and a version, or neither");
    assertThatThrownBy(() -> new Relation("foo", null, null, DebianVersion.parse("1.0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Relation on foo needs both an operator and a version, or neither");
  }

  @Test
  void equalRelationsFollowVersionEquality() {
    assertThat(RelationParser.parse("foo (>= 1.0)"))
        .isEqualTo(RelationParser.parse("foo (>= 1.00-0)"))
        .isNotEqualTo(RelationParser.parse("foo (>> 1.0)"));
    assertThat(RelationParser.parse("foo (>= 1.00-0)").toString()).isEqualTo("foo (>= 1.00-0)");
    assertThat(RelationParser.parse("foo (>= 1.0)").isVersioned()).isTrue();
    assertThat(RelationParser.parse("foo").isVersioned()).isFalse();
  }
}
