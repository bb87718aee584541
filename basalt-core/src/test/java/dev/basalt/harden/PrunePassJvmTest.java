package dev.basalt.harden;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.fs.Content;
import dev.basalt.fs.FileEntry;
import dev.basalt.fs.FileTree;
import dev.basalt.spec.ImageSpec;
import org.junit.jupiter.api.Test;

class PrunePassJvmTest {
  private static void file(FileTree tree, String path, int size) {
    tree.putWithParents(new FileEntry.RegularFile(path, 0644, 0, 0, 1, "openjdk-21-jre-headless",
        Content.Inline.of(new byte[size])), 1);
  }

  @Test
  void removesTheClassDataArchivesOfNonDefaultVmModesAndTheJvmsManPages() {
    FileTree tree = new FileTree();
    String server = "/usr/lib/jvm/java-21-openjdk-amd64/lib/server/";
    file(tree, server + "classes.jsa", 100);
    file(tree, server + "classes_nocoops.jsa", 70);
    file(tree, server + "classes_coh.jsa", 20);
    file(tree, server + "libjvm.so", 50);
    file(tree, "/usr/lib/jvm/java-21-openjdk-amd64/man/man1/java.1.gz", 9);
    PrunePass.Report report = new PrunePass().apply(tree, ImageSpec.Harden.STRICT);
    assertThat(tree.contains(server + "classes.jsa")).isTrue();
    assertThat(tree.contains(server + "libjvm.so")).isTrue();
    assertThat(tree.contains(server + "classes_nocoops.jsa")).isFalse();
    assertThat(tree.contains(server + "classes_coh.jsa")).isFalse();
    assertThat(report.removed()).containsEntry(PrunePass.Category.JVM_CDS, new PrunePass.Tally(2, 90))
        .containsEntry(PrunePass.Category.MAN, new PrunePass.Tally(3, 9));
    assertThat(tree.contains("/usr/lib/jvm/java-21-openjdk-amd64/man")).isFalse();
  }

  @Test
  void keepJvmCdsKeepsThem() {
    FileTree tree = new FileTree();
    String archive = "/usr/lib/jvm/java-21-openjdk-amd64/lib/server/classes_nocoops.jsa";
    file(tree, archive, 70);
    ImageSpec.Harden keep = new ImageSpec.Harden(false, false, false, false, false, false, false, false, false, true, null);
    PrunePass.Report report = new PrunePass().apply(tree, keep);
    assertThat(tree.contains(archive)).isTrue();
    assertThat(report.removed()).doesNotContainKey(PrunePass.Category.JVM_CDS);
  }
}
