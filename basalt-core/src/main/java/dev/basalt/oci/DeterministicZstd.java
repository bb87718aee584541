package dev.basalt.oci;

import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * A zstd frame whose bytes depend only on the data, the level and the zstd version that
 * zstd-jni bundles: single-threaded, no checksum, no dictionary, default parameters of the level, and never
 * a flush point, since a caller's {@link #flush()} would otherwise end a block early.
 * {@link #close()} ends the frame and closes the target.
 */
public final class DeterministicZstd extends OutputStream {
  /**
   * Level 9: on 21.7 MiB of shared libraries 35.6% at about 40 MB/s, against 38.7% at level 3
   * (zstd's default, about 2x faster) and 35.3% at level 12 (about 3x slower); see bench/README.md.
   */
  public static final int DEFAULT_LEVEL = 9;

  private final OutputStream out;
  private final ZstdOutputStreamNoFinalizer zstd;
  private boolean finished;

  public DeterministicZstd(OutputStream out) throws IOException {
    this(out, DEFAULT_LEVEL);
  }

  /** A stream at {@code level} 1 to 19 (the "ultra" levels above are left out on purpose). */
  public DeterministicZstd(OutputStream out, int level) throws IOException {
    this.out = Objects.requireNonNull(out, "out == null");
    if (level < 1 || level > 19) {
      throw new IllegalArgumentException("zstd level must be 1..19, not " + level);
    }
    zstd = new ZstdOutputStreamNoFinalizer(out, level);
    zstd.setChecksum(false);
    zstd.setWorkers(0);
    zstd.setCloseFrameOnFlush(false);
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (finished) {
      throw new IOException("zstd stream already finished");
    }
    zstd.write(b, off, len);
  }

  /** Ends the frame; the target stays open. */
  public void finish() throws IOException {
    if (!finished) {
      finished = true;
      zstd.closeWithoutClosingParentStream();
    }
  }

  /** Flushes what is already compressed to the target, without a zstd flush point. */
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
