package dev.basalt.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/** Builds real {@code .deb} files (ar of debian-binary, control.tar.xz, data.tar.xz) for fixtures. */
public final class FixtureDeb {
  private static final long MTIME = 1_700_000_000L;

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
}
