package dev.basalt.cache;

import dev.basalt.BasaltException;
import dev.basalt.Version;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Fetches over HTTP(S) with bounded parallelism and retries with exponential backoff on
 * transient failures (I/O errors, 5xx, 429). Content with a known digest goes straight into the
 * {@link BlobStore}, checked before it becomes visible.
 */
public final class Downloader implements AutoCloseable {
  public static final int DEFAULT_PARALLELISM = 6;
  public static final int DEFAULT_ATTEMPTS = 4;
  public static final Duration DEFAULT_BACKOFF = Duration.ofMillis(250);
  /** How long a connection, the response headers or the next bytes of a body may take. */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
  /** Seconds, overriding {@link #DEFAULT_READ_TIMEOUT} (e.g. for a slow link). */
  public static final String READ_TIMEOUT_ENV = "BASALT_READ_TIMEOUT";

  private final HttpClient http;
  private final BlobStore store;
  private final int attempts;
  private final Duration backoff;
  private final Duration readTimeout;
  private final ExecutorService pool;

  public Downloader(BlobStore store) {
    this(store, DEFAULT_PARALLELISM, DEFAULT_ATTEMPTS, DEFAULT_BACKOFF);
  }

  public Downloader(BlobStore store, int parallelism, int attempts, Duration backoff) {
    this(store, parallelism, attempts, backoff, defaultReadTimeout());
  }

