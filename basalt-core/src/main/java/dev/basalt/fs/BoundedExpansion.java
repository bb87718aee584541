package dev.basalt.fs;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Decompresses an untrusted stream under an {@link ExpansionLimit}: compressed bytes are counted
 * as the decompressor pulls them, decompressed bytes as the caller reads them, and the read that
 * crosses the limit fails, so a bomb is refused after at most the grace plus one buffer of output.
 */
public final class BoundedExpansion {
  /** A decompressor's constructor, e.g. {@code XZInputStream::new}. */
  @FunctionalInterface
  public interface Decompressor {
    InputStream open(InputStream compressed) throws IOException;
  }

  private BoundedExpansion() {}

  /**
   * {@code compressed} decompressed by {@code decompressor}, refusing to expand past {@code limit}.
   *
   * @param input names the input in the error, e.g. "package file x.deb member data.tar.xz"
   */
  public static InputStream decompress(InputStream compressed, Decompressor decompressor, String input,
      ExpansionLimit limit) throws IOException {
    Counting counted = new Counting(compressed);
    return new Guard(decompressor.open(counted), counted, input, limit);
  }

  /** As above with the {@linkplain ExpansionLimit#configured() configured} limit. */
  public static InputStream decompress(InputStream compressed, Decompressor decompressor, String input)
      throws IOException {
    return decompress(compressed, decompressor, input, ExpansionLimit.configured());
  }

  private static final class Counting extends FilterInputStream {
    long count;

    Counting(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      count += Math.max(0, skipped);
      return skipped;
    }
  }

  private static final class Guard extends FilterInputStream {
    private final Counting compressed;
    private final String input;
    private final ExpansionLimit limit;
    private long produced;

    Guard(InputStream decompressed, Counting compressed, String input, ExpansionLimit limit) {
      super(decompressed);
      this.compressed = compressed;
      this.input = input;
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        produced(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        produced(n);
      }
      return n;
    }

    /** Skipped bytes are decompressed all the same, so they count. */
    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      if (skipped > 0) {
        produced(skipped);
      }
      return skipped;
    }

    private void produced(long n) throws ExpansionLimitException {
      produced += n;
      if (produced > limit.maxBytes()) {
        throw new ExpansionLimitException(input + " expands to more than " + limit.maxBytes()
            + " bytes, the limit for one decompressed stream; " + ExpansionLimit.howToRaise());
      }
      if (produced > ExpansionLimit.GRACE_BYTES && produced / Math.max(1, compressed.count) > limit.maxRatio()) {
        throw new ExpansionLimitException(input + " expands more than " + limit.maxRatio() + "-fold ("
            + compressed.count + " compressed bytes gave " + produced + " so far): refused as a decompression bomb; "
            + ExpansionLimit.howToRaise());
      }
    }
  }
}
