package dev.basalt.debian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.basalt.cache.BlobStore;
import dev.basalt.cache.Digest;
import dev.basalt.cache.FileStore;
import dev.basalt.fs.Content;
import dev.basalt.fs.ExpansionLimit;
import dev.basalt.fs.FileEntry;
import dev.basalt.fs.Paths;
import dev.basalt.testkit.Bombs;
import dev.basalt.testkit.FixtureDeb;
import dev.basalt.testkit.FixtureDeb.Compression;
import dev.basalt.testkit.FixtureDeb.Member;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipEncodingHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class DebReaderTest {
  private static final long T = FixtureDeb.MTIME;
  private static final String CONTROL = """
      Package: demo
      Version: 1:1.2-3
      Architecture: amd64
      Maintainer: Fixture Maintainers <fixture@example.invalid>
      Description: a demo package
       with a long description
      """;
  private static final String MD5SUMS = "0f343b0931126a20f133d67c2b018a3b  usr/bin/demo\n";
  private static final String CONFFILES = "/etc/demo.conf\nremove-on-upgrade /etc/old.conf\n";
  private static final byte[] DEMO = "#!/bin/demo\n".getBytes(StandardCharsets.UTF_8);
  private static final byte[] CONF = "key=value\n".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;

  private Path cacheRoot() {
    return dir.resolve("cache");
  }

  private Path store(byte[] bytes) {
    return cacheRoot().resolve("files/blobs/sha256").resolve(Digest.of(bytes).hex());
  }

  private Path write(String name, byte[] deb) throws Exception {
    Path file = dir.resolve(name);
    Files.write(file, deb);
    return file;
  }

  private static FixtureDeb.Builder demo() {
    return FixtureDeb.builder(CONTROL)
        .controlFile("md5sums", MD5SUMS)
        .controlFile("conffiles", CONFFILES)
        .controlFile("postinst", "#!/bin/sh\nexit 0\n")
        .controlFile("prerm", "#!/bin/sh\nexit 0\n")
        .controlFile("triggers", "activate-noawait ldconfig\n")
        .controlFile("shlibs", "libdemo 1 demo\n")
        .dir("/usr", 0755, 0, 0)
        .dir("/usr/bin", 0755, 0, 0)
        .file("/usr/bin/demo", DEMO, 04755, 0, 0)
        .hardlink("/usr/bin/demo-again", "/usr/bin/demo", 04755)
        .hardlink("/usr/bin/demo-third", "/usr/bin/demo-again", 04755)
        .file("/usr/bin/wall", DEMO, 02755, 0, 5)
        .symlink("/usr/bin/relative", "demo")
        .symlink("/usr/sbin/up", "../bin/demo")
        .symlink("/bin/absolute", "/usr/bin/demo")
        .dir("/var/lib/demo", 0750, 100, 101)
        .dir("/tmp", 01777, 0, 0)
        .file("/etc/demo.conf", CONF, 0644, 0, 0)
        .file("/usr/share/empty", new byte[0], 0644, 0, 0);
  }

  private List<FileEntry> demoEntries() {
    String o = "demo";
    return List.of(
        new FileEntry.Directory("/usr", 0755, 0, 0, T, o),
        new FileEntry.Directory("/usr/bin", 0755, 0, 0, T, o),
        new FileEntry.RegularFile("/usr/bin/demo", 04755, 0, 0, T, o,
            new Content.Stored(store(DEMO), DEMO.length, Digest.of(DEMO))),
        new FileEntry.Hardlink("/usr/bin/demo-again", "/usr/bin/demo", 04755, 0, 0, T, o),
        new FileEntry.Hardlink("/usr/bin/demo-third", "/usr/bin/demo", 04755, 0, 0, T, o),
        new FileEntry.RegularFile("/usr/bin/wall", 02755, 0, 5, T, o,
            new Content.Stored(store(DEMO), DEMO.length, Digest.of(DEMO))),
        new FileEntry.Symlink("/usr/bin/relative", "demo", 0, 0, T, o),
        new FileEntry.Symlink("/usr/sbin/up", "../bin/demo", 0, 0, T, o),
        new FileEntry.Symlink("/bin/absolute", "/usr/bin/demo", 0, 0, T, o),
        new FileEntry.Directory("/var/lib/demo", 0750, 100, 101, T, o),
        new FileEntry.Directory("/tmp", 01777, 0, 0, T, o),
        new FileEntry.RegularFile("/etc/demo.conf", 0644, 0, 0, T, o,
            new Content.Stored(store(CONF), CONF.length, Digest.of(CONF))),
        new FileEntry.RegularFile("/usr/share/empty", 0644, 0, 0, T, o,
            new Content.Stored(store(new byte[0]), 0, Digest.of(new byte[0]))));
  }

  @ParameterizedTest
  @CsvSource({"XZ, XZ", "ZST, ZST", "GZ, GZ", "NONE, NONE", "GZ, BZ2", "ZST, XZ", "XZ, GZ"})
  void readsEveryKindOfEntryWithEachCompression(Compression control, Compression data) throws Exception {
    byte[] bytes = demo().controlCompression(control).dataCompression(data).build();
    Path deb = write("demo.deb", bytes);

    DebContents c = DebReader.read(deb, Digest.of(bytes), cacheRoot());

    assertThat(c.name()).isEqualTo("demo");
    assertThat(c.version()).isEqualTo("1:1.2-3");
    assertThat(c.architecture()).isEqualTo("amd64");
    assertThat(c.id()).isEqualTo("demo_1:1.2-3_amd64");
    assertThat(c.controlText()).isEqualTo(CONTROL);
    assertThat(c.control().value("Maintainer")).isEqualTo("Fixture Maintainers <fixture@example.invalid>");
    assertThat(c.control().lines("Description")).containsExactly("a demo package", "with a long description");
    assertThat(c.md5sums()).isEqualTo(MD5SUMS);
    assertThat(c.conffiles()).containsExactly("/etc/demo.conf");
    assertThat(c.maintainerScripts()).containsExactly("postinst", "prerm", "triggers");
    assertThat(c.hasMaintainerScripts()).isTrue();
    assertThat(c.debDigest()).isEqualTo(Digest.of(bytes));
    assertThat(c.entries()).containsExactlyElementsOf(demoEntries());
    assertThat(store(DEMO)).hasBinaryContent(DEMO);
    assertThat(store(CONF)).hasBinaryContent(CONF);
    assertThat(store(new byte[0])).isEmptyFile();
  }

  @Test
  void readsWithoutTheCacheToo() throws Exception {
    byte[] bytes = demo().build();
    Path deb = write("demo.deb", bytes);

    DebContents c = new DebReader(new FileStore(cacheRoot().resolve("files"))).read(deb, Digest.of(bytes));

    assertThat(c.entries()).containsExactlyElementsOf(demoEntries());
    assertThat(cacheRoot().resolve("debs")).doesNotExist();
  }

  @Test
  void optionalControlFilesMayBeAbsent() throws Exception {
    byte[] bytes = FixtureDeb.builder(CONTROL).file("/usr/share/doc/demo/copyright", CONF, 0644, 0, 0).build();

    DebContents c = DebReader.read(write("plain.deb", bytes), Digest.of(bytes), cacheRoot());

    assertThat(c.md5sums()).isNull();
    assertThat(c.conffiles()).isEmpty();
    assertThat(c.maintainerScripts()).isEmpty();
    assertThat(c.hasMaintainerScripts()).isFalse();
    assertThat(c.entries()).containsExactly(new FileEntry.RegularFile("/usr/share/doc/demo/copyright", 0644, 0, 0,
        T, "demo", new Content.Stored(store(CONF), CONF.length, Digest.of(CONF))));
  }

  @Test
  void theExistingSimpleFixtureReadsToo() throws Exception {
    byte[] bytes = FixtureDeb.build(CONTROL, java.util.Map.of("/usr/bin/demo", DEMO));

    DebContents c = DebReader.read(write("simple.deb", bytes), Digest.of(bytes), cacheRoot());

    assertThat(c.entries()).containsExactly(new FileEntry.RegularFile("/usr/bin/demo", 0644, 0, 0, T, "demo",
        new Content.Stored(store(DEMO), DEMO.length, Digest.of(DEMO))));
  }

  @Test
  void underscoreMembersAreSkippedAsDpkgDoes() throws Exception {
    List<Member> members = new ArrayList<>(demo().members());
    members.add(1, new Member("_gpgbuilder", "signature".getBytes(StandardCharsets.US_ASCII)));
    members.add(new Member("_gpgorigin", "signature".getBytes(StandardCharsets.US_ASCII)));
    byte[] bytes = FixtureDeb.ar(members);

    DebContents c = DebReader.read(write("signed.deb", bytes), Digest.of(bytes), cacheRoot());

    assertThat(c.entries()).containsExactlyElementsOf(demoEntries());
  }

  @ParameterizedTest
  @EnumSource(Bombs.Format.class)
  void refusesADataTarBombQuicklyNamingPackageMemberAndLimit(Bombs.Format format) throws Exception {
    String member = "data.tar" + switch (format) {
      case GZIP -> ".gz";
      case XZ -> ".xz";
      case ZSTD -> ".zst";
    };
    List<Member> members = new ArrayList<>(FixtureDeb.builder(CONTROL).members().subList(0, 2));
    members.add(new Member(member, Bombs.zeros(format)));
    byte[] bytes = FixtureDeb.ar(members);
    Path deb = write("bomb.deb", bytes);

    assertTimeoutPreemptively(Duration.ofSeconds(20), () ->
        assertThatThrownBy(() -> new DebReader(new FileStore(cacheRoot().resolve("files"))).read(deb, Digest.of(bytes)))
            .isInstanceOf(MalformedPackageException.class)
            .hasMessageStartingWith("package file " + deb + ": member " + member + " expands more than 200-fold (")
            .hasMessageContaining("refused as a decompression bomb; if the input is genuine, raise the limit with "
                + "BASALT_MAX_UNPACKED_BYTES / BASALT_MAX_EXPANSION_RATIO"));
  }

  @Test
  void aLargeFileIsStreamedNotHeld() throws Exception {
    long size = 50L << 20;
    byte[] bytes = FixtureDeb.builder(CONTROL)
        .dataCompression(Compression.GZ)
        .file("/usr/lib/big", size, () -> zeros(size), 0644, 0, 0)
        .build();
    Path deb = write("big.deb", bytes);
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();

    // 50 MiB of zeros expand like a bomb; this test is about memory, so the ratio is not limited.
    ExpansionLimit unlimitedRatio = new ExpansionLimit(ExpansionLimit.DEFAULT_MAX_BYTES, Long.MAX_VALUE);
    DebContents c = new DebReader(new FileStore(cacheRoot().resolve("files")), unlimitedRatio).read(deb, Digest.of(bytes));

    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    FileEntry.RegularFile big = (FileEntry.RegularFile) c.entries().get(0);
    assertThat(big.size()).isEqualTo(size);
    assertThat(big.content().digest())
        .isEqualTo(Digest.parse("sha256:8565a714dca840f8652c5bae9249ab05f5fb5a4f9f13fbe23304b10f68252da2"));
    assertThat(Files.size(((Content.Stored) big.content()).file())).isEqualTo(size);
    assertThat(allocated).as("bytes allocated while reading a 50 MiB file").isLessThan(16L << 20);
  }

  private static InputStream zeros(long size) {
    return new InputStream() {
      private long left = size;

      @Override
      public int read() {
        return left-- > 0 ? 0 : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (left <= 0) {
          return -1;
        }
        int n = (int) Math.min(len, left);
        Arrays.fill(b, off, off + n, (byte) 0);
        left -= n;
        return n;
      }
    };
  }

  // Cache

  @Test
  void aCachedPackageIsNotReadAgain() throws Exception {
    byte[] bytes = demo().build();
    Path deb = write("demo.deb", bytes);
    Digest digest = Digest.of(bytes);
    DebContents first = DebReader.read(deb, digest, cacheRoot());
    assertThat(cacheRoot().resolve("debs/" + digest.hex() + ".contents")).isRegularFile();

    Files.delete(deb);
    DebContents second = DebReader.read(deb, digest, cacheRoot());

    assertThat(second).isEqualTo(first);
    assertThat(second.entries()).containsExactlyElementsOf(demoEntries());
    assertThat(second.controlText()).isEqualTo(CONTROL);
    assertThat(second.control().value("Version")).isEqualTo("1:1.2-3");
    assertThat(second.md5sums()).isEqualTo(MD5SUMS);
    assertThat(second.conffiles()).containsExactly("/etc/demo.conf");
    assertThat(second.maintainerScripts()).containsExactly("postinst", "prerm", "triggers");
  }

  @Test
  void aDamagedEntryIsDeletedAndThePackageReadAgain() throws Exception {
    byte[] bytes = demo().build();
    Path deb = write("demo.deb", bytes);
    Digest digest = Digest.of(bytes);
    DebContentsCache cache = new DebContentsCache(cacheRoot());
    DebContents first = cache.read(deb, digest);
    Path entry = cache.pathOf(digest);
    byte[] sealed = Files.readAllBytes(entry);
    byte[] damaged = sealed.clone();
    damaged[damaged.length / 2] ^= 1;
    Files.write(entry, damaged);

    assertThat(cache.read(deb, digest)).isEqualTo(first);
    assertThat(entry).hasBinaryContent(sealed);

    Files.write(entry, damaged);
    Files.delete(deb);
    assertThatThrownBy(() -> cache.read(deb, digest))
        .isInstanceOf(ArchiveException.class)
        .hasMessage("package file " + deb + " does not exist; fetch it again");
    assertThat(entry).doesNotExist();
  }

  @Test
  void truncatedOrForeignEntriesAreNotUsed() throws Exception {
    byte[] bytes = demo().build();
    Digest digest = Digest.of(bytes);
    DebContentsCache cache = new DebContentsCache(cacheRoot());
    cache.read(write("demo.deb", bytes), digest);
    byte[] sealed = Files.readAllBytes(cache.pathOf(digest));

    Files.write(cache.pathOf(digest), Arrays.copyOf(sealed, sealed.length - 9));
    assertThat(cache.cached(digest)).isNull();
    assertThat(cache.pathOf(digest)).doesNotExist();

    Digest other = Digest.of("other".getBytes(StandardCharsets.US_ASCII));
    Files.write(cache.pathOf(other), sealed);
    assertThat(cache.cached(other)).isNull();
    assertThat(cache.pathOf(other)).doesNotExist();
  }

  @Test
  void aMissingOrResizedStoredFileInvalidatesTheEntry() throws Exception {
    byte[] bytes = demo().build();
    Path deb = write("demo.deb", bytes);
    Digest digest = Digest.of(bytes);
    DebContentsCache cache = new DebContentsCache(cacheRoot());
    DebContents first = cache.read(deb, digest);

    Files.delete(store(DEMO));
    assertThat(cache.cached(digest)).isNull();
    assertThat(cache.pathOf(digest)).doesNotExist();
    assertThat(cache.read(deb, digest)).isEqualTo(first);
    assertThat(store(DEMO)).hasBinaryContent(DEMO);

    Files.write(store(CONF), "key=".getBytes(StandardCharsets.US_ASCII));
    assertThat(cache.cached(digest)).isNull();
    assertThat(cache.read(deb, digest)).isEqualTo(first);
    assertThat(store(CONF)).hasBinaryContent(CONF);
    assertThat(cache.cached(digest)).isEqualTo(first);
  }

  @Test
  void invalidateForgetsAnEntry() throws Exception {
    byte[] bytes = demo().build();
    Digest digest = Digest.of(bytes);
    DebContentsCache cache = new DebContentsCache(cacheRoot());
    cache.read(write("demo.deb", bytes), digest);

    cache.invalidate(digest);

    assertThat(cache.pathOf(digest)).doesNotExist();
    assertThat(cache.cached(digest)).isNull();
  }

  // Refusals

  private String refusal(byte[] bytes) throws Exception {
    Path deb = write("bad.deb", bytes);
    Digest digest = Digest.of(bytes);
    DebContentsCache cache = new DebContentsCache(cacheRoot());
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> cache.read(deb, digest));
    assertThat(t).isInstanceOf(MalformedPackageException.class);
    assertThat(((MalformedPackageException) t).deb()).isEqualTo(deb);
    assertThat(cache.pathOf(digest)).doesNotExist();
    String prefix = "package file " + deb + ": ";
    assertThat(t.getMessage()).startsWith(prefix);
    return t.getMessage().substring(prefix.length());
  }

  private static TarArchiveEntry entry(String name, byte type) {
    TarArchiveEntry e = new TarArchiveEntry(name, type, true);
    e.setMode(0644);
    return e;
  }

  @Test
  void refusesPathsWithDotDot() throws Exception {
    assertThat(refusal(FixtureDeb.builder(CONTROL)
            .entry(entry("./usr/../../etc/passwd", TarConstants.LF_NORMAL), new byte[0]).build()))
        .isEqualTo("data.tar.xz entry './usr/../../etc/passwd' has a '..' component in its path,"
            + " which could reach outside the image root");
    assertThat(refusal(FixtureDeb.builder(CONTROL).dataCompression(Compression.ZST)
            .entry(entry("../evil", TarConstants.LF_DIR), null).build()))
        .isEqualTo("data.tar.zst entry '../evil/' has a '..' component in its path,"
            + " which could reach outside the image root");
  }

  @Test
  void refusesHardLinkTargetsWithDotDot() throws Exception {
    TarArchiveEntry link = entry("./usr/bin/b", TarConstants.LF_LINK);
    link.setLinkName("./usr/../../etc/shadow");
    assertThat(refusal(FixtureDeb.builder(CONTROL).entry(link, null).build()))
        .isEqualTo("data.tar.xz entry './usr/bin/b' has a '..' component in its hard link target,"
            + " which could reach outside the image root");
  }

  @Test
  void refusesAbsolutePaths() throws Exception {
    assertThat(refusal(FixtureDeb.builder(CONTROL)
            .entry(entry("/etc/passwd", TarConstants.LF_NORMAL), new byte[0]).build()))
        .isEqualTo("data.tar.xz entry '/etc/passwd' has an absolute path; package archives name paths relative"
            + " to the root ('./usr/...')");
    TarArchiveEntry link = entry("./usr/bin/b", TarConstants.LF_LINK);
    link.setLinkName("/usr/bin/a");
    assertThat(refusal(FixtureDeb.builder(CONTROL).file("/usr/bin/a", "a", 0755, 0, 0).entry(link, null).build()))
        .isEqualTo("data.tar.xz entry './usr/bin/b' has an absolute hard link target; package archives name paths"
            + " relative to the root ('./usr/...')");
  }

  @Test
  void refusesSymlinksThatClimbOutOfTheRootButKeepsAbsoluteAndInnerOnes() throws Exception {
    assertThat(refusal(FixtureDeb.builder(CONTROL).symlink("/usr/lib/x", "../../../etc/shadow").build()))
        .isEqualTo("data.tar.xz entry './usr/lib/x' is a symlink to ../../../etc/shadow, which climbs out of the"
            + " image root");
    assertThat(refusal(FixtureDeb.builder(CONTROL).symlink("/x", "a/../../y").build()))
        .isEqualTo("data.tar.xz entry './x' is a symlink to a/../../y, which climbs out of the image root");
    byte[] bytes = FixtureDeb.builder(CONTROL).symlink("/usr/lib/x", "../../etc/shadow")
        .symlink("/usr/bin/sh", "/usr/bin/dash").symlink("/usr/bin/y", "./a/../../../z").build();
    DebContents c = new DebReader(new FileStore(cacheRoot().resolve("files"))).read(write("links.deb", bytes),
        Digest.of(bytes));
    assertThat(c.entries()).extracting(FileEntry::path).containsExactly("/usr/lib/x", "/usr/bin/sh", "/usr/bin/y");
  }

  @Test
  void refusesAPathShippedTwiceDifferentlyButNotARepeatedDirectoryOrCopy() throws Exception {
    assertThat(refusal(FixtureDeb.builder(CONTROL).file("/etc/x", "a", 0644, 0, 0).file("/etc/x", "b", 0644, 0, 0)
            .build()))
        .isEqualTo("data.tar.xz entry './etc/x' is a second regular file at /etc/x and differs from the first");
    assertThat(refusal(FixtureDeb.builder(CONTROL).symlink("/etc/y", "a").symlink("/etc/y", "b").build()))
        .isEqualTo("data.tar.xz entry './etc/y' is a second symlink at /etc/y and differs from the first");
    byte[] bytes = FixtureDeb.builder(CONTROL).dir("/etc", 0755, 0, 0).dir("/etc", 0700, 0, 0)
        .symlink("/etc/y", "a").symlink("/etc/y", "a").build();
    DebContents c = new DebReader(new FileStore(cacheRoot().resolve("files"))).read(write("dirs.deb", bytes),
        Digest.of(bytes));
    assertThat(c.entries()).extracting(FileEntry::path, FileEntry::mode)
        .containsExactly(tuple("/etc", 0700), tuple("/etc/y", 0777));
  }

  @Test
  void refusesDeviceNodesAndFifos() throws Exception {
    String why = "; packages may not ship device nodes or FIFOs (an image gets them from its runtime)";
    assertThat(refusal(FixtureDeb.builder(CONTROL).entry(entry("./dev/null", TarConstants.LF_CHR), null).build()))
        .isEqualTo("data.tar.xz entry './dev/null' is a character device" + why);
    assertThat(refusal(FixtureDeb.builder(CONTROL).entry(entry("./dev/sda", TarConstants.LF_BLK), null).build()))
        .isEqualTo("data.tar.xz entry './dev/sda' is a block device" + why);
    assertThat(refusal(FixtureDeb.builder(CONTROL).entry(entry("./run/pipe", TarConstants.LF_FIFO), null).build()))
        .isEqualTo("data.tar.xz entry './run/pipe' is a FIFO" + why);
  }

  @Test
  void refusesAbsurdSizes() throws Exception {
    TarArchiveEntry huge = new TarArchiveEntry("./usr/lib/huge");
    huge.setSize(9L << 30);
    huge.setMode(0100644);
    byte[] header = new byte[512];
    huge.writeEntryHeader(header, ZipEncodingHelper.getZipEncoding(StandardCharsets.UTF_8), true);
    ByteArrayOutputStream tar = new ByteArrayOutputStream();
    tar.write(header);
    tar.write(new byte[10240]);

    assertThat(refusal(FixtureDeb.builder(CONTROL).rawDataTar(tar.toByteArray()).build()))
        .isEqualTo("data.tar.xz entry './usr/lib/huge' claims 9663676416 bytes, more than the 8589934592"
            + " a file in a package may have");
  }

  @Test
  void refusesHardLinksToWhatIsNotAnEarlierRegularFile() throws Exception {
    String why = ", which is not a regular file earlier in the archive";
    assertThat(refusal(FixtureDeb.builder(CONTROL).hardlink("/usr/bin/b", "/usr/bin/missing", 0755).build()))
        .isEqualTo("data.tar.xz entry './usr/bin/b' is a hard link to /usr/bin/missing" + why);
    assertThat(refusal(FixtureDeb.builder(CONTROL)
            .hardlink("/usr/bin/b", "/usr/bin/a", 0755)
            .file("/usr/bin/a", DEMO, 0755, 0, 0)
            .build()))
        .isEqualTo("data.tar.xz entry './usr/bin/b' is a hard link to /usr/bin/a" + why);
    assertThat(refusal(FixtureDeb.builder(CONTROL)
            .dir("/usr/bin", 0755, 0, 0)
            .hardlink("/usr/b", "/usr/bin", 0755)
            .build()))
        .isEqualTo("data.tar.xz entry './usr/b' is a hard link to /usr/bin" + why);
  }

  @Test
  void refusesOnePathAsTwoKindsOfEntry() throws Exception {
    assertThat(refusal(FixtureDeb.builder(CONTROL)
            .dir("/usr/x", 0755, 0, 0)
            .file("/usr/x", DEMO, 0644, 0, 0)
            .build()))
        .isEqualTo("data.tar.xz entry './usr/x' is a regular file, but the archive already has a directory at /usr/x");
    assertThat(refusal(FixtureDeb.builder(CONTROL)
            .file("/usr/x", DEMO, 0644, 0, 0)
            .symlink("/usr/x", "/etc/shadow")
            .build()))
        .isEqualTo("data.tar.xz entry './usr/x' is a symlink, but the archive already has a regular file at /usr/x");
  }

  @Test
  void refusesARootThatIsNotADirectory() throws Exception {
    assertThat(refusal(FixtureDeb.builder(CONTROL).entry(entry("./.", TarConstants.LF_SYMLINK), null).build()))
        .isEqualTo("data.tar.xz entry './.' is the root of the image but not a directory");
  }

  @Test
  void refusesMembersOutOfOrder() throws Exception {
    List<Member> m = demo().members();
    assertThat(refusal(FixtureDeb.ar(List.of(m.get(0), m.get(2), m.get(1)))))
        .isEqualTo("expected a control.tar member after debian-binary, but found 'data.tar.xz'");
    assertThat(refusal(FixtureDeb.ar(List.of(m.get(1), m.get(0), m.get(2)))))
        .isEqualTo("the first ar member must be debian-binary, but it is 'control.tar.xz';"
            + " this is not a Debian binary package");
    assertThat(refusal(FixtureDeb.ar(List.of(m.get(0), m.get(1), m.get(2), new Member("extra", new byte[1])))))
        .isEqualTo("unexpected ar member 'extra' after data.tar.xz");
    assertThat(refusal(FixtureDeb.ar(List.of(m.get(0), new Member("bogus", new byte[1]), m.get(1), m.get(2)))))
        .isEqualTo("expected a control.tar member after debian-binary, but found 'bogus'");
  }

  @Test
  void refusesMissingMembers() throws Exception {
    List<Member> m = demo().members();
    assertThat(refusal(FixtureDeb.ar(List.of(m.get(0), m.get(1)))))
        .isEqualTo("has no data.tar member after control.tar.xz; the file is truncated or not a complete package");
    assertThat(refusal(FixtureDeb.ar(List.of(m.get(0)))))
        .isEqualTo("has no control.tar member after debian-binary; the file is truncated or not a complete package");
    assertThat(refusal(FixtureDeb.ar(List.of(new Member("debian-binary", new byte[0])))))
        .isEqualTo("debian-binary says '', but basalt reads only format 2.x packages");
    assertThat(refusal("!<arch>\n".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo("the first ar member must be debian-binary, but it is missing; this is not a Debian binary package");
  }

  @Test
  void refusesUnknownCompression() throws Exception {
    List<Member> m = demo().members();
    assertThat(refusal(FixtureDeb.ar(List.of(m.get(0), m.get(1), new Member("data.tar.lz4", m.get(2).bytes())))))
        .isEqualTo("member 'data.tar.lz4' uses a compression basalt does not read"
            + " (expected data.tar with one of .gz, .xz, .zst, .bz2, .lzma)");
    assertThat(refusal(FixtureDeb.ar(List.of(m.get(0), new Member("control.tar.bz2", m.get(1).bytes()), m.get(2)))))
        .isEqualTo("member 'control.tar.bz2' uses a compression basalt does not read"
            + " (expected control.tar with one of .gz, .xz, .zst)");
  }

  @Test
  void refusesOtherFormatVersions() throws Exception {
    assertThat(refusal(demo().debianBinary("3.0\n").build()))
        .isEqualTo("debian-binary says '3.0', but basalt reads only format 2.x packages");
    assertThat(refusal(demo().debianBinary("0.939000\n").build()))
        .isEqualTo("debian-binary says '0.939000', but basalt reads only format 2.x packages");
  }

  @Test
  void refusesBadControlAreas() throws Exception {
    assertThat(refusal(FixtureDeb.builder(CONTROL).withoutControlFile("control").build()))
        .isEqualTo("control.tar.xz has no control file");
    assertThat(refusal(FixtureDeb.builder("Package: demo\nArchitecture: all\n").build()))
        .isEqualTo("control.tar.xz/control has no Version field");
    assertThat(refusal(FixtureDeb.builder(CONTROL + "\nPackage: second\n").build()))
        .isEqualTo("control.tar.xz/control must hold exactly one stanza, but has 2");
  }

  @Test
  void refusesFilesThatAreNotPackagesOrAreCutShort() throws Exception {
    String notAr = "is not a Debian package: it does not start with the ar archive signature '!<arch>'"
        + " (a download error page, or a truncated file?)";
    assertThat(refusal("<html>not found</html>".getBytes(StandardCharsets.US_ASCII))).isEqualTo(notAr);
    assertThat(refusal(new byte[0])).isEqualTo(notAr);
    byte[] whole = demo().dataCompression(Compression.GZ).build();
    assertThat(refusal(Arrays.copyOf(whole, whole.length - 40)))
        .startsWith("cannot be read (")
        .endsWith("); it is truncated or corrupt: delete it from the cache so that it is fetched again");
  }

  // Real packages

  /**
   * Reads a few small real packages from the host's apt cache (or {@code -Dbasalt.test.debs=DIR})
   * and checks them against what dpkg itself recorded: every file's MD5 against the package's
   * md5sums, and the entry paths against {@code dpkg-deb --contents} where dpkg-deb exists.
   */
  @Test
  void readsRealPackagesAsDpkgSeesThem() throws Exception {
    Path archives = Path.of(System.getProperty("basalt.test.debs", "/var/cache/apt/archives"));
    List<Path> debs = List.of();
    if (Files.isDirectory(archives)) {
      try (Stream<Path> files = Files.list(archives)) {
        debs = files.filter(f -> f.toString().endsWith(".deb") && sizeOf(f) < (1 << 20)).sorted().limit(6).toList();
      }
    }
    assumeTrue(!debs.isEmpty(), () -> "no small .deb files in " + archives + " (set -Dbasalt.test.debs=DIR)");
    boolean dpkgDeb = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
        .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, "dpkg-deb")));

    for (Path deb : debs) {
      DebContents c = DebReader.read(deb, BlobStore.digestOf(deb), cacheRoot());

      assertThat(deb.getFileName().toString()).startsWith(c.name() + "_");
      Map<String, FileEntry> byPath = new HashMap<>();
      c.entries().forEach(e -> byPath.put(e.path(), e));
      if (c.md5sums() != null) {
        for (String line : c.md5sums().split("\n")) {
          String path = "/" + line.substring(34);
          FileEntry e = byPath.get(path);
          if (e instanceof FileEntry.Hardlink h) {
            e = byPath.get(h.target());
          }
          assertThat(e).as("%s in %s", path, deb).isInstanceOf(FileEntry.RegularFile.class);
          assertThat(md5(((FileEntry.RegularFile) e).content())).as("%s in %s", path, deb)
              .isEqualTo(line.substring(0, 32));
        }
      }
      if (dpkgDeb) {
        assertThat(new TreeSet<>(byPath.keySet())).as(deb.toString()).isEqualTo(dpkgDebPaths(deb));
      }
    }
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (java.io.IOException e) {
      return Long.MAX_VALUE;
    }
  }

  private static String md5(Content content) throws Exception {
    MessageDigest md5 = MessageDigest.getInstance("MD5");
    try (InputStream in = content.open()) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        md5.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md5.digest());
  }

  private static Set<String> dpkgDebPaths(Path deb) throws Exception {
    Process p = new ProcessBuilder("dpkg-deb", "--contents", deb.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String listing = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).isZero();
    Set<String> paths = new TreeSet<>();
    for (String line : listing.split("\n")) {
      String[] fields = line.split("\\s+", 6);
      String name = fields[5];
      if (fields[0].startsWith("l")) {
        name = name.substring(0, name.indexOf(" -> "));
      } else if (fields[0].startsWith("h")) {
        name = name.substring(0, name.indexOf(" link to "));
      }
      String path = Paths.normalize(name);
      if (!path.equals("/")) {
        paths.add(path);
      }
    }
    return paths;
  }
}