  public Downloader(BlobStore store, int parallelism, int attempts, Duration backoff, Duration readTimeout) {
    this.store = Objects.requireNonNull(store, "store == null");
    if (parallelism < 1 || attempts < 1) {
      throw new IllegalArgumentException("parallelism and attempts must be at least 1");
    }
    if (readTimeout.isNegative() || readTimeout.isZero()) {
      throw new IllegalArgumentException("readTimeout must be positive: " + readTimeout);
    }
    this.attempts = attempts;
    this.backoff = Objects.requireNonNull(backoff, "backoff == null");
    this.readTimeout = readTimeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(readTimeout)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    this.pool =
        Executors.newFixedThreadPool(
            parallelism,
            r -> {
              Thread t = new Thread(r, "basalt-download");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * The {@code basalt.readTimeout} system property, else {@code $BASALT_READ_TIMEOUT} (both in
   * seconds), else {@link #DEFAULT_READ_TIMEOUT}; an unparsable value is ignored.
   */
  public static Duration defaultReadTimeout() {
    String value = System.getProperty("basalt.readTimeout", System.getenv(READ_TIMEOUT_ENV));
    if (value != null) {
      try {
        double seconds = Double.parseDouble(value.trim());
        if (seconds > 0) {
          return Duration.ofMillis((long) (seconds * 1000));
        }
      } catch (NumberFormatException e) {
        // fall through to the default
      }
    }
    return DEFAULT_READ_TIMEOUT;
  }

  public BlobStore store() {
    return store;
  }

  /** A small document fetched whole (an InRelease file), not cached: it changes under its URL. */
  public byte[] fetchBytes(URI uri) throws DownloadException {
    return withRetries(uri, in -> in.readAllBytes());
  }

  /**
   * The cached blob with this digest, downloading it from {@code uri} first when it is absent or
   * corrupted. Size and digest are checked before the blob becomes visible.
   */
  public Path fetchBlob(URI uri, Digest digest, long size) throws CacheException {
    var cached = store.find(digest, size);
    if (cached.isPresent()) {
      return cached.get();
    }
    // Another build sharing the cache may be downloading the same blob: wait for it, then
    // use what it stored rather than download it a second time.
    try (BlobLock lock = BlobLock.acquire(store.root(), digest)) {
      cached = store.find(digest, size);
      if (cached.isPresent()) {
        return cached.get();
      }
      return withRetries(uri, in -> store.put(digest, size, in, uri.toString()));
    } catch (DownloadException e) {
      if (e.getCause() instanceof CacheException cause) {
        throw cause;
      }
      throw e;
    }
  }

  /**
   * Runs the tasks on the download pool and returns their results in order. On the first
   * failure, tasks not yet started are skipped and the call waits for running ones to end
   * before it throws, so that nothing keeps writing after it returns.
   */
  public <T> List<T> all(List<? extends Callable<T>> tasks) throws BasaltException {
    AtomicBoolean failed = new AtomicBoolean();
    CountDownLatch finished = new CountDownLatch(tasks.size());
    List<Future<T>> futures = new ArrayList<>();
    for (Callable<T> task : tasks) {
      futures.add(pool.submit(() -> {
        try {
          if (failed.get()) {
            throw new CancellationException("skipped after an earlier failure");
          }
          return task.call();
        } finally {
          finished.countDown();
        }
      }));
    }
    List<T> results = new ArrayList<>();
    try {
      for (Future<T> f : futures) {
        results.add(f.get());
      }
      return results;
    } catch (InterruptedException e) {
      failed.set(true);
      Thread.currentThread().interrupt();
      throw new DownloadException(null, "interrupted", e);
    } catch (ExecutionException e) {
      failed.set(true);
      awaitQuietly(finished);
      Throwable cause = firstRealFailure(futures, e.getCause());
      if (cause instanceof BasaltException b) {
        throw b;
      } else if (cause instanceof RuntimeException r) {
        throw r;
      } else if (cause instanceof Error err) {
        throw err;
      }
      throw new CacheException("parallel task failed: " + cause, cause);
    }
  }

  /** The first failure in task order that is not a task skipped because of another failure. */
  private static Throwable firstRealFailure(List<? extends Future<?>> futures, Throwable fallback) {
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof CancellationException)) {
          return e.getCause();
        }
      } catch (InterruptedException | CancellationException e) {
        return fallback;
      }
    }
    return fallback;
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @FunctionalInterface
  private interface BodyReader<T> {
    T read(InputStream in) throws IOException, CacheException;
  }

  private <T> T withRetries(URI uri, BodyReader<T> reader) throws DownloadException {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(readTimeout)
            .header("User-Agent", "basalt/" + Version.VERSION)
            .GET()
            .build();
    DownloadException last = null;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      long waitMillis = backoff.toMillis() << (attempt - 1);
      try {
        HttpResponse<InputStream> response =
            http.send(request, TimedBodySubscriber.handler(uri, readTimeout));
        int status = response.statusCode();
        try (InputStream body = response.body()) {
          if (status == 200) {
            return reader.read(body);
          }
          last =
              new DownloadException(
                  uri, status, "GET " + uri + " answered HTTP " + status + describe(status));
          if (status != 429 && status < 500) {
            throw last;
          }
          waitMillis = Math.max(waitMillis, retryAfterMillis(response));
        }
      } catch (DownloadException e) {
        throw e;
      } catch (CacheException e) {
        throw new DownloadException(uri, e.getMessage(), e);
      } catch (InterruptedException | InterruptedIOException e) {
        Thread.currentThread().interrupt();
        throw new DownloadException(uri, "download of " + uri + " was interrupted", e);
      } catch (IOException e) {
        last =
            new DownloadException(
                uri, "GET " + uri + " failed: " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
      }
      if (attempt < attempts) {
        sleep(waitMillis);
      }
    }
    throw new DownloadException(
        uri, last.status(), last.getMessage() + " (gave up after " + attempts + " attempts)");
  }

  private static String describe(int status) {
    return switch (status) {
      case 404 -> ": not found; check the mirror URL, suite and component";
      case 401, 403 -> ": access denied by the server";
      default -> "";
    };
  }

  private static long retryAfterMillis(HttpResponse<?> response) {
    return response
        .headers()
        .firstValue("Retry-After")
        .map(
            v -> {
              try {
                return Math.min(Long.parseLong(v.trim()) * 1000, 60_000L);
              } catch (NumberFormatException e) {
                return 0L;
              }
            })
        .orElse(0L);
  }

  private static void sleep(long millis) throws DownloadException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DownloadException(null, "interrupted while waiting to retry", e);
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
