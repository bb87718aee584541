package dev.basalt.cache;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body as an {@link InputStream} whose reads give up when no bytes arrive for the
 * read timeout. {@link HttpResponse.BodyHandlers#ofInputStream()} would block forever on a
 * server that stalls after the headers, and the request timeout only covers the headers.
 */
final class TimedBodySubscriber implements HttpResponse.BodySubscriber<InputStream> {
  private static final Object END = new Object();

  private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private final Body body = new Body();
  private final URI uri;
  private final long timeoutMillis;
  private Flow.Subscription subscription;
  private boolean closed;

  TimedBodySubscriber(URI uri, Duration timeout) {
    this.uri = uri;
    this.timeoutMillis = timeout.toMillis();
  }

  static HttpResponse.BodyHandler<InputStream> handler(URI uri, Duration timeout) {
    return info -> new TimedBodySubscriber(uri, timeout);
  }

  @Override
  public CompletionStage<InputStream> getBody() {
    return CompletableFuture.completedStage(body);
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    boolean cancel;
    synchronized (this) {
      subscription = s;
      cancel = closed;
    }
    if (cancel) {
      s.cancel();
    } else {
      s.request(1);
    }
  }

  @Override
  public void onNext(List<ByteBuffer> item) {
    queue.add(item);
  }

  @Override
  public void onError(Throwable t) {
    queue.add(t);
  }

  @Override
  public void onComplete() {
    queue.add(END);
  }

  private void cancel() {
    Flow.Subscription s;
    synchronized (this) {
      closed = true;
      s = subscription;
    }
    if (s != null) {
      s.cancel();
    }
  }

  private synchronized Flow.Subscription subscription() {
    return subscription;
  }

  private final class Body extends InputStream {
    private List<ByteBuffer> buffers = List.of();
    private int index;
    private boolean done;

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      ByteBuffer current = current();
      if (current == null) {
        return -1;
      }
      int n = Math.min(len, current.remaining());
      current.get(b, off, n);
      return n;
    }

    /** The buffer with bytes left, waiting for the next one at most the read timeout; null at the end. */
    private ByteBuffer current() throws IOException {
      while (true) {
        while (index < buffers.size()) {
          ByteBuffer buf = buffers.get(index);
          if (buf.hasRemaining()) {
            return buf;
          }
          index++;
        }
        if (done) {
          return null;
        }
        Object next;
        try {
          next = queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          cancel();
          throw new InterruptedIOException("interrupted while reading " + uri);
        }
        if (next == null) {
          cancel();
          done = true;
          throw new HttpTimeoutException(
              "no data from " + uri + " for " + timeoutMillis + " ms (the server stalled)");
        }
        if (next == END) {
          done = true;
          return null;
        }
        if (next instanceof Throwable t) {
          done = true;
          throw t instanceof IOException io ? io : new IOException(t.getMessage(), t);
        }
        @SuppressWarnings("unchecked")
        List<ByteBuffer> list = (List<ByteBuffer>) next;
        buffers = list;
        index = 0;
        Flow.Subscription s = subscription();
        if (s != null) {
          s.request(1);
        }
      }
    }

    @Override
    public void close() {
      if (!done) {
        cancel();
      }
      done = true;
    }
  }
}
