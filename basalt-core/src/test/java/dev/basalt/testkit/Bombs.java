package dev.basalt.testkit;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * Decompression bombs made cheaply: one member of {@link #CHUNK} zero bytes is compressed once
 * and repeated, which gzip, xz and zstd all read as one stream of the concatenated contents.
 */
public final class Bombs {
  public static final int CHUNK = 16 << 20;
  /** What every bomb expands to: 1 GiB. */
  public static final long EXPANDED = 1L << 30;

  public enum Format { GZIP, XZ, ZSTD }

  private Bombs() {}

  /** {@link #EXPANDED} zero bytes in {@code format}; about 1 MB of gzip, much less of xz or zstd. */
  public static byte[] zeros(Format format) {
    byte[] member = compress(format, new byte[CHUNK]);
    int copies = (int) (EXPANDED / CHUNK);
    byte[] bomb = new byte[member.length * copies];
    for (int i = 0; i < copies; i++) {
      System.arraycopy(member, 0, bomb, i * member.length, member.length);
    }
    return bomb;
  }

  public static byte[] compress(Format format, byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream c = switch (format) {
      case GZIP -> new GZIPOutputStream(out);
      case XZ -> new XZOutputStream(out, new LZMA2Options(1));
      case ZSTD -> new ZstdOutputStream(out, 3);
    }) {
      c.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
