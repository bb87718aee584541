package dev.basalt.effects;

import static dev.basalt.testkit.Trees.bytes;
import static dev.basalt.testkit.Trees.file;
import static dev.basalt.testkit.Trees.link;
import static dev.basalt.testkit.Trees.tree;
import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.cache.Digest;
import dev.basalt.fs.FileEntry;
import dev.basalt.fs.FileTree;
import dev.basalt.spec.ImageSpec;
import dev.basalt.testkit.FixtureElf;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class LdSoCacheEffectTest {
  private static final long EPOCH = 1_700_000_000L;
  private static final EffectContext AMD64 = context("amd64");
  private static final EffectContext ARM64 = context("arm64");
  private static final String AMD64_DIR = "/usr/lib/x86_64-linux-gnu/";
  private static final String AMD64_CONF =
      "# Multiarch support\n/usr/local/lib/x86_64-linux-gnu\n/lib/x86_64-linux-gnu\n/usr/lib/x86_64-linux-gnu\n";
  private static final String DEFAULT_CONF_NOTE =
      "no /etc/ld.so.conf (libc-bin not installed): read as libc-bin ships it, \"include /etc/ld.so.conf.d/*.conf\"";
  private static final int X8664 = 0x0303;
  private static final int AARCH64 = 0x0a03;

  /** A trixie amd64 image as basalt assembles it: merged /usr, libc6 and libssl3t64, no libc-bin. */
  static List<FileEntry> trixieAmd64() {
    return List.of(
        link("/lib", "usr/lib", "base-files"),
        link("/lib64", "usr/lib64", "base-files"),
        file("/etc/ld.so.conf.d/x86_64-linux-gnu.conf", AMD64_CONF, "libc6"),
        elf(AMD64_DIR + "libc.so.6", FixtureElf.x8664("libc.so.6"), "libc6"),
        elf(AMD64_DIR + "libm.so.6", FixtureElf.x8664("libm.so.6"), "libc6"),
        elf(AMD64_DIR + "ld-linux-x86-64.so.2", FixtureElf.x8664("ld-linux-x86-64.so.2"), "libc6"),
        link("/usr/lib64/ld-linux-x86-64.so.2", "../lib/x86_64-linux-gnu/ld-linux-x86-64.so.2", "libc6"),
        elf(AMD64_DIR + "libssl.so.3", FixtureElf.x8664("libssl.so.3"), "libssl3t64"),
        elf(AMD64_DIR + "libcrypto.so.3", FixtureElf.x8664("libcrypto.so.3"), "libssl3t64"),
        elf(AMD64_DIR + "ossl-modules/legacy.so", FixtureElf.x8664(null), "openssl-provider-legacy"),
        elf(AMD64_DIR + "libz.so.1.3.1", FixtureElf.x8664("libz.so.1"), "zlib1g"),
        link(AMD64_DIR + "libz.so.1", "libz.so.1.3.1", "zlib1g"));
  }

  @Test
  void cachesAMergedUsrImagesLibrariesUnderTheConfiguredPaths() throws Exception {
    FileTree tree = tree(trixieAmd64().toArray(FileEntry[]::new));

    EffectResult result = new LdSoCacheEffect().apply(tree, AMD64);

    LdSoCacheFile cache = LdSoCacheFile.parse(bytes(tree, "/etc/ld.so.cache"));
    String lib = "/lib/x86_64-linux-gnu/";
    assertThat(cache.entries()).containsExactly(
        new LdSoCacheFile.Entry(X8664, "libz.so.1", lib + "libz.so.1", 0, 0),
        new LdSoCacheFile.Entry(X8664, "libssl.so.3", lib + "libssl.so.3", 0, 0),
        new LdSoCacheFile.Entry(X8664, "libm.so.6", lib + "libm.so.6", 0, 0),
        new LdSoCacheFile.Entry(X8664, "libcrypto.so.3", lib + "libcrypto.so.3", 0, 0),
        new LdSoCacheFile.Entry(X8664, "libc.so.6", lib + "libc.so.6", 0, 0),
        new LdSoCacheFile.Entry(X8664, "ld-linux-x86-64.so.2", lib + "ld-linux-x86-64.so.2", 0, 0));
    assertThat(cache.flags()).isEqualTo(2);
    assertThat(cache.generator()).isEqualTo("basalt");
    FileEntry entry = tree.get("/etc/ld.so.cache").orElseThrow();
    assertThat(List.of(entry.mode(), entry.uid(), entry.gid())).containsExactly(0644, 0, 0);
    assertThat(entry.mtime()).isEqualTo(EPOCH);
    assertThat(entry.owner()).isNull();
    assertThat(result.effect()).isEqualTo("ld.so.cache");
    assertThat(result.created()).containsExactly("/etc/ld.so.cache");
    assertThat(result.notes()).containsExactly(DEFAULT_CONF_NOTE, "6 libraries in /etc/ld.so.cache");
  }

  @Test
  void theSameLibrariesGiveTheSameBytesWhateverTheOrderAndAGoldenDigestPinsThem() throws Exception {
    FileTree forward = tree(trixieAmd64().toArray(FileEntry[]::new));
    List<FileEntry> reversed = new ArrayList<>(trixieAmd64());
    Collections.reverse(reversed);
    FileTree backward = new FileTree();
    for (FileEntry e : reversed) {
      backward.putWithParents(e, 1000);
    }

    new LdSoCacheEffect().apply(forward, AMD64);
    new LdSoCacheEffect().apply(backward, AMD64);

    byte[] cache = bytes(forward, "/etc/ld.so.cache");
    assertThat(bytes(backward, "/etc/ld.so.cache")).isEqualTo(cache);
    // Pins the layout of the file: a change here changes every image with glibc in it.
    assertThat(Digest.of(cache).toString()).isEqualTo(GOLDEN_CACHE_DIGEST);
  }

  static final String GOLDEN_CACHE_DIGEST = "sha256:e89185e9369a4c92d549843d2cc26b424ae3985ee31ed16d07d201ec82bb688f";

  @Test
  void arm64LibrariesGetTheAarch64FlagAndTheirMultiarchDirectory() throws Exception {
    String dir = "/usr/lib/aarch64-linux-gnu/";
    FileTree tree = tree(
        link("/lib", "usr/lib", "base-files"),
        file("/etc/ld.so.conf.d/aarch64-linux-gnu.conf",
            "# Multiarch support\n/usr/local/lib/aarch64-linux-gnu\n/lib/aarch64-linux-gnu\n/usr/lib/aarch64-linux-gnu\n", "libc6"),
        elf(dir + "libc.so.6", FixtureElf.aarch64("libc.so.6"), "libc6"),
        elf(dir + "ld-linux-aarch64.so.1", FixtureElf.aarch64("ld-linux-aarch64.so.1"), "libc6"),
        link("/usr/lib/ld-linux-aarch64.so.1", "aarch64-linux-gnu/ld-linux-aarch64.so.1", "libc6"),
        elf(dir + "libssl.so.3", FixtureElf.aarch64("libssl.so.3"), "libssl3t64"));

    EffectResult result = new LdSoCacheEffect().apply(tree, ARM64);

    String lib = "/lib/aarch64-linux-gnu/";
    assertThat(LdSoCacheFile.parse(bytes(tree, "/etc/ld.so.cache")).entries()).containsExactly(
        new LdSoCacheFile.Entry(AARCH64, "libssl.so.3", lib + "libssl.so.3", 0, 0),
        new LdSoCacheFile.Entry(AARCH64, "libc.so.6", lib + "libc.so.6", 0, 0),
        new LdSoCacheFile.Entry(AARCH64, "ld-linux-aarch64.so.1", lib + "ld-linux-aarch64.so.1", 0, 0),
        new LdSoCacheFile.Entry(AARCH64, "ld-linux-aarch64.so.1", "/lib/ld-linux-aarch64.so.1", 0, 0));
    assertThat(result.notes()).contains("4 libraries in /etc/ld.so.cache");
  }

  @Test
  void missingSonameLinksAreMadeAndDanglingOnesDropped() throws Exception {
    FileTree tree = tree(
        file("/etc/ld.so.conf", "/opt/lib\n", "x"),
        elf("/opt/lib/libfoo.so.1.2.3", FixtureElf.x8664("libfoo.so.1"), "foo"),
        link("/opt/lib/libbar.so.2", "libbar.so.2.0", "bar"),
        link("/opt/lib/libbar.so", "libbar.so.2", "bar-dev"));

    EffectResult result = new LdSoCacheEffect().apply(tree, AMD64);

    assertThat(tree.get("/opt/lib/libfoo.so.1").orElseThrow())
        .isEqualTo(new FileEntry.Symlink("/opt/lib/libfoo.so.1", "libfoo.so.1.2.3", 0, 0, EPOCH, null));
    assertThat(tree.contains("/opt/lib/libbar.so.2")).isFalse();
    assertThat(tree.contains("/opt/lib/libbar.so")).isTrue();
    assertThat(LdSoCacheFile.parse(bytes(tree, "/etc/ld.so.cache")).entries())
        .containsExactly(new LdSoCacheFile.Entry(X8664, "libfoo.so.1", "/opt/lib/libfoo.so.1", 0, 0));
    assertThat(result.created()).containsExactly("/opt/lib/libfoo.so.1", "/etc/ld.so.cache");
    assertThat(result.notes()).containsExactly(
        "removed /opt/lib/libbar.so.2, a dangling link (ldconfig removes those named *.so.*)",
        "linked /opt/lib/libfoo.so.1 -> libfoo.so.1.2.3, as ldconfig does",
        "1 libraries in /etc/ld.so.cache");
  }

  @Test
  void aSonameHeldByAnotherFileIsLeftAloneAndStillCached() throws Exception {
    FileTree tree = tree(
        file("/etc/ld.so.conf", "/opt/lib\n", "x"),
        elf("/opt/lib/libfoo.so.1", FixtureElf.x8664("libfoo.so.1"), "foo"),
        elf("/opt/lib/libfoo.so.1.2", FixtureElf.x8664("libfoo.so.1").padding(512), "foo"));

    EffectResult result = new LdSoCacheEffect().apply(tree, AMD64);

    assertThat(tree.get("/opt/lib/libfoo.so.1").orElseThrow()).isInstanceOf(FileEntry.RegularFile.class);
    assertThat(LdSoCacheFile.parse(bytes(tree, "/etc/ld.so.cache")).entries())
        .containsExactly(new LdSoCacheFile.Entry(X8664, "libfoo.so.1", "/opt/lib/libfoo.so.1", 0, 0));
    assertThat(result.notes()).contains("/opt/lib/libfoo.so.1 is not a symbolic link, so not linked to libfoo.so.1.2");
  }

  @Test
  void aCacheAlreadyThereIsReplaced() throws Exception {
    FileTree tree = tree(trixieAmd64().toArray(FileEntry[]::new));
    tree.putWithParents(file("/etc/ld.so.cache", "stale", "x"), 1000);

    EffectResult result = new LdSoCacheEffect().apply(tree, AMD64);

    assertThat(result.replaced()).containsExactly("/etc/ld.so.cache");
    assertThat(LdSoCacheFile.parse(bytes(tree, "/etc/ld.so.cache")).nlibs()).isEqualTo(6);
  }

  @Test
  void glibcHwcapsSubdirectoriesAreNamedInANoteAndLeftOut() throws Exception {
    List<FileEntry> entries = new ArrayList<>(trixieAmd64());
    entries.add(elf(AMD64_DIR + "glibc-hwcaps/x86-64-v3/libz.so.1", FixtureElf.x8664("libz.so.1"), "x"));
    FileTree tree = tree(entries.toArray(FileEntry[]::new));

    EffectResult result = new LdSoCacheEffect().apply(tree, AMD64);

    assertThat(LdSoCacheFile.parse(bytes(tree, "/etc/ld.so.cache")).nlibs()).isEqualTo(6);
    assertThat(result.notes()).contains(
        "libraries under /lib/x86_64-linux-gnu/glibc-hwcaps are not cached: basalt writes no glibc-hwcaps entries");
  }

  @Test
  void withoutSharedLibrariesThereIsNoCache() throws Exception {
    FileTree tree = tree(
        link("/lib", "usr/lib", "base-files"),
        file(AMD64_DIR + "libc.so.6", "libc for amd64", "libc6"));

    EffectResult result = new LdSoCacheEffect().apply(tree, AMD64);

    assertThat(tree.contains("/etc/ld.so.cache")).isFalse();
    assertThat(result.created()).isEmpty();
    assertThat(result.notes()).containsExactly(DEFAULT_CONF_NOTE,
        "no shared libraries in /lib/x86_64-linux-gnu, /usr/lib/x86_64-linux-gnu, /lib, /usr/lib: no /etc/ld.so.cache");
  }

  @Test
  void anArchitectureWithoutKnownRulesGetsNoCache() throws Exception {
    FileTree tree = tree(trixieAmd64().toArray(FileEntry[]::new));

    EffectResult result = new LdSoCacheEffect().apply(tree, context("riscv64"));

    assertThat(tree.contains("/etc/ld.so.cache")).isFalse();
    assertThat(result.notes()).containsExactly("no /etc/ld.so.cache: basalt knows ldconfig's rules for amd64 and arm64, not riscv64");
  }

  static FileEntry elf(String path, FixtureElf elf, String pkg) {
    return file(path, 0644, elf.build(), pkg);
  }

  private static EffectContext context(String arch) {
    return new EffectContext(arch, EPOCH, List.of(), new ImageSpec.Accounts("nonroot"));
  }
}
