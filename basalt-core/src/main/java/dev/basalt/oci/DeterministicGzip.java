package dev.basalt.oci;

import com.jcraft.jzlib.Deflater;
import com.jcraft.jzlib.GZIPException;
import com.jcraft.jzlib.JZlib;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * A gzip (RFC 1952) stream whose bytes depend only on the data and the level: a fixed header
 * (no name, mtime 0, OS 255 "unknown"), raw deflate from pure-Java jzlib with every parameter
 * pinned, then CRC-32 and ISIZE. The JDK's {@code Deflater} is whatever native zlib the platform
 * links, and its {@code GZIPOutputStream} header changed between releases; neither would give
 * the same layer digest everywhere.
 *
 * <p>{@link #flush()} never flushes the compressor: a flush point would make the bytes depend on
 * when a caller flushed. {@link #close()} finishes the stream and closes the target.
 */
public final class DeterministicGzip extends OutputStream {
  /**
   * Level 6, zlib's and Go's default, is where the gains stop paying: on 21.7 MiB of shared
   * libraries jzlib gives 39.5% at about 14 MB/s; level 5 39.8% at 20 MB/s, level 7 39.5% at
   * 11 MB/s, level 9 39.4% at 3.5 MB/s (see bench/README.md).
   */
  public static final int DEFAULT_LEVEL = 6;

  private static final int WINDOW_BITS = 15;
  private static final int MEM_LEVEL = 8;
  private static final int OS_UNKNOWN = 255;
  private static final int BUFFER_SIZE = 64 * 1024;

  private final OutputStream out;
  private final Deflater deflater;
  private final CRC32 crc = new CRC32();
  private final byte[] buffer = new byte[BUFFER_SIZE];
  private long length;
  private boolean finished;

  public DeterministicGzip(OutputStream out) throws IOException {
    this(out, DEFAULT_LEVEL);
  }

  /** A stream at {@code level} 1 (fastest) to 9 (smallest). */
  public DeterministicGzip(OutputStream out, int level) throws IOException {
    this.out = Objects.requireNonNull(out, "out == null");
    if (level < 1 || level > 9) {
      throw new IllegalArgumentException("gzip level must be 1..9, not " + level);
    }
    try {
      deflater = new Deflater(level, WINDOW_BITS, MEM_LEVEL, JZlib.W_NONE);
    } catch (GZIPException e) {
      throw new IOException("cannot start deflate at level " + level, e);
    }
    out.write(header(level));
  }

  /** The 10-byte member header for {@code level}; XFL is 2 for level 9, 4 for level 1, as zlib sets it. */
  static byte[] header(int level) {
    int xfl = level == 9 ? 2 : level == 1 ? 4 : 0;
    return new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, (byte) xfl, (byte) OS_UNKNOWN};
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (finished) {
      throw new IOException("gzip stream already finished");
    }
    if (len == 0) {
      return;
    }
    crc.update(b, off, len);
    length += len;
    // jzlib keeps a reference to b; deflating until all input is consumed copies it into the window.
    deflater.setInput(b, off, len, false);
    do {
      deflate(JZlib.Z_NO_FLUSH);
    } while (deflater.getAvailIn() > 0);
  }

  /** Ends the deflate stream and writes the trailer; the target stays open. */
  public void finish() throws IOException {
    if (finished) {
      return;
    }
    finished = true;
    deflater.setInput(buffer, 0, 0, false);
    int status = deflate(JZlib.Z_FINISH);
    deflater.end();
    if (status != JZlib.Z_STREAM_END) {
      throw new IOException("deflate did not end its stream (" + status + ")");
    }
    long c = crc.getValue();
    out.write(new byte[] {
        (byte) c, (byte) (c >>> 8), (byte) (c >>> 16), (byte) (c >>> 24),
        (byte) length, (byte) (length >>> 8), (byte) (length >>> 16), (byte) (length >>> 24)});
  }

  private int deflate(int flush) throws IOException {
    int status;
    do {
      deflater.setOutput(buffer, 0, buffer.length);
      status = deflater.deflate(flush);
      if (status != JZlib.Z_OK && status != JZlib.Z_STREAM_END && status != JZlib.Z_BUF_ERROR) {
        throw new IOException("deflate failed (" + status + "): " + deflater.getMessage());
      }
      int produced = buffer.length - deflater.getAvailOut();
      if (produced > 0) {
        out.write(buffer, 0, produced);
      }
    } while (deflater.getAvailOut() == 0);
    return status;
  }

  /** Flushes what is already compressed to the target, without a deflate flush point. */
  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    try {
      finish();
    } finally {
      out.close();
    }
  }
}
