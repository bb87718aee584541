package dev.basalt.effects;

import static dev.basalt.testkit.Trees.dir;
import static dev.basalt.testkit.Trees.file;
import static dev.basalt.testkit.Trees.link;
import static dev.basalt.testkit.Trees.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.basalt.fs.FileEntry;
import dev.basalt.fs.FileTree;
import dev.basalt.fs.LinkResolver;
import dev.basalt.spec.ImageSpec;
import dev.basalt.testkit.ExternalTool;
import dev.basalt.testkit.FixtureElf;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The effect against the real thing: the same tree written to disk and given to the host's
 * {@code ldconfig -r}, then the two caches compared (byte for byte up to the generator string,
 * which names the program that wrote it) and the soname links each left in the directories.
 */
class LdSoCacheOracleTest {
  private static final EffectContext AMD64 =
      new EffectContext("amd64", 1_700_000_000L, List.of(), new ImageSpec.Accounts("nonroot"));
  private static final String MULTIARCH = "/usr/lib/x86_64-linux-gnu/";
  private static final String HOST_LIBS = "/usr/lib/x86_64-linux-gnu";
  private static final List<String> HOST_SAMPLES = List.of("libz.so.1", "libzstd.so.1", "libcrypto.so.3",
      "libssl.so.3", "libacl.so.1", "libattr.so.1", "libcap.so.2", "libffi.so.8", "libc.so.6", "libm.so.6");

  @TempDir Path dir;

  @Test
  void synthesizedLibrariesGiveLdconfigsCacheAndLinks() throws Exception {
    FileTree tree = tree(
        link("/lib", "usr/lib", "base-files"),
        link("/lib64", "usr/lib64", "base-files"),
        file("/etc/ld.so.conf", "include /etc/ld.so.conf.d/*.conf\n\n", "libc-bin"),
        file("/etc/ld.so.conf.d/libc.conf", "# libc default configuration\n/usr/local/lib\n", "libc-bin"),
        file("/etc/ld.so.conf.d/x86_64-linux-gnu.conf",
            "# Multiarch support\n/usr/local/lib/x86_64-linux-gnu\n/lib/x86_64-linux-gnu\n/usr/lib/x86_64-linux-gnu\n", "libc6"),
        file("/etc/ld.so.conf.d/zz-extra.conf",
            "  /opt/vendor/lib/ # a comment\nhwcap 1 nosegneg\n/opt/none=libc6\ninclude more/*.conf /etc/none/*.conf\n", "x"),
        file("/etc/ld.so.conf.d/more/b.conf", "/srv/b\n", "x"),
        file("/etc/ld.so.conf.d/more/a.conf", "/srv/a\t\n", "x"),
        file("/etc/ld.so.conf.d/more/.hidden.conf", "/srv/hidden\n", "x"),
        link("/opt/vendor", "/srv/vendor", "x"),
        elf("/srv/vendor/lib/libvendor.so.3.1", FixtureElf.x8664("libvendor.so.3")),
        elf("/srv/hidden/libhidden.so.1", FixtureElf.x8664("libhidden.so.1")),
        elf("/srv/a/libshared-i386.so.1", FixtureElf.x8664("libshared.so.1").elfClass(1).machine(FixtureElf.EM_386)),
        elf("/srv/b/libshared.so.1.0", FixtureElf.x8664("libshared.so.1")),
        elf("/srv/a/libtie.so.1", FixtureElf.x8664("libtie.so.1")),
        elf("/srv/b/libtie.so.1", FixtureElf.x8664("libtie.so.1")),
        elf(MULTIARCH + "ld-linux-x86-64.so.2", FixtureElf.x8664("ld-linux-x86-64.so.2")),
        link("/usr/lib64/ld-linux-x86-64.so.2", "../lib/x86_64-linux-gnu/ld-linux-x86-64.so.2", "libc6"),
        elf(MULTIARCH + "libc.so.6", FixtureElf.x8664("libc.so.6").padding(4096)),
        file(MULTIARCH + "libc.so", "/* GNU ld script */\nGROUP ( /lib/x86_64-linux-gnu/libc.so.6 )\n", "libc6-dev"),
        elf(MULTIARCH + "libz.so.1.3.1", FixtureElf.x8664("libz.so.1")),
        link(MULTIARCH + "libz.so.1", "libz.so.1.3.1", "zlib1g"),
        link(MULTIARCH + "libz.so", "libz.so.1", "zlib1g-dev"),
        elf(MULTIARCH + "libz3.so.4", FixtureElf.x8664("libz3.so.4")),
        elf(MULTIARCH + "libzstd.so.1.5.7", FixtureElf.x8664("libzstd.so.1")),
        link(MULTIARCH + "libzstd.so.1", "libzstd.so.1.5.7", "libzstd1"),
        elf(MULTIARCH + "libbeta.so.2.0.0", FixtureElf.x8664("libbeta.so.2")),
        elf(MULTIARCH + "libgamma.so.1.9", FixtureElf.x8664("libgamma.so.1")),
        elf(MULTIARCH + "libgamma.so.1.10", FixtureElf.x8664("libgamma.so.1")),
        elf(MULTIARCH + "libgamma.so.1.0", FixtureElf.x8664("libgamma.so.1")),
        elf(MULTIARCH + "libnosoname.so", FixtureElf.x8664(null)),
        link(MULTIARCH + "libdev.so", "libdelta.so.4.0", "x"),
        elf(MULTIARCH + "libdelta.so.4.0", FixtureElf.x8664("libdelta.so.4")),
        elf(MULTIARCH + "libother.so.9", FixtureElf.x8664("libother.so.9")),
        link(MULTIARCH + "libweird.so.1", "libother.so.9", "x"),
        elf(MULTIARCH + "libi386.so.1", FixtureElf.x8664("libi386.so.1").elfClass(1).machine(FixtureElf.EM_386)),
        elf(MULTIARCH + "libx32.so.1", FixtureElf.x8664("libx32.so.1").elfClass(1)),
        elf(MULTIARCH + "libarm64.so.1", FixtureElf.aarch64("libarm64.so.1")),
        elf(MULTIARCH + "libexec.so.1", FixtureElf.x8664("libexec.so.1").type(FixtureElf.ET_EXEC)),
        link(MULTIARCH + "libgone.so.3", "libgone.so.3.0.0", "x"),
        link(MULTIARCH + "libgone.so", "libgone.so.3", "x"),
        file(MULTIARCH + "libtiny.so.1", "\u007fELF\u0002\u0001", "x"),
        file(MULTIARCH + "libempty.so.1", "", "x"),
        file(MULTIARCH + "libtext.so.1", "not a library, but long enough to be looked at by ldconfig at all\n", "x"),
        elf(MULTIARCH + "libhard.so.7.0", FixtureElf.x8664("libhard.so.7")),
        new FileEntry.Hardlink(MULTIARCH + "libhard.so.7", MULTIARCH + "libhard.so.7.0", 0644, 0, 0, 1000, "x"),
        dir(MULTIARCH + "libdir.so.1", "x"),
        link(MULTIARCH + "liblinkdir.so.2", "libdir.so.1", "x"),
        elf(MULTIARCH + "libpre.so.1.#prelink#", FixtureElf.x8664("libpre.so.1")),
        elf(MULTIARCH + "libpre.so.1.#prelink#.a1B2c3", FixtureElf.x8664("libpre.so.1")),
        elf(MULTIARCH + "notalib.so.1", FixtureElf.x8664("notalib.so.1")),
        elf("/usr/lib/libtrusted.so.5.0", FixtureElf.x8664("libtrusted.so.5")),
        elf("/usr/lib64/liblib64.so.1", FixtureElf.x8664("liblib64.so.1")));

    compareWithLdconfig(tree);
  }

