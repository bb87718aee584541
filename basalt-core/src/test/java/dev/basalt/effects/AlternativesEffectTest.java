package dev.basalt.effects;

import static dev.basalt.testkit.Trees.dir;
import static dev.basalt.testkit.Trees.file;
import static dev.basalt.testkit.Trees.link;
import static dev.basalt.testkit.Trees.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.fs.FileEntry;
import dev.basalt.fs.FileTree;
import dev.basalt.spec.ImageSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlternativesEffectTest {
  private static final long EPOCH = 1_700_000_000L;
  private static final List<String> JRE_TOOLS = List.of("java", "jpackage", "keytool", "rmiregistry");

  private static EffectContext ctx(String arch, InstalledPackage... packages) {
    return new EffectContext(arch, EPOCH, List.of(packages), new ImageSpec.Accounts("nonroot"));
  }

  private static InstalledPackage pkg(String name, String arch) {
    return new InstalledPackage(name, "1.0", arch, "Package: " + name + "\n", null, List.of("postinst"));
  }

  /** What an openjdk-N-jre-headless ships that its postinst links to. */
  private static List<FileEntry> jre(int version, String arch) {
    String pkg = "openjdk-" + version + "-jre-headless";
    String home = "/usr/lib/jvm/java-" + version + "-openjdk-" + arch;
    List<FileEntry> entries = new ArrayList<>(List.of(dir("/etc", "base-files"), dir("/usr/bin", "base-files")));
    for (String tool : JRE_TOOLS) {
      entries.add(file(home + "/bin/" + tool, 0755, new byte[] {1}, pkg));
    }
    entries.add(file(home + "/lib/jexec", 0755, new byte[] {2}, pkg));
    entries.add(file(home + "/lib/jar.binfmt", "package jar\n", pkg));
    entries.add(dir("/usr/share/binfmts", pkg));
    return entries;
  }

  private static FileTree treeOf(List<FileEntry> entries) {
    return tree(entries.toArray(FileEntry[]::new));
  }

  private static FileEntry.Symlink made(String path, String target) {
    return new FileEntry.Symlink(path, target, 0, 0, EPOCH, null);
  }

  @Test
  void aJreGetsItsToolsLinkedThroughEtcAlternatives() throws Exception {
    FileTree tree = treeOf(jre(21, "amd64"));

    EffectResult result = new AlternativesEffect().apply(tree, ctx("amd64", pkg("openjdk-21-jre-headless", "amd64")));

    String home = "/usr/lib/jvm/java-21-openjdk-amd64";
    assertThat(tree.get("/etc/alternatives/java").orElseThrow()).isEqualTo(made("/etc/alternatives/java", home + "/bin/java"));
    assertThat(tree.get("/usr/bin/java").orElseThrow()).isEqualTo(made("/usr/bin/java", "/etc/alternatives/java"));
    assertThat(tree.get("/usr/bin/jexec").orElseThrow()).isEqualTo(made("/usr/bin/jexec", "/etc/alternatives/jexec"));
    assertThat(tree.get("/etc/alternatives/jexec-binfmt").orElseThrow())
        .isEqualTo(made("/etc/alternatives/jexec-binfmt", home + "/lib/jar.binfmt"));
    assertThat(tree.get("/usr/share/binfmts/jar").orElseThrow())
        .isEqualTo(made("/usr/share/binfmts/jar", "/etc/alternatives/jexec-binfmt"));
    FileEntry etcAlternatives = tree.get("/etc/alternatives").orElseThrow();
    assertThat(etcAlternatives).isEqualTo(new FileEntry.Directory("/etc/alternatives", 0755, 0, 0, EPOCH, null));
    assertThat(tree.get("/usr/bin/java").orElseThrow().mode()).isEqualTo(0777);
    assertThat(result.effect()).isEqualTo("alternatives");
    assertThat(result.created()).containsExactly(
        "/etc/alternatives", "/etc/alternatives/java", "/usr/bin/java",
        "/etc/alternatives/jexec", "/usr/bin/jexec",
        "/etc/alternatives/jexec-binfmt", "/usr/share/binfmts/jar",
        "/etc/alternatives/jpackage", "/usr/bin/jpackage",
        "/etc/alternatives/keytool", "/usr/bin/keytool",
        "/etc/alternatives/rmiregistry", "/usr/bin/rmiregistry");
    assertThat(result.replaced()).isEmpty();
    assertThat(result.notes()).isEmpty();
  }

  @Test
  void theArchitectureOfThePackageNamesTheJvmDirectory() throws Exception {
    FileTree tree = treeOf(jre(25, "arm64"));

    new AlternativesEffect().apply(tree, ctx("arm64", pkg("openjdk-25-jre-headless", "arm64")));

    assertThat(tree.get("/etc/alternatives/keytool").orElseThrow())
        .isEqualTo(made("/etc/alternatives/keytool", "/usr/lib/jvm/java-25-openjdk-arm64/bin/keytool"));
  }

  @Test
  void theHighestPriorityWinsEachName() throws Exception {
    List<FileEntry> entries = new ArrayList<>(jre(21, "amd64"));
    entries.addAll(jre(25, "amd64"));
    FileTree tree = treeOf(entries);

    EffectResult result = new AlternativesEffect().apply(tree, ctx("amd64",
        pkg("openjdk-21-jre-headless", "amd64"), pkg("openjdk-25-jre-headless", "amd64")));

    assertThat(tree.get("/etc/alternatives/java").orElseThrow())
        .isEqualTo(made("/etc/alternatives/java", "/usr/lib/jvm/java-25-openjdk-amd64/bin/java"));
    assertThat(tree.get("/etc/alternatives/jexec-binfmt").orElseThrow())
        .isEqualTo(made("/etc/alternatives/jexec-binfmt", "/usr/lib/jvm/java-25-openjdk-amd64/lib/jar.binfmt"));
    assertThat(result.notes()).containsExactly(
        "alternative java: /usr/lib/jvm/java-25-openjdk-amd64/bin/java of openjdk-25-jre-headless (priority 2511)"
            + " over openjdk-21-jre-headless (2111)",
        "alternative jexec: /usr/lib/jvm/java-25-openjdk-amd64/lib/jexec of openjdk-25-jre-headless (priority 2511)"
            + " over openjdk-21-jre-headless (2111)",
        "alternative jpackage: /usr/lib/jvm/java-25-openjdk-amd64/bin/jpackage of openjdk-25-jre-headless"
            + " (priority 2511) over openjdk-21-jre-headless (2111)",
        "alternative keytool: /usr/lib/jvm/java-25-openjdk-amd64/bin/keytool of openjdk-25-jre-headless"
            + " (priority 2511) over openjdk-21-jre-headless (2111)",
        "alternative rmiregistry: /usr/lib/jvm/java-25-openjdk-amd64/bin/rmiregistry of openjdk-25-jre-headless"
            + " (priority 2511) over openjdk-21-jre-headless (2111)");
  }

  @Test
  void equalPrioritiesGoToTheLexicallyFirstPath() throws Exception {
    AlternativesTable table = AlternativesTable.parse("""
        zed /usr/bin/editor editor /usr/bin/aaa 40
        alpha /usr/bin/editor editor /usr/bin/bbb 40
        """, "test");
    FileTree tree = tree(file("/usr/bin/aaa", "a", "zed"), file("/usr/bin/bbb", "b", "alpha"));

    new AlternativesEffect(table).apply(tree, ctx("amd64", pkg("alpha", "all"), pkg("zed", "all")));

    assertThat(tree.get("/etc/alternatives/editor").orElseThrow())
        .isEqualTo(made("/etc/alternatives/editor", "/usr/bin/aaa"));
  }

  @Test
  void aMissingAlternativeIsAnError() {
    List<FileEntry> entries = new ArrayList<>(jre(21, "amd64"));
    entries.removeIf(e -> e.path().endsWith("/bin/keytool"));
    FileTree tree = treeOf(entries);

    assertThatThrownBy(() -> new AlternativesEffect().apply(tree, ctx("amd64", pkg("openjdk-21-jre-headless", "amd64"))))
        .isInstanceOf(EffectException.class)
        .hasMessage("alternative keytool of openjdk-21-jre-headless 1.0: /usr/lib/jvm/java-21-openjdk-amd64/bin/keytool"
            + " is not in the tree, so its postinst would fail; the package does not match basalt's"
            + " alternatives.txt (read from another version?)");
  }

  @Test
  void aSlaveWhoseFileIsMissingGetsNoLink() throws Exception {
    List<FileEntry> entries = new ArrayList<>(jre(21, "amd64"));
    entries.removeIf(e -> e.path().endsWith("/lib/jar.binfmt"));
    FileTree tree = treeOf(entries);

    new AlternativesEffect().apply(tree, ctx("amd64", pkg("openjdk-21-jre-headless", "amd64")));

    assertThat(tree.contains("/usr/bin/jexec")).isTrue();
    assertThat(tree.contains("/etc/alternatives/jexec-binfmt")).isFalse();
    assertThat(tree.contains("/usr/share/binfmts/jar")).isFalse();
  }

  @Test
  void targetsAndLinksAreFoundThroughSymlinkedDirectories() throws Exception {
    FileTree tree = tree(dir("/etc", "base-files"), link("/bin", "usr/bin", "base-files"), file("/usr/bin/more", 0755, new byte[] {1}, "util-linux"),
        file("/usr/bin/node", 0755, new byte[] {2}, "nodejs"), link("/usr/bin/nodejs", "node", "nodejs"));
    AlternativesTable table = AlternativesTable.parse("""
        util-linux /bin/pager pager /bin/more 50
        nodejs /usr/bin/js js /usr/bin/nodejs 200
        """, "test");

    EffectResult result = new AlternativesEffect(table)
        .apply(tree, ctx("amd64", pkg("util-linux", "amd64"), pkg("nodejs", "amd64")));

    assertThat(tree.get("/etc/alternatives/pager").orElseThrow()).isEqualTo(made("/etc/alternatives/pager", "/bin/more"));
    assertThat(tree.get("/usr/bin/pager").orElseThrow()).isEqualTo(made("/usr/bin/pager", "/etc/alternatives/pager"));
    assertThat(tree.contains("/bin/pager")).isFalse();
    assertThat(tree.get("/etc/alternatives/js").orElseThrow()).isEqualTo(made("/etc/alternatives/js", "/usr/bin/nodejs"));
    assertThat(result.created()).containsExactly("/etc/alternatives", "/etc/alternatives/js", "/usr/bin/js",
        "/etc/alternatives/pager", "/usr/bin/pager");
  }

  @Test
  void aSymlinkAtTheLinkIsReplacedAnythingElseKept() throws Exception {
    FileTree tree = tree(file("/usr/bin/node", 0755, new byte[] {2}, "nodejs"),
        link("/usr/bin/nodejs", "node", "nodejs"), link("/usr/bin/js", "node", "other"),
        file("/usr/sbin/rmt-tar", 0755, new byte[] {3}, "tar"), file("/usr/sbin/rmt", 0755, new byte[] {4}, "rmt"));

    EffectResult result = new AlternativesEffect()
        .apply(tree, ctx("amd64", pkg("nodejs", "amd64"), pkg("tar", "amd64")));

    assertThat(tree.get("/usr/bin/js").orElseThrow()).isEqualTo(made("/usr/bin/js", "/etc/alternatives/js"));
    assertThat(tree.get("/usr/sbin/rmt").orElseThrow()).isInstanceOf(FileEntry.RegularFile.class);
    assertThat(tree.get("/etc/alternatives/rmt").orElseThrow()).isEqualTo(made("/etc/alternatives/rmt", "/usr/sbin/rmt-tar"));
    assertThat(result.replaced()).containsExactly("/usr/bin/js");
    assertThat(result.notes()).containsExactly("not replacing /usr/sbin/rmt (from rmt) with a link to /etc/alternatives/rmt");
  }

  @Test
  void packagesNotInTheTableChangeNothing() throws Exception {
    FileTree tree = tree(file("/usr/bin/python3.13", 0755, new byte[] {1}, "python3.13-minimal"));
    List<FileEntry> before = List.copyOf(tree.entries());

    EffectResult result = new AlternativesEffect().apply(tree,
        ctx("amd64", pkg("python3.13-minimal", "amd64"), pkg("python3", "amd64"), pkg("libc6", "amd64")));

    assertThat(List.copyOf(tree.entries())).isEqualTo(before);
    assertThat(Arrays.asList(result.created(), result.replaced(), result.notes())).containsOnly(List.of());
  }
}
