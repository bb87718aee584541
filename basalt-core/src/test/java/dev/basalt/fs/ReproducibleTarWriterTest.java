package dev.basalt.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.basalt.cache.Digest;
import dev.basalt.testkit.ExternalTool;
import dev.basalt.testkit.RawTar;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReproducibleTarWriterTest {
  private static final long EPOCH = 1_700_000_000L;
  private static final long LATER = 2_000_000_000L;

  @TempDir Path tmp;

  /** A small image-like tree exercising every rule: clamping, implied parents, links, modes, ids. */
  static FileTree smallTree() {
    FileTree t = new FileTree();
    t.put(new FileEntry.Directory("/etc", 0755, 0, 0, LATER, "base-files"));
    t.put(new FileEntry.RegularFile("/etc/passwd", 0644, 0, 0, 1000, null, Content.Inline.of("root:x:0:0::/root:/sbin/nologin\n")));
    t.put(new FileEntry.Directory("/usr/bin", 0755, 0, 0, EPOCH - 1, "coreutils"));
    t.put(new FileEntry.RegularFile("/usr/bin/tool", 04755, 0, 0, LATER, "tool", Content.Inline.of("#tool\n")));
    t.put(new FileEntry.Hardlink("/usr/bin/a-link", "/usr/bin/tool", 0700, 5, 5, 1, "tool"));
    t.put(new FileEntry.Hardlink("/usr/bin/z-link", "/usr/bin/a-link", 0755, 0, 0, LATER, "tool"));
    t.put(new FileEntry.Symlink("/bin", "usr/bin", 0, 0, LATER, "base-files"));
    t.put(new FileEntry.Directory("/home/nonroot", 0700, 65532, 65532, EPOCH, null));
    t.put(new FileEntry.Directory("/tmp", 01777, 0, 0, 0, null));
    return t;
  }

  static byte[] tar(FileTree tree) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new ReproducibleTarWriter(EPOCH).write(tree, out);
    return out.toByteArray();
  }

  @Test
  void headersFollowTheRules() throws Exception {
    List<RawTar.Header> headers = RawTar.read(tar(smallTree()));
    assertThat(headers)
        .extracting(RawTar.Header::name, RawTar.Header::type, RawTar.Header::mode, RawTar.Header::uid,
            RawTar.Header::gid, RawTar.Header::mtime, RawTar.Header::linkName, RawTar.Header::dataText)
        .containsExactly(
            tuple("bin", '2', "0000777 ", "0000000 ", "0000000 ", "14524770400 ", "usr/bin", ""),
            tuple("etc/", '5', "0000755 ", "0000000 ", "0000000 ", "14524770400 ", "", ""),
            tuple("etc/passwd", '0', "0000644 ", "0000000 ", "0000000 ", "00000001750 ", "",
                "root:x:0:0::/root:/sbin/nologin\n"),
            tuple("home/", '5', "0000755 ", "0000000 ", "0000000 ", "14524770400 ", "", ""),
            tuple("home/nonroot/", '5', "0000700 ", "0177774 ", "0177774 ", "14524770400 ", "", ""),
            tuple("tmp/", '5', "0001777 ", "0000000 ", "0000000 ", "00000000000 ", "", ""),
            tuple("usr/", '5', "0000755 ", "0000000 ", "0000000 ", "14524770400 ", "", ""),
            tuple("usr/bin/", '5', "0000755 ", "0000000 ", "0000000 ", "14524770377 ", "", ""),
            tuple("usr/bin/a-link", '0', "0004755 ", "0000000 ", "0000000 ", "14524770400 ", "", "#tool\n"),
            tuple("usr/bin/tool", '1', "0004755 ", "0000000 ", "0000000 ", "14524770400 ", "usr/bin/a-link", ""),
            tuple("usr/bin/z-link", '1', "0004755 ", "0000000 ", "0000000 ", "14524770400 ", "usr/bin/a-link", ""));
  }

  @Test
  void noUserNamesDevicesOrPrefixAndUstarMagicEvenInPaxHeaders() throws Exception {
    FileTree tree = smallTree();
    tree.put(new FileEntry.RegularFile("/etc/" + "n".repeat(120), 0600, 0, 0, LATER, null, Content.Inline.of("x")));
    String saved = System.getProperty("user.name");
    byte[] withMallory;
    try {
      System.setProperty("user.name", "mallory");
      withMallory = tar(tree);
    } finally {
      System.setProperty("user.name", saved);
    }
    assertThat(withMallory).isEqualTo(tar(tree));
    List<RawTar.Header> headers = RawTar.read(withMallory);
    RawTar.Header pax = headers.get(2);
    assertThat(pax.type()).isEqualTo('x');
    assertThat(List.of(pax.mode(), pax.uid(), pax.gid(), pax.mtime()))
        .containsExactly("0100644 ", "0000000 ", "0000000 ", "14524770400 ");
    for (RawTar.Header h : headers) {
      assertThat(h.uname()).as(h.name()).isEmpty();
      assertThat(h.gname()).as(h.name()).isEmpty();
      assertThat(h.devMajor()).as(h.name()).isEqualTo("0000000 ");
      assertThat(h.devMinor()).as(h.name()).isEqualTo("0000000 ");
      assertThat(h.prefix()).as(h.name()).isEmpty();
      assertThat(h.magic()).isEqualTo("ustar");
      assertThat(h.version()).isEqualTo("00");
    }
  }

  @Test
  void negativeMtimeStaysAndGoesToAPaxRecord() throws Exception {
    FileTree t = new FileTree();
    t.put(new FileEntry.Directory("/old", 0755, 0, 0, -5, null));
    List<RawTar.Header> headers = RawTar.read(tar(t));
    assertThat(headers).extracting(RawTar.Header::name, RawTar.Header::type, RawTar.Header::mtime,
            RawTar.Header::dataText)
        .containsExactly(
            tuple("./PaxHeaders.X/old_", 'x', "00000000000 ", "12 mtime=-5\n"),
            tuple("old/", '5', "00000000000 ", ""));
  }

  @Test
  void sortsByUtf8BytesNotByJavaStrings() throws Exception {
    FileTree t = new FileTree();
    t.put(new FileEntry.Directory("/a", 0755, 0, 0, 0, null));
    for (String p : List.of("/a-b", "/a/b", "/\uFFFD", "/\uD83D\uDE00", "/Z", "/\u00e9")) {
      t.put(new FileEntry.Symlink(p, "x", 0, 0, 0, null));
    }
    // Java orders U+1F600 (surrogates D83D DE00) before U+FFFD; UTF-8 (F0... after EF...) after it.
    assertThat(entryNames(tar(t))).containsExactly("Z", "a/", "a-b", "a/b", "\u00e9", "\uFFFD", "\uD83D\uDE00");
  }

  @Test
  void longAndNonAsciiNamesUsePaxRecordsOnlyWhenNeeded() throws Exception {
    String dir = "/usr/share/" + "d".repeat(60);
    String file99 = "/" + "f".repeat(98);
    String longFile = dir + "/" + "x".repeat(60);
    String longTarget = "../" + "t".repeat(120);
    FileTree t = new FileTree();
    t.put(new FileEntry.RegularFile(file99, 0644, 0, 0, 0, null, Content.Inline.of("")));
    t.putWithParents(new FileEntry.RegularFile(longFile, 0644, 0, 0, 0, null, Content.Inline.of("long\n")), 0);
    t.put(new FileEntry.Symlink(dir + "/link", longTarget, 0, 0, 0, null));
    t.put(new FileEntry.RegularFile("/caf\u00e9", 0644, 0, 0, 0, null, Content.Inline.of("")));
    List<RawTar.Header> headers = RawTar.read(tar(t));

    assertThat(headers).extracting(RawTar.Header::name, RawTar.Header::type, RawTar.Header::dataText)
        .containsExactly(
            tuple("./PaxHeaders.X/cafi", 'x', "14 path=caf\u00e9\n"),
            tuple("caf\u00e9", '0', ""),
            tuple("f".repeat(98), '0', ""),
            tuple("usr/", '5', ""),
            tuple("usr/share/", '5', ""),
            tuple(tarName(dir, true), '5', ""),
            tuple(paxName(tarName(dir + "/link", false)), 'x', "137 linkpath=" + longTarget + "\n"),
            tuple(tarName(dir + "/link", false), '2', ""),
            tuple(paxName(tarName(longFile, false)), 'x', "141 path=" + tarName(longFile, false) + "\n"),
            tuple(tarName(longFile, false).substring(0, 100), '0', "long\n"));
    // The ustar fields keep what fits; the pax records hold the whole.
    assertThat(headers.get(7).linkName()).isEqualTo(longTarget.substring(0, 100));
    assertThat(headers.get(9).linkName()).isEmpty();

    // Readers that understand pax see the full names.
    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar(t)))) {
      List<String> names = new ArrayList<>();
      for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        names.add(e.getName() + (e.isSymbolicLink() ? " -> " + e.getLinkName() : ""));
      }
      assertThat(names).containsExactly("caf\u00e9", "f".repeat(98), "usr/", "usr/share/", tarName(dir, true),
          tarName(dir + "/link", false) + " -> " + longTarget, tarName(longFile, false));
    }
  }

  @Test
  void contentThatDoesNotMatchItsDigestOrSizeIsRefused() throws Exception {
    Path file = tmp.resolve("blob");
    Files.writeString(file, "hello\n");
    Digest hello = Digest.of("hello\n".getBytes(StandardCharsets.UTF_8));

    FileTree ok = treeWith(new Content.Stored(file, 6, hello));
    assertThat(entryNames(tar(ok))).containsExactly("f");

    Files.writeString(file, "jello\n");
    assertThatThrownBy(() -> tar(treeWith(new Content.Stored(file, 6, hello))))
        .isInstanceOf(ContentMismatchException.class)
        .hasMessage("/f: content has digest " + Digest.of("jello\n".getBytes(StandardCharsets.UTF_8)) + ", but "
            + hello + " is recorded (read from " + file + "; the cached file is corrupted: delete it and build again)");
    assertThatThrownBy(() -> tar(treeWith(new Content.Stored(file, 10, hello))))
        .isInstanceOf(ContentMismatchException.class)
        .hasMessageStartingWith("/f: content has 6 bytes, but 10 are recorded (read from ");
    assertThatThrownBy(() -> tar(treeWith(new Content.Stored(file, 3, hello))))
        .isInstanceOf(ContentMismatchException.class)
        .hasMessageStartingWith("/f: content is larger than its recorded 3 bytes (read from ");
    assertThatThrownBy(() -> tar(treeWith(new Content.Inline("abc".getBytes(StandardCharsets.UTF_8), hello))))
        .isInstanceOf(ContentMismatchException.class)
        .hasMessage("/f: content has digest " + Digest.of("abc".getBytes(StandardCharsets.UTF_8)) + ", but " + hello
            + " is recorded");
  }

  @Test
  void malformedTreesAreRefused() {
    FileTree underLink = new FileTree();
    underLink.put(new FileEntry.Symlink("/lib", "usr/lib", 0, 0, 0, null));
    underLink.put(new FileEntry.RegularFile("/lib/x", 0644, 0, 0, 0, null, Content.Inline.of("")));
    assertThatThrownBy(() -> tar(underLink)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("/lib/x lies below /lib, which is a symlink, not a directory");

    FileTree dangling = new FileTree();
    dangling.put(new FileEntry.Hardlink("/a", "/gone", 0644, 0, 0, 0, null));
    assertThatThrownBy(() -> tar(dangling)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("hard link /a points to /gone, which is not in the tree");

    FileTree toDir = new FileTree();
    toDir.put(new FileEntry.Directory("/d", 0755, 0, 0, 0, null));
    toDir.put(new FileEntry.Hardlink("/a", "/d", 0644, 0, 0, 0, null));
    assertThatThrownBy(() -> tar(toDir)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("hard link /a points to /d, which is a directory, not a regular file");

    FileTree cycle = new FileTree();
    cycle.put(new FileEntry.Hardlink("/a", "/b", 0644, 0, 0, 0, null));
    cycle.put(new FileEntry.Hardlink("/b", "/a", 0644, 0, 0, 0, null));
    assertThatThrownBy(() -> tar(cycle)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("hard link /a is part of a cycle of hard links");

    assertThatThrownBy(() -> new ReproducibleTarWriter(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anEmptyTreeIsJustTheEndOfArchive() throws Exception {
    assertThat(tar(new FileTree())).isEqualTo(new byte[1024]);
  }

  @Test
  void gnuTarReadsTheArchiveAsWritten() throws Exception {
    ExternalTool gnuTar = ExternalTool.require("tar");
    Path archive = tmp.resolve("small.tar");
    Files.write(archive, tar(smallTree()));
    ExternalTool.Result r = gnuTar.run("--list", "--verbose", "--numeric-owner", "--full-time", "--utc", "-f",
        archive.toString());
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout().lines().map(l -> l.replaceAll(" +", " ")).toList()).containsExactly(
        "lrwxrwxrwx 0/0 0 2023-11-14 22:13:20 bin -> usr/bin",
        "drwxr-xr-x 0/0 0 2023-11-14 22:13:20 etc/",
        "-rw-r--r-- 0/0 32 1970-01-01 00:16:40 etc/passwd",
        "drwxr-xr-x 0/0 0 2023-11-14 22:13:20 home/",
        "drwx------ 65532/65532 0 2023-11-14 22:13:20 home/nonroot/",
        "drwxrwxrwt 0/0 0 1970-01-01 00:00:00 tmp/",
        "drwxr-xr-x 0/0 0 2023-11-14 22:13:20 usr/",
        "drwxr-xr-x 0/0 0 2023-11-14 22:13:19 usr/bin/",
        "-rwsr-xr-x 0/0 6 2023-11-14 22:13:20 usr/bin/a-link",
        "hrwsr-xr-x 0/0 0 2023-11-14 22:13:20 usr/bin/tool link to usr/bin/a-link",
        "hrwsr-xr-x 0/0 0 2023-11-14 22:13:20 usr/bin/z-link link to usr/bin/a-link");
  }

  private static FileTree treeWith(Content content) {
    FileTree t = new FileTree();
    t.put(new FileEntry.RegularFile("/f", 0644, 0, 0, 0, null, content));
    return t;
  }

  /** commons-compress names a pax header after its entry, slashes replaced, cut to 99 bytes. */
  private static String paxName(String name) {
    String pax = "./PaxHeaders.X/" + name.replace('/', '_');
    return pax.length() < 100 ? pax : pax.substring(0, 99);
  }

  private static String tarName(String path, boolean dir) {
    return ReproducibleTarWriter.tarName(path, dir);
  }

  private static List<String> entryNames(byte[] tar) throws IOException {
    List<String> names = new ArrayList<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
      for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        names.add(e.getName());
      }
    }
    return names;
  }
}
