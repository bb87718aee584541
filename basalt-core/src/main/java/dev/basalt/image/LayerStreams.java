package dev.basalt.image;

import com.github.luben.zstd.ZstdInputStream;
import dev.basalt.cache.Digest;
import dev.basalt.fs.BoundedExpansion;
import dev.basalt.fs.ExpansionLimit;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/** Decompression by magic bytes and digest checking for layer blobs. */
final class LayerStreams {
  private LayerStreams() {}

  /** A blob's digest or size is not what named it. */
  static final class MismatchException extends IOException {
    MismatchException(String message) {
      super(message);
    }
  }

  /**
   * {@code raw} decompressed if it starts with gzip's or zstd's magic, else as it is; a compressed
   * layer may expand only within the configured {@link ExpansionLimit}.
   *
   * @param what names the layer in errors
   */
  static InputStream decompress(InputStream raw, String what) throws IOException {
    InputStream in = raw.markSupported() ? raw : new BufferedInputStream(raw, 1 << 16);
    in.mark(4);
    byte[] magic = in.readNBytes(4);
    in.reset();
    if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
      return BoundedExpansion.decompress(in, GzipReader::new, what);
    }
    if (magic.length == 4 && (magic[0] & 0xff) == 0x28 && (magic[1] & 0xff) == 0xb5
        && (magic[2] & 0xff) == 0x2f && (magic[3] & 0xff) == 0xfd) {
      return new BufferedInputStream(BoundedExpansion.decompress(in, ZstdInputStream::new, what), 1 << 16);
    }
    return in;
  }

  /**
   * {@code in}, checked against {@code expected} (and {@code size} unless negative) when it
   * ends; closing it early reads the rest first, so no unchecked bytes pass unnoticed.
   */
  static InputStream verifying(InputStream in, Digest expected, long size, String what) {
    return new FilterInputStream(in) {
      private final MessageDigest sha = Digest.newSha256();
      private long count;
      private boolean checked;

      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b < 0) {
          check();
        } else {
          sha.update((byte) b);
          count++;
        }
        return b;
      }

      @Override
      public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n < 0) {
          check();
        } else {
          sha.update(buf, off, n);
          count += n;
          if (size >= 0 && count > size) {
            throw new MismatchException(what + " is longer than the " + size + " bytes its descriptor states");
          }
        }
        return n;
      }

      @Override
      public void close() throws IOException {
        try {
          if (!checked) {
            byte[] rest = new byte[1 << 16];
            while (read(rest, 0, rest.length) >= 0) {
              // read() feeds the digest; the bytes themselves are not needed
            }
          }
        } finally {
          super.close();
        }
      }

      private void check() throws IOException {
        if (checked) {
          return;
        }
        checked = true;
        if (size >= 0 && count != size) {
          throw new MismatchException(what + " has " + count + " bytes, its descriptor states " + size);
        }
        Digest actual = Digest.fromBytes(sha.digest());
        if (!actual.equals(expected)) {
          throw new MismatchException(what + " has digest " + actual + ", expected " + expected
              + ": the blob is corrupt or was tampered with");
        }
      }
    };
  }
}
