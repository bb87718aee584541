package dev.basalt.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads a source on a thread of its own, a bounded number of chunks ahead: decompressing and
 * hashing a layer on one core while the tar is parsed on another roughly halves the wall time
 * of reading a large gzip layer on two cores. The source is always read to its end, also when
 * this stream is closed early, so that a verifying source gets to check its digest; its failure
 * is thrown here.
 */
final class ReadAheadInputStream extends InputStream {
  private static final int CHUNK = 1 << 17;
  private static final int CHUNKS_AHEAD = 16;
  private static final byte[] END = new byte[0];

  private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(CHUNKS_AHEAD);
  /** Chunks the reader is done with, for the pump to fill again: no garbage per chunk. */
  private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(CHUNKS_AHEAD + 2);
  private volatile IOException failure;
  private byte[] current = new byte[0];
  private int pos;
  private boolean ended;

  ReadAheadInputStream(InputStream source, String name) {
    Thread t = new Thread(() -> pump(source), "basalt-read-ahead " + name);
    t.setDaemon(true);
    t.start();
  }

  private void pump(InputStream source) {
    try (source) {
      while (true) {
        byte[] chunk = free.poll();
        if (chunk == null) {
          chunk = new byte[CHUNK];
        }
        int n = source.readNBytes(chunk, 0, CHUNK);
        if (n == 0) {
          break;
        }
        if (n < CHUNK) {
          chunk = java.util.Arrays.copyOf(chunk, n);
        }
        queue.put(chunk);
      }
    } catch (IOException e) {
      // A corrupt blob usually trips the decompressor first; the digest check, run as the
      // source closes, names the real cause.
      failure = e;
      for (Throwable s : e.getSuppressed()) {
        if (s instanceof LayerStreams.MismatchException m) {
          failure = m;
        }
      }
    } catch (InterruptedException e) {
      failure = new InterruptedIOException("interrupted while reading ahead");
    } catch (RuntimeException e) {
      failure = new IOException(e.toString(), e);
    } finally {
      try {
        queue.put(END);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private boolean fill() throws IOException {
    while (pos >= current.length) {
      if (ended) {
        return false;
      }
      if (current.length == CHUNK) {
        free.offer(current);
      }
      try {
        current = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while reading");
      }
      pos = 0;
      if (current == END) {
        ended = true;
        if (failure != null) {
          throw failure;
        }
        return false;
      }
    }
    return true;
  }

  @Override
  public int read() throws IOException {
    return fill() ? current[pos++] & 0xff : -1;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (!fill()) {
      return -1;
    }
    int n = Math.min(len, current.length - pos);
    System.arraycopy(current, pos, b, off, n);
    pos += n;
    return n;
  }

  /** Skips without copying: a tar reader skips the contents of most files. */
  @Override
  public long skip(long n) throws IOException {
    long skipped = 0;
    while (skipped < n && fill()) {
      int step = (int) Math.min(n - skipped, current.length - pos);
      pos += step;
      skipped += step;
    }
    return skipped;
  }

  @Override
  public void close() throws IOException {
    while (fill()) {
      pos = current.length;
    }
  }
}
