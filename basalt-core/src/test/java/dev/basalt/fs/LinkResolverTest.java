package dev.basalt.fs;

import static dev.basalt.testkit.Trees.dir;
import static dev.basalt.testkit.Trees.file;
import static dev.basalt.testkit.Trees.link;
import static dev.basalt.testkit.Trees.tree;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LinkResolverTest {
  private final FileTree tree = tree(
      link("/bin", "usr/bin", "base-files"),
      file("/usr/bin/dash", "elf", "dash"),
      link("/usr/bin/sh", "dash", "dash"),
      file("/usr/lib/os-release", "ID=debian\n", "base-files"),
      link("/etc/os-release", "../usr/lib/os-release", "base-files"),
      link("/etc/ssl/certs/A.pem", "/usr/share/ca-certificates/mozilla/A.crt", null),
      file("/usr/share/ca-certificates/mozilla/A.crt", "pem", "ca-certificates"),
      link("/loop/a", "b", null),
      link("/loop/b", "a", null),
      link("/escape", "../../../usr/lib/os-release", null),
      dir("/usr/share/doc/libfoo1", "libfoo1"),
      link("/usr/share/doc/libfoo-dev", "libfoo1", "libfoo-dev"));

  @Test
  void followsLinksInParentsAndInTheLastComponent() {
    assertThat(LinkResolver.resolve(tree, "/bin/sh")).contains("/usr/bin/dash");
    assertThat(LinkResolver.resolve(tree, "/etc/os-release")).contains("/usr/lib/os-release");
    assertThat(LinkResolver.resolve(tree, "/etc/ssl/certs/A.pem")).contains("/usr/share/ca-certificates/mozilla/A.crt");
    assertThat(LinkResolver.resolve(tree, "/usr/share/doc/libfoo-dev")).contains("/usr/share/doc/libfoo1");
    assertThat(LinkResolver.follow(tree, "/bin/sh")).contains(tree.get("/usr/bin/dash").orElseThrow());
  }

  @Test
  void dotDotStopsAtTheRootAsInAChroot() {
    assertThat(LinkResolver.resolve(tree, "/escape")).contains("/usr/lib/os-release");
  }

  @Test
  void missingEntriesLoopsAndFilesUsedAsDirectoriesResolveToNothing() {
    assertThat(LinkResolver.resolve(tree, "/usr/bin/bash")).isEmpty();
    assertThat(LinkResolver.resolve(tree, "/loop/a")).isEmpty();
    assertThat(LinkResolver.resolve(tree, "/usr/bin/dash/x")).isEmpty();
  }

  @Test
  void aDirectoryKnownOnlyByItsEntriesCounts() {
    FileTree sparse = new FileTree();
    sparse.put(file("/usr/lib/os-release", "ID=debian\n", "base-files"));
    sparse.put(link("/etc/os-release", "../usr/lib/os-release", "base-files"));
    assertThat(LinkResolver.resolve(sparse, "/etc/os-release")).contains("/usr/lib/os-release");
  }
}
