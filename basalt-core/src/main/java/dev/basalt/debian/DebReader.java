package dev.basalt.debian;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import dev.basalt.cache.CacheException;
import dev.basalt.cache.Digest;
import dev.basalt.cache.FileStore;
import dev.basalt.fs.BoundedExpansion;
import dev.basalt.fs.ExpansionLimit;
import dev.basalt.fs.ExpansionLimitException;
import dev.basalt.fs.FileEntry;
import dev.basalt.fs.Paths;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.tukaani.xz.LZMAInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * Reads a {@code .deb} (deb(5): an ar archive of {@code debian-binary}, {@code control.tar*},
 * {@code data.tar*}) in one streaming pass: control data into memory, file contents straight into
 * the content store, so memory stays bounded whatever the size of the package.
 */
public final class DebReader {
  /** The largest regular file a package may contain. */
  public static final long MAX_FILE_SIZE = 8L << 30;
  /** The largest control-area file read into memory (control, md5sums, conffiles). */
  public static final long MAX_CONTROL_FILE_SIZE = 64L << 20;
  /** Control-area files whose effects a build without dpkg must supply, in reporting order. */
  public static final List<String> MAINTAINER_SCRIPTS =
      List.of("preinst", "postinst", "prerm", "postrm", "config", "triggers");

  static final String DEBIAN_BINARY = "debian-binary";
  static final String CONTROL_TAR = "control.tar";
  static final String DATA_TAR = "data.tar";
  private static final List<String> CONTROL_COMPRESSIONS = List.of("", ".gz", ".xz", ".zst");
  private static final List<String> DATA_COMPRESSIONS =
      List.of("", ".gz", ".xz", ".zst", ".bz2", ".lzma");
  private static final Pattern FORMAT_2 = Pattern.compile("2\\.[0-9]+");
  private static final int BUFFER = 1 << 16;
  private static final byte[] AR_SIGNATURE = "!<arch>\n".getBytes(StandardCharsets.US_ASCII);

  private final FileStore files;
  /** Null for the limit configured when a package is read. */
  private final ExpansionLimit limit;

  public DebReader(FileStore files) {
    this(files, null);
  }

  /** A reader whose compressed members may expand only within {@code limit}. */
  public DebReader(FileStore files, ExpansionLimit limit) {
    this.files = Objects.requireNonNull(files, "files == null");
    this.limit = limit;
  }

  /**
   * The contents of {@code deb}, using and filling the cache under {@code cacheRoot} (see
   * {@link DebContentsCache}): a package already read is not decompressed again.
   *
   * @param debDigest the verified SHA-256 of the file, which keys the cache
   */
  public static DebContents read(Path deb, Digest debDigest, Path cacheRoot) throws ArchiveException {
    return new DebContentsCache(cacheRoot).read(deb, debDigest);
  }

