package dev.basalt.testkit;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * Builds real {@code .deb} files (ar of debian-binary, control.tar.*, data.tar.*) for fixtures:
 * {@link #build} for plain packages, {@link #builder} for full control over tar entries,
 * compression and ar members (including broken ones).
 */
public final class FixtureDeb {
  /** The mtime of every entry the fixtures make, unless a test sets another. */
  public static final long MTIME = 1_700_000_000L;

  private FixtureDeb() {}

  /** A .deb whose control file is {@code control} and whose data holds {@code files} (path to content). */
  public static byte[] build(String control, Map<String, byte[]> files) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (ArArchiveOutputStream ar = new ArArchiveOutputStream(out)) {
        add(ar, "debian-binary", "2.0\n".getBytes(StandardCharsets.US_ASCII));
        add(ar, "control.tar.xz", tarXz(Map.of("./control", control.getBytes(StandardCharsets.UTF_8))));
        Map<String, byte[]> data = new TreeMap<>();
        files.forEach((k, v) -> data.put("." + k, v));
        add(ar, "data.tar.xz", tarXz(data));
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void add(ArArchiveOutputStream ar, String name, byte[] content) throws IOException {
    ArArchiveEntry e = new ArArchiveEntry(name, content.length, 0, 0, 0100644, MTIME);
    ar.putArchiveEntry(e);
    ar.write(content);
    ar.closeArchiveEntry();
  }

  private static byte[] tarXz(Map<String, byte[]> files) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (XZOutputStream xz = new XZOutputStream(out, new LZMA2Options(1));
        TarArchiveOutputStream tar = new TarArchiveOutputStream(xz)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Map.Entry<String, byte[]> f : new TreeMap<>(files).entrySet()) {
        TarArchiveEntry e = new TarArchiveEntry(f.getKey());
        e.setSize(f.getValue().length);
        e.setMode(0100644);
        e.setModTime(MTIME * 1000);
        tar.putArchiveEntry(e);
        tar.write(f.getValue());
        tar.closeArchiveEntry();
      }
    }
    return out.toByteArray();
  }

  /** A builder for a package with this control file. */
  public static Builder builder(String control) {
    return new Builder(control);
  }

  /** Compression of a tar member, named by the suffix it gives the member's name. */
  public enum Compression {
    NONE(""), GZ(".gz"), XZ(".xz"), ZST(".zst"), BZ2(".bz2");

    public final String suffix;

    Compression(String suffix) {
      this.suffix = suffix;
    }

    OutputStream wrap(OutputStream out) throws IOException {
      return switch (this) {
        case NONE -> out;
        case GZ -> new GZIPOutputStream(out);
        case XZ -> new XZOutputStream(out, new LZMA2Options(1));
        case ZST -> new ZstdOutputStream(out, 3);
        case BZ2 -> new BZip2CompressorOutputStream(out);
      };
    }
  }

  /** One ar member of a .deb. */
  public record Member(String name, byte[] bytes) {}

  /** Writes members as an ar archive, in the given order. */
  public static byte[] ar(List<Member> members) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (ArArchiveOutputStream ar = new ArArchiveOutputStream(out)) {
        for (Member m : members) {
          add(ar, m.name(), m.bytes());
        }
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Collects control-area files and data entries in archive order. Paths are image paths
   * ({@code /usr/bin/x}) written as dpkg-deb writes them ({@code ./usr/bin/x}); {@link #entry}
   * takes raw tar entries for anything else.
   */
  public static final class Builder {
    private final Map<String, String> controlFiles = new TreeMap<>();
    private final List<TarItem> data = new ArrayList<>();
    private Compression controlCompression = Compression.XZ;
    private Compression dataCompression = Compression.XZ;
    private String debianBinary = "2.0\n";
    private byte[] rawDataTar;

    private Builder(String control) {
      controlFiles.put("control", control);
      TarArchiveEntry root = new TarArchiveEntry("./", TarConstants.LF_DIR);
      root.setMode(040755);
      data.add(new TarItem(root, null));
    }

    public Builder controlCompression(Compression c) {
      controlCompression = c;
      return this;
    }

    public Builder dataCompression(Compression c) {
      dataCompression = c;
      return this;
    }

    public Builder debianBinary(String content) {
      debianBinary = content;
      return this;
    }

    /** A control-area file such as md5sums, conffiles or postinst. */
    public Builder controlFile(String name, String text) {
      controlFiles.put(name, text);
      return this;
    }

    /** Leaves a control-area file out, e.g. the control file itself. */
    public Builder withoutControlFile(String name) {
      controlFiles.remove(name);
      return this;
    }

    public Builder dir(String path, int mode, int uid, int gid) {
      TarArchiveEntry e = new TarArchiveEntry("." + path + "/", TarConstants.LF_DIR);
      return item(owned(e, 040000 | mode, uid, gid), null);
    }

    public Builder file(String path, String content, int mode, int uid, int gid) {
      return file(path, content.getBytes(StandardCharsets.UTF_8), mode, uid, gid);
    }

    public Builder file(String path, byte[] content, int mode, int uid, int gid) {
      return file(path, content.length, () -> new ByteArrayInputStream(content), mode, uid, gid);
    }

    /** A file of {@code size} bytes streamed from {@code content}, for files too big to hold. */
    public Builder file(String path, long size, Supplier<InputStream> content, int mode, int uid, int gid) {
      TarArchiveEntry e = new TarArchiveEntry("." + path, TarConstants.LF_NORMAL);
      e.setSize(size);
      return item(owned(e, 0100000 | mode, uid, gid), content);
    }

    public Builder symlink(String path, String target) {
      TarArchiveEntry e = new TarArchiveEntry("." + path, TarConstants.LF_SYMLINK);
      e.setLinkName(target);
      return item(owned(e, 0120777, 0, 0), null);
    }

    /** A hard link to {@code target}, an image path written as {@code ./target}. */
    public Builder hardlink(String path, String target, int mode) {
      TarArchiveEntry e = new TarArchiveEntry("." + path, TarConstants.LF_LINK);
      e.setLinkName("." + target);
      return item(owned(e, 0100000 | mode, 0, 0), null);
    }

    /** Any tar entry as is, with its bytes (null for none): devices, FIFOs, hostile names. */
    public Builder entry(TarArchiveEntry e, byte[] content) {
      return item(e, content == null ? null : () -> new ByteArrayInputStream(content));
    }

    private Builder item(TarArchiveEntry e, Supplier<InputStream> content) {
      data.add(new TarItem(e, content));
      return this;
    }

    /** Uses these bytes as the uncompressed data.tar instead of the entries, for malformed archives. */
    public Builder rawDataTar(byte[] tar) {
      rawDataTar = tar;
      return this;
    }

    /** The ar members in dpkg-deb's order, for tests that reorder, drop or add some. */
    public List<Member> members() {
      try {
        List<Member> members = new ArrayList<>();
        members.add(new Member("debian-binary", debianBinary.getBytes(StandardCharsets.US_ASCII)));
        members.add(new Member("control.tar" + controlCompression.suffix, controlTar()));
        byte[] dataTar = rawDataTar != null ? compress(dataCompression, rawDataTar) : dataTar();
        members.add(new Member("data.tar" + dataCompression.suffix, dataTar));
        return members;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    public byte[] build() {
      return ar(members());
    }

    private byte[] controlTar() throws IOException {
      List<TarItem> items = new ArrayList<>();
      TarArchiveEntry root = new TarArchiveEntry("./", TarConstants.LF_DIR);
      root.setMode(040755);
      items.add(new TarItem(root, null));
      for (Map.Entry<String, String> f : controlFiles.entrySet()) {
        byte[] bytes = f.getValue().getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry("./" + f.getKey(), TarConstants.LF_NORMAL);
        e.setSize(bytes.length);
        boolean script = !List.of("control", "md5sums", "conffiles").contains(f.getKey());
        items.add(new TarItem(owned(e, script ? 0100755 : 0100644, 0, 0), () -> new ByteArrayInputStream(bytes)));
      }
      return tar(controlCompression, items);
    }

    private byte[] dataTar() throws IOException {
      return tar(dataCompression, data);
    }

    private static TarArchiveEntry owned(TarArchiveEntry e, int mode, int uid, int gid) {
      e.setMode(mode);
      e.setUserId(uid);
      e.setGroupId(gid);
      e.setModTime(MTIME * 1000);
      return e;
    }
  }

  private record TarItem(TarArchiveEntry entry, Supplier<InputStream> content) {}

  private static byte[] tar(Compression compression, List<TarItem> items) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream c = compression.wrap(out);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(c)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      for (TarItem item : items) {
        tar.putArchiveEntry(item.entry());
        if (item.content() != null) {
          try (InputStream in = item.content().get()) {
            in.transferTo(tar);
          }
        }
        tar.closeArchiveEntry();
      }
    }
    return out.toByteArray();
  }

  private static byte[] compress(Compression compression, byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream c = compression.wrap(out)) {
      c.write(bytes);
    }
    return out.toByteArray();
  }
}