  @Test
  void anImageWithoutLibcBinGetsWhatLdconfigGivesIt() throws Exception {
    FileTree tree = tree(LdSoCacheEffectTest.trixieAmd64().toArray(FileEntry[]::new));
    assertThat(tree.contains("/etc/ld.so.conf")).isFalse();

    compareWithLdconfig(tree);
  }

  @Test
  void hostLibrariesGiveLdconfigsCache() throws Exception {
    FileTree tree = tree(
        link("/lib", "usr/lib", "base-files"),
        file("/etc/ld.so.conf", "include /etc/ld.so.conf.d/*.conf\n", "libc-bin"),
        file("/etc/ld.so.conf.d/x86_64-linux-gnu.conf", "/lib/x86_64-linux-gnu\n/usr/lib/x86_64-linux-gnu\n", "libc6"));
    int copied = 0;
    for (String name : HOST_SAMPLES) {
      Path link = Path.of(HOST_LIBS, name);
      if (!Files.isRegularFile(link)) {
        continue;
      }
      Path real = link.toRealPath();
      tree.putWithParents(file(MULTIARCH + real.getFileName(), 0644, Files.readAllBytes(real), "host"), 1000);
      if (!real.getFileName().toString().equals(name)) {
        tree.put(link(MULTIARCH + name, real.getFileName().toString(), "host"));
      }
      copied++;
    }
    String reason = "no libraries of " + HOST_SAMPLES + " in " + HOST_LIBS + " on this host";
    if (copied == 0) {
      System.err.println("[skipped] " + reason);
    }
    assumeTrue(copied > 0, reason);

    LdSoCacheFile ours = compareWithLdconfig(tree);
    assertThat(ours.entries()).hasSizeGreaterThanOrEqualTo(copied);
  }

