package dev.basalt.layer;

import dev.basalt.cache.CheckedFiles;
import dev.basalt.cache.Digest;
import dev.basalt.cache.FileDigest;
import dev.basalt.oci.Descriptor;
import dev.basalt.oci.OciLayoutWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Checks the base's layer blobs against their digests on a thread of its own, while the main
 * thread flattens, plans, writes and audits: hashing a JDK's 68 MiB layer is the largest single
 * piece of a layered build, and it need not wait for the rest. A blob the cache's
 * {@link CheckedFiles} records as hashed before, and which has not changed since, is not hashed
 * again. Nothing is published before {@link #await} has seen every blob match; a blob that does
 * not fails the build.
 */
final class BackgroundChecks implements AutoCloseable {
  private record Pending(Descriptor descriptor, Path file, String origin, Future<Measured> measured) {}

  private record Measured(Digest digest, long size, CheckedFiles.Identity identity, boolean hashed) {}

  private final ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "basalt-blob-check");
    t.setDaemon(true);
    return t;
  });
  private final List<Pending> pending = new ArrayList<>();
  private final CheckedFiles checked;

  BackgroundChecks(CheckedFiles checked) {
    this.checked = checked;
  }

  /**
   * Starts hashing {@code file}, which is to be the blob {@code descriptor}, unless it is known to
   * be that blob already; {@code origin} names it in errors.
   */
  synchronized void check(Descriptor descriptor, Path file, String origin) {
    Future<Measured> measured;
    try {
      CheckedFiles.Identity now = CheckedFiles.Identity.of(file);
      measured = checked.matches(descriptor.digest(), now)
          ? CompletableFuture.completedFuture(new Measured(descriptor.digest(), descriptor.size(), now, false))
          : pool.submit(() -> measure(file));
    } catch (IOException e) {
      measured = CompletableFuture.failedFuture(e);
    }
    pending.add(new Pending(descriptor, file, origin, measured));
  }

  /**
   * Waits for every check and tells {@code layout} which blobs were found to match, so that it
   * does not hash them again. A file whose identity changed since it was hashed (or found in the
   * records) fails the build: what was checked is not what would be published.
   *
   * @throws LayerException naming the first blob that does not match, changed, or cannot be read
   */
  synchronized void await(OciLayoutWriter layout) throws LayerException, IOException {
    for (Pending p : pending) {
      Measured m;
      try {
        m = p.measured().get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while checking " + p.origin(), e);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        throw new LayerException("cannot read " + p.origin() + ": " + cause.getMessage(), cause);
      }
      Descriptor d = p.descriptor();
      if (!m.digest().equals(d.digest()) || m.size() != d.size()) {
        throw new LayerException(p.origin() + " has digest " + m.digest() + " and " + m.size() + " bytes, but the base"
            + " names it " + d.digest() + " of " + d.size() + " bytes: the base is corrupt or was tampered with");
      }
      if (!CheckedFiles.Identity.of(p.file()).equals(m.identity())) {
        throw new LayerException(p.origin() + " changed while the image was made (" + p.file() + "); build again once"
            + " nothing writes to the base");
      }
      if (m.hashed()) {
        checked.remember(d.digest(), m.identity());
      }
      layout.checked(d, p.file());
    }
  }

  /** The file's digest and size, and its identity, the same before and after it was read. */
  private static Measured measure(Path file) throws IOException {
    CheckedFiles.Identity before = CheckedFiles.Identity.of(file);
    FileDigest f = FileDigest.of(file);
    if (!CheckedFiles.Identity.of(file).equals(before)) {
      throw new IOException(file + " changed while it was hashed");
    }
    return new Measured(f.digest(), f.size(), before, true);
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