  /** Reads the package afresh, storing its files in the content store; no parsed cache is used. */
  public DebContents read(Path deb, Digest debDigest) throws ArchiveException {
    Objects.requireNonNull(deb, "deb == null");
    Objects.requireNonNull(debDigest, "debDigest == null");
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(deb), BUFFER)) {
      ExpansionLimit limit = this.limit != null ? this.limit : ExpansionLimit.configured();
      checkArSignature(raw, deb);
      ArArchiveInputStream ar = new ArArchiveInputStream(raw);
      ArArchiveEntry member = nextMember(ar);
      if (member == null || !memberName(member).equals(DEBIAN_BINARY)) {
        throw new MalformedPackageException(deb, "the first ar member must be " + DEBIAN_BINARY
            + ", but it is " + describe(member) + "; this is not a Debian binary package");
      }
      checkFormat(ar, deb);

      member = nextMember(ar);
      String controlMember = expect(deb, member, CONTROL_TAR, CONTROL_COMPRESSIONS, DEBIAN_BINARY);
      ControlArea area;
      try (InputStream in = decompress(ar, controlMember, limit)) {
        area = ControlArea.read(in, deb, controlMember);
      }

      member = nextMember(ar);
      String dataMember = expect(deb, member, DATA_TAR, DATA_COMPRESSIONS, controlMember);
      List<FileEntry> entries;
      try (InputStream in = decompress(ar, dataMember, limit)) {
        entries = new DataTarReader(deb, dataMember, area.name(), files).read(in);
        drain(in);
      }

      member = nextMember(ar);
      if (member != null) {
        throw new MalformedPackageException(deb, "unexpected ar member " + describe(member)
            + " after " + dataMember);
      }
      return new DebContents(area.name(), area.version(), area.architecture(), area.control(),
          area.controlText(), area.md5sums(), area.conffiles(), area.scripts(), entries, debDigest);
    } catch (CacheException e) {
      throw new ArchiveException("cannot unpack package file " + deb + ": " + e.getMessage(), e);
    } catch (NoSuchFileException e) {
      throw new ArchiveException("package file " + deb + " does not exist; fetch it again", e);
    } catch (ExpansionLimitException e) {
      throw new MalformedPackageException(deb, e.getMessage(), e);
    } catch (IOException e) {
      throw new MalformedPackageException(deb, "cannot be read (" + e.getMessage()
          + "); it is truncated or corrupt: delete it from the cache so that it is fetched again", e);
    }
  }

  private static void checkArSignature(InputStream raw, Path deb) throws IOException, ArchiveException {
    raw.mark(AR_SIGNATURE.length);
    byte[] start = raw.readNBytes(AR_SIGNATURE.length);
    raw.reset();
    if (!Arrays.equals(start, AR_SIGNATURE)) {
      throw new MalformedPackageException(deb, "is not a Debian package: it does not start with the"
          + " ar archive signature '!<arch>' (a download error page, or a truncated file?)");
    }
  }

  /** The next member that matters: names starting with '_' are extensions dpkg skips too. */
  private static ArArchiveEntry nextMember(ArArchiveInputStream ar) throws IOException {
    ArArchiveEntry e;
    do {
      e = ar.getNextEntry();
    } while (e != null && memberName(e).startsWith("_"));
    return e;
  }

  private static String memberName(ArArchiveEntry e) {
    String name = e.getName();
    return name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
  }

  private static String describe(ArArchiveEntry e) {
    return e == null ? "missing" : "'" + memberName(e) + "'";
  }

  private static void checkFormat(ArArchiveInputStream ar, Path deb) throws IOException, ArchiveException {
    String text = new String(ar.readNBytes(64), StandardCharsets.US_ASCII);
    int newline = text.indexOf('\n');
    String version = newline < 0 ? text : text.substring(0, newline);
    if (!FORMAT_2.matcher(version).matches()) {
      throw new MalformedPackageException(deb, DEBIAN_BINARY + " says '" + version.strip()
          + "', but basalt reads only format 2.x packages");
    }
  }

  /** The member's name if it is {@code prefix} plus a known compression suffix. */
  private static String expect(Path deb, ArArchiveEntry member, String prefix, List<String> compressions,
      String after) throws ArchiveException {
    if (member == null) {
      throw new MalformedPackageException(deb, "has no " + prefix + " member after " + after
          + "; the file is truncated or not a complete package");
    }
    String name = memberName(member);
    if (name.startsWith(prefix) && compressions.contains(name.substring(prefix.length()))) {
      return name;
    }
    String problem = name.startsWith(prefix)
        ? "member '" + name + "' uses a compression basalt does not read (expected " + prefix
            + " with one of " + String.join(", ", compressions.subList(1, compressions.size())) + ")"
        : "expected a " + prefix + " member after " + after + ", but found '" + name + "'";
    throw new MalformedPackageException(deb, problem);
  }

  /**
   * A decompressing stream over the current ar member, bounded by {@code limit}; closing it frees the decompressor (zstd's native memory) but leaves
   * the ar stream open.
   */
  private static InputStream decompress(ArArchiveInputStream ar, String member, ExpansionLimit limit)
      throws IOException {
    InputStream shielded = new FilterInputStream(ar) {
      @Override
      public void close() {}
    };
    String suffix = member.substring(member.indexOf(".tar") + 4);
    BoundedExpansion.Decompressor decompressor = switch (suffix) {
      case "" -> null;
      case ".gz" -> in -> new GZIPInputStream(in, BUFFER);
      case ".xz" -> XZInputStream::new;
      case ".zst" -> ZstdInputStreamNoFinalizer::new;
      case ".bz2" -> BZip2CompressorInputStream::new;
      case ".lzma" -> LZMAInputStream::new;
      default -> throw new IllegalStateException("unchecked compression " + suffix);
    };
    InputStream in = decompressor == null ? shielded
        : BoundedExpansion.decompress(shielded, decompressor, "member " + member, limit);
    return new BufferedInputStream(in, BUFFER);
  }

  /** Reads past the tar's end so that the compressed stream's own checksum is verified. */
  private static void drain(InputStream in) throws IOException {
    byte[] buf = new byte[8192];
    while (in.read(buf) >= 0) {
      // discard the end-of-archive padding
    }
  }

  /** The control area's files that basalt uses. */
  private record ControlArea(String name, String version, String architecture, Stanza control,
      String controlText, String md5sums, List<String> conffiles, List<String> scripts) {

    static ControlArea read(InputStream in, Path deb, String member)
        throws IOException, ArchiveException {
      String control = null;
      String md5sums = null;
      String conffiles = null;
      List<String> scripts = new ArrayList<>();
      TarArchiveInputStream tar = new TarArchiveInputStream(in, StandardCharsets.UTF_8.name());
      for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
        if (!DataTarReader.isRegularFile(e)) {
          continue;
        }
        String path;
        try {
          path = Paths.normalize(e.getName());
        } catch (IllegalArgumentException unsafe) {
          throw new MalformedPackageException(deb, member + " entry '" + e.getName()
              + "' has an unsafe path: " + unsafe.getMessage());
        }
        String name = path.substring(1);
        if (MAINTAINER_SCRIPTS.contains(name)) {
          scripts.add(name);
        }
        switch (name) {
          case "control" -> control = text(tar, e, deb, member);
          case "md5sums" -> md5sums = text(tar, e, deb, member);
          case "conffiles" -> conffiles = text(tar, e, deb, member);
          default -> { }
        }
      }
      drain(in);
      if (control == null) {
        throw new MalformedPackageException(deb, member + " has no control file");
      }
      String source = deb + " (" + member + "/control)";
      List<Stanza> stanzas = Deb822.parse(control, source, false);
      if (stanzas.size() != 1) {
        throw new MalformedPackageException(deb, member + "/control must hold exactly one stanza, but has "
            + stanzas.size());
      }
      Stanza stanza = stanzas.get(0);
      for (String field : List.of("Package", "Version", "Architecture")) {
        String value = stanza.value(field);
        if (value == null || value.isEmpty()) {
          throw new MalformedPackageException(deb, member + "/control has no " + field + " field");
        }
      }
      scripts.sort((a, b) -> MAINTAINER_SCRIPTS.indexOf(a) - MAINTAINER_SCRIPTS.indexOf(b));
      return new ControlArea(stanza.value("Package"), stanza.value("Version"),
          stanza.value("Architecture"), stanza, control, md5sums, conffilePaths(conffiles), scripts);
    }

    private static String text(TarArchiveInputStream tar, TarArchiveEntry e, Path deb, String member)
        throws IOException, ArchiveException {
      if (e.getSize() > MAX_CONTROL_FILE_SIZE) {
        throw new MalformedPackageException(deb, member + " entry '" + e.getName() + "' has "
            + e.getSize() + " bytes, more than the " + MAX_CONTROL_FILE_SIZE + " a control file may have");
      }
      return new String(tar.readNBytes((int) e.getSize()), StandardCharsets.UTF_8);
    }

    /**
     * The plain paths of a conffiles file. Lines with a flag ({@code remove-on-upgrade /etc/x})
     * name files the package no longer ships, which a fresh image never has.
     */
    static List<String> conffilePaths(String conffiles) {
      List<String> paths = new ArrayList<>();
      if (conffiles != null) {
        for (String line : conffiles.split("\n")) {
          String path = line.strip();
          if (path.startsWith("/")) {
            paths.add(path);
          }
        }
      }
      return paths;
    }
  }
}