  @Test
  void theHostLoaderFindsALibraryOnlyTheCacheKnows() throws Exception {
    Path loader = Path.of("/lib64/ld-linux-x86-64.so.2");
    List<Path> needed = List.of(loader, Path.of(HOST_LIBS, "libc.so.6"), Path.of(HOST_LIBS, "libssl.so.3"),
        Path.of(HOST_LIBS, "libcrypto.so.3"));
    String missing = needed.stream().filter(p -> !Files.isRegularFile(p)).map(Path::toString).findFirst().orElse(null);
    if (missing != null) {
      System.err.println("[skipped] the loader check needs " + missing + " on the host");
    }
    assumeTrue(missing == null, () -> "the loader check needs " + missing + " on the host");
    ExternalTool chroot = ExternalTool.requireSystem("chroot", "coreutils");
    // libcrypto.so.3 only in /opt/lib, which only /etc/ld.so.conf names: without the cache, not found.
    FileTree tree = tree(
        link("/lib", "usr/lib", "base-files"),
        link("/lib64", "usr/lib64", "base-files"),
        file("/etc/ld.so.conf", "/opt/lib\ninclude /etc/ld.so.conf.d/*.conf\n", "libc-bin"),
        file("/etc/ld.so.conf.d/x86_64-linux-gnu.conf", "/lib/x86_64-linux-gnu\n/usr/lib/x86_64-linux-gnu\n", "libc6"),
        file("/usr/lib64/ld-linux-x86-64.so.2", 0755, Files.readAllBytes(loader.toRealPath()), "libc6"),
        file(MULTIARCH + "libc.so.6", 0644, Files.readAllBytes(needed.get(1).toRealPath()), "libc6"),
        file(MULTIARCH + "libssl.so.3", 0644, Files.readAllBytes(needed.get(2).toRealPath()), "libssl3"),
        file("/opt/lib/libcrypto.so.3", 0644, Files.readAllBytes(needed.get(3).toRealPath()), "libssl3"));
    Path root = dir.resolve("loader-root");
    FileTree without = tree.copy();
    write(without, dir.resolve("no-cache"));
    new LdSoCacheEffect().apply(tree, AMD64);
    write(tree, root);

    ExternalTool.Result run = chroot.run(root.toString(), "/lib64/ld-linux-x86-64.so.2", "--list", MULTIARCH + "libssl.so.3");
    String reason = "chroot into a temporary root is not permitted here: " + run.stderr().strip();
    if (run.stderr().contains("Operation not permitted")) {
      System.err.println("[skipped] " + reason);
    }
    assumeTrue(!run.stderr().contains("Operation not permitted"), reason);
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.stdout()).contains("libcrypto.so.3 => /opt/lib/libcrypto.so.3").doesNotContain("not found");

