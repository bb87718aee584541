package dev.basalt.effects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.effects.AlternativesTable.Alternative;
import dev.basalt.effects.AlternativesTable.Slave;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlternativesTableTest {
  private static final List<String> JRE_TOOLS = List.of("java", "jpackage", "keytool", "rmiregistry", "jexec");
  private static final List<String> JDK_21_TOOLS = List.of("jar", "jarsigner", "javac", "javadoc", "javap", "jcmd",
      "jdb", "jdeprscan", "jdeps", "jfr", "jimage", "jinfo", "jlink", "jmap", "jmod", "jps", "jrunscript", "jshell",
      "jstack", "jstat", "jstatd", "jwebserver", "serialver", "jhsdb");

  @Test
  void theShippedTableHoldsTheTrixiePostinstCalls() {
    AlternativesTable table = AlternativesTable.standard();

    assertThat(table.packages()).containsExactly("nodejs", "openjdk-21-jdk-headless", "openjdk-21-jre-headless",
        "openjdk-25-jdk-headless", "openjdk-25-jre-headless", "tar", "util-linux");
    assertThat(table.of("openjdk-21-jre-headless")).extracting(Alternative::name).containsExactlyElementsOf(JRE_TOOLS);
    assertThat(table.of("openjdk-25-jre-headless")).extracting(Alternative::name).containsExactlyElementsOf(JRE_TOOLS);
    assertThat(table.of("openjdk-21-jdk-headless")).extracting(Alternative::name)
        .containsExactlyElementsOf(JDK_21_TOOLS);
    assertThat(table.of("openjdk-25-jdk-headless")).extracting(Alternative::name).containsExactly("jar", "jarsigner",
        "javac", "javadoc", "javap", "jcmd", "jdb", "jdeprscan", "jdeps", "jfr", "jimage", "jinfo", "jlink", "jmap",
        "jmod", "jnativescan", "jps", "jrunscript", "jshell", "jstack", "jstat", "jstatd", "jwebserver", "serialver",
        "jhsdb");
    assertThat(table.of("openjdk-21-jre-headless")).extracting(Alternative::priority).containsOnly(2111);
    assertThat(table.of("openjdk-21-jdk-headless")).extracting(Alternative::priority).containsOnly(2111);
    assertThat(table.of("openjdk-25-jre-headless")).extracting(Alternative::priority).containsOnly(2511);
    assertThat(table.of("openjdk-25-jdk-headless")).extracting(Alternative::priority).containsOnly(2511);
    assertThat(table.of("openjdk-21-jre-headless").get(0)).isEqualTo(new Alternative("openjdk-21-jre-headless",
        "/usr/bin/java", "java", "/usr/lib/jvm/java-21-openjdk-${arch}/bin/java", 2111, List.of()));
    assertThat(table.of("openjdk-25-jre-headless").get(4)).isEqualTo(new Alternative("openjdk-25-jre-headless",
        "/usr/bin/jexec", "jexec", "/usr/lib/jvm/java-25-openjdk-${arch}/lib/jexec", 2511,
        List.of(new Slave("/usr/share/binfmts/jar", "jexec-binfmt", "/usr/lib/jvm/java-25-openjdk-${arch}/lib/jar.binfmt"))));
    assertThat(table.of("nodejs"))
        .containsExactly(new Alternative("nodejs", "/usr/bin/js", "js", "/usr/bin/nodejs", 200, List.of()));
    assertThat(table.of("tar"))
        .containsExactly(new Alternative("tar", "/usr/sbin/rmt", "rmt", "/usr/sbin/rmt-tar", 50, List.of()));
    assertThat(table.of("util-linux"))
        .containsExactly(new Alternative("util-linux", "/usr/bin/pager", "pager", "/bin/more", 50, List.of()));
  }

  @Test
  void manPageSlavesAreLeftOutOfTheShippedTable() {
    AlternativesTable table = AlternativesTable.standard();
    for (String pkg : table.packages()) {
      for (Alternative a : table.of(pkg)) {
        assertThat(a.slaves()).extracting(Slave::link).noneMatch(link -> link.startsWith("/usr/share/man/"));
      }
    }
  }

  @Test
  void parsesLinesWithSlavesAndSkipsComments() {
    AlternativesTable table = AlternativesTable.parse("""
        # a comment

        foo /usr/bin/x x /usr/lib/foo/${arch}/x 10 --slave /usr/share/x.conf x.conf /usr/lib/foo/x.conf
          foo   /usr/bin/y  y /usr/lib/foo/y  -5
        bar /usr/bin/x x /usr/lib/bar/x 20
        """, "test");

    assertThat(table.packages()).containsExactly("bar", "foo");
    assertThat(table.of("foo")).containsExactly(
        new Alternative("foo", "/usr/bin/x", "x", "/usr/lib/foo/${arch}/x", 10,
            List.of(new Slave("/usr/share/x.conf", "x.conf", "/usr/lib/foo/x.conf"))),
        new Alternative("foo", "/usr/bin/y", "y", "/usr/lib/foo/y", -5, List.of()));
    assertThat(table.of("baz")).isEmpty();
  }

  @Test
  void forArchFillsInTheArchitecture() {
    Alternative a = new Alternative("foo", "/usr/bin/x", "x", "/usr/lib/${arch}/x", 1,
        List.of(new Slave("/etc/x", "x.conf", "/usr/lib/${arch}/x.conf")));

    assertThat(a.forArch("arm64")).isEqualTo(new Alternative("foo", "/usr/bin/x", "x", "/usr/lib/arm64/x", 1,
        List.of(new Slave("/etc/x", "x.conf", "/usr/lib/arm64/x.conf"))));
    assertThatThrownBy(() -> a.forArch("../x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a Debian architecture: ../x");
  }

  @Test
  void malformedLinesAreRefusedWithTheirLineNumber() {
    assertThatThrownBy(() -> AlternativesTable.parse("# c\nfoo /usr/bin/x x /x\n", "t.txt"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("t.txt:2: expected <package> <link> <name> <path> <priority> [--slave <link> <name> <path>]...,"
            + " not 4 words");
    assertThatThrownBy(() -> AlternativesTable.parse("foo /usr/bin/x x /x high\n", "t.txt"))
        .hasMessage("t.txt:1: priority 'high' is not a number");
    assertThatThrownBy(() -> AlternativesTable.parse("foo /usr/bin/x x /x 1 --master /a a /b\n", "t.txt"))
        .hasMessage("t.txt:1: expected --slave, not '--master'");
    assertThatThrownBy(() -> AlternativesTable.parse("Foo /usr/bin/x x /x 1\n", "t.txt"))
        .hasMessage("t.txt:1: 'Foo' is not a Debian package name");
    assertThatThrownBy(() -> AlternativesTable.parse("foo usr/bin/x x /x 1\n", "t.txt"))
        .hasMessage("t.txt:1: link 'usr/bin/x' is not a normalised absolute path");
    assertThatThrownBy(() -> AlternativesTable.parse("foo /usr/bin/x x/y /x 1\n", "t.txt"))
        .hasMessage("t.txt:1: 'x/y' is not an alternative name");
    assertThatThrownBy(() -> AlternativesTable.parse("foo /usr/bin/x x /usr//x 1\n", "t.txt"))
        .hasMessage("t.txt:1: path '/usr//x' is not a normalised absolute path");
  }

  @Test
  void aNameHasOneLinkAndAPackageInstallsItOnce() {
    assertThatThrownBy(() -> AlternativesTable.parse("foo /usr/bin/x x /a 1\nbar /usr/sbin/x x /b 2\n", "t.txt"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("t.txt:2: alternative x has link /usr/sbin/x, but foo gives it /usr/bin/x");
    assertThatThrownBy(() -> AlternativesTable.parse("foo /usr/bin/x x /a 1\nfoo /usr/bin/x x /b 2\n", "t.txt"))
        .hasMessage("t.txt:2: foo installs alternative x twice");
  }
}