    ExternalTool.Result bare = chroot.run(dir.resolve("no-cache").toString(), "/lib64/ld-linux-x86-64.so.2", "--list",
        MULTIARCH + "libssl.so.3");
    assertThat(bare.exitCode()).isNotZero();
    assertThat(bare.stderr()).contains("libcrypto.so.3: cannot open shared object file");
  }

  /** Runs both on {@code tree} and asserts they agree; returns the effect's cache. */
  private LdSoCacheFile compareWithLdconfig(FileTree tree) throws Exception {
    ExternalTool ldconfig = ExternalTool.requireSystem("ldconfig", "libc-bin");
    Path root = dir.resolve("root");
    write(tree, root);
    ExternalTool.Result run = ldconfig.run("-r", root.toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    byte[] theirs = Files.readAllBytes(root.resolve("etc/ld.so.cache"));
    if (glibcMinor(ldconfig) < 37) {
      theirs = asFromGlibc237(theirs);
    }

    EffectResult result = new LdSoCacheEffect().apply(tree, AMD64);
    byte[] ours = bytes(tree, LdSoCacheEffect.CACHE);

    LdSoCacheFile theirFile = LdSoCacheFile.parse(theirs);
    LdSoCacheFile ourFile = LdSoCacheFile.parse(ours);
    assertThat(ourFile.entries()).as("entries, in order; ldconfig said:\n" + run.stderr())
        .containsExactlyElementsOf(theirFile.entries());
    assertThat(ourFile.generator()).isEqualTo(LdSoCacheWriter.GENERATOR);
    assertThat(theirFile.generator()).startsWith("ldconfig ");
    // Header, entries, string table, padding, and the extension directory up to the generator's size.
    int sameUpTo = theirFile.extensionOffset() + 8 + 12;
    assertThat(Arrays.copyOf(ours, sameUpTo)).isEqualTo(Arrays.copyOf(theirs, sameUpTo));
    assertThat(ours.length - LdSoCacheWriter.GENERATOR.length())
        .isEqualTo(theirs.length - theirFile.generator().length());
    assertThat(result.notes()).contains(ourFile.nlibs() + " libraries in /etc/ld.so.cache");

    for (String scanned : scannedDirectories(tree)) {
      assertThat(listing(tree, scanned)).as("links and files in " + scanned).isEqualTo(listing(root, scanned));
    }
    return ourFile;
  }

  /** The minor version of the host's glibc, from the last word of {@code ldconfig --version}. */
  private static int glibcMinor(ExternalTool ldconfig) throws Exception {
    String first = ldconfig.run("--version").stdout().lines().findFirst().orElse("");
    Matcher m = Pattern.compile("2\\.(\\d+)$").matcher(first.strip());
    assertThat(m.find()).as("glibc version in " + first).isTrue();
    return Integer.parseInt(m.group(1));
  }

  /**
   * Before glibc 2.37, ldconfig gave an ELF object without libc6 markers FLAG_ELF (1) where the
   * wrapper for its machine set no flags (i386 objects on amd64); since 2.37, and so in trixie's
   * 2.41 which the effect follows, every ELF object is FLAG_ELF_LIBC6 (3).
   */
  private static byte[] asFromGlibc237(byte[] cache) {
    ByteBuffer b = ByteBuffer.wrap(cache.clone()).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0, n = b.getInt(20); i < n; i++) {
      if (b.getInt(48 + 24 * i) == 1) {
        b.putInt(48 + 24 * i, LdconfigArch.FLAG_ELF_LIBC6);
      }
    }
    return b.array();
  }

  private static List<String> scannedDirectories(FileTree tree) {
    return tree.entries().stream()
        .filter(e -> e instanceof FileEntry.Directory && !tree.below(e.path()).isEmpty())
        .filter(e -> tree.below(e.path()).stream().anyMatch(c -> LdSoCacheEffect.isDso(c.path().substring(c.path().lastIndexOf('/') + 1))))
        .map(FileEntry::path)
        .toList();
  }

  /** Name to link target (or "file"/"dir") of the entries directly in {@code dir} of the tree. */
  private static Map<String, String> listing(FileTree tree, String dir) {
    Map<String, String> out = new TreeMap<>();
    for (FileEntry e : tree.below(dir)) {
      String name = e.path().substring(dir.length() + 1);
      if (!name.contains("/")) {
        out.put(name, e instanceof FileEntry.Symlink s ? "-> " + s.target() : e instanceof FileEntry.Directory ? "dir" : "file");
      }
    }
    return out;
  }

  private static Map<String, String> listing(Path root, String dir) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> children = Files.list(root.resolve(dir.substring(1)))) {
      for (Path p : children.toList()) {
        String name = p.getFileName().toString();
        out.put(name, Files.isSymbolicLink(p) ? "-> " + Files.readSymbolicLink(p) : Files.isDirectory(p) ? "dir" : "file");
      }
    }
    return out;
  }

  /** The tree on disk below {@code root}: directories, files, links as written, hard links as hard links. */
  private static void write(FileTree tree, Path root) throws IOException {
    Files.createDirectories(root);
    for (FileEntry e : tree.entries()) {
      Path p = root.resolve(e.path().substring(1));
      if (e instanceof FileEntry.Directory) {
        Files.createDirectories(p);
      } else if (e instanceof FileEntry.RegularFile f) {
        Files.createDirectories(p.getParent());
        try (InputStream in = f.content().open()) {
          Files.copy(in, p);
        }
        if ((f.mode() & 0111) != 0) {
          Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
      } else if (e instanceof FileEntry.Symlink s) {
        Files.createDirectories(p.getParent());
        Files.createSymbolicLink(p, Path.of(s.target()));
      }
    }
    for (FileEntry e : tree.entries()) {
      if (e instanceof FileEntry.Hardlink h) {
        Files.createLink(root.resolve(h.path().substring(1)), root.resolve(h.target().substring(1)));
      }
    }
  }

  private static FileEntry elf(String path, FixtureElf elf) {
    return file(path, 0644, elf.build(), "x");
  }

  private static byte[] bytes(FileTree tree, String path) throws IOException {
    FileEntry.RegularFile f = (FileEntry.RegularFile) LinkResolver.follow(tree, path).orElseThrow();
    try (InputStream in = f.content().open()) {
      return in.readAllBytes();
    }
  }

  static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
