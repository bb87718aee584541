package dev.basalt.cache;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Exclusive right to fill one cache entry, across threads and processes: builds sharing a cache
 * download each blob once, the second waiting for the first and then using its verified blob.
 * The lock is an OS file lock on {@code <root>/locks/sha256/<hex>.lock}, released by the kernel
 * when its holder dies, so a killed build never leaves a lock held. Lock files live apart from
 * the blobs, which stay a directory of digests only, and stay in place: deleting one while
 * another process waits on it would let a third lock a new file.
 */
public final class BlobLock implements AutoCloseable {
  /** The cache's directory of lock files; cache verification skips it by design. */
  public static final String DIR = "locks";
  private static final String SUFFIX = ".lock";
  /** The longest pause between two attempts at a lock another process holds. */
  private static final long MAX_POLL_MILLIS = 100;

  // FileChannel.lock is per process: two threads of one JVM locking the same file would get
  // OverlappingFileLockException. A striped in-process lock is taken first.
  private static final ReentrantLock[] STRIPES = new ReentrantLock[64];

  static {
    for (int i = 0; i < STRIPES.length; i++) {
      STRIPES[i] = new ReentrantLock();
    }
  }

  private final ReentrantLock stripe;
  private final FileChannel channel;
  private final FileLock lock;

  private BlobLock(ReentrantLock stripe, FileChannel channel, FileLock lock) {
    this.stripe = stripe;
    this.channel = channel;
    this.lock = lock;
  }

  /** The lock file guarding the blob {@code digest} of the store rooted at {@code root}. */
  public static Path lockFileOf(Path root, Digest digest) {
    return root.resolve(DIR).resolve(Digest.ALGORITHM).resolve(digest.hex() + SUFFIX);
  }

  /** Waits until this thread holds the lock of blob {@code digest} in the store rooted at {@code root}. */
  public static BlobLock acquire(Path root, Digest digest) throws CacheException {
    Path file = lockFileOf(root, digest);
    ReentrantLock stripe = STRIPES[Math.floorMod(file.hashCode(), STRIPES.length)];
    try {
      stripe.lockInterruptibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CacheException("interrupted while waiting for the cache lock " + file, e);
    }
    FileChannel ch = null;
    BlobLock held = null;
    try {
      Files.createDirectories(file.getParent());
      ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      held = new BlobLock(stripe, ch, waitFor(ch, file));
      return held;
    } catch (IOException e) {
      throw new CacheException("cannot lock the cache entry " + file + ": " + e.getMessage()
          + "; check free space and permissions of the cache directory", e);
    } finally {
      if (held == null) {
        closeQuietly(ch);
        stripe.unlock();
      }
    }
  }

  /**
   * Polls with {@code tryLock} instead of blocking in {@code lock}: the kernel's deadlock check
   * for blocking POSIX locks counts processes, not threads, so two builds whose download threads
   * each hold one blob the other wants get EDEADLK although every holder is about to finish.
   */
  private static FileLock waitFor(FileChannel ch, Path file) throws IOException, CacheException {
    long pause = 5;
    while (true) {
      FileLock lock = ch.tryLock();
      if (lock != null) {
        return lock;
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CacheException("interrupted while waiting for the cache lock " + file, e);
      }
      pause = Math.min(pause * 2, MAX_POLL_MILLIS);
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException e) {
      // Closing the channel below releases it too.
    } finally {
      closeQuietly(channel);
      stripe.unlock();
    }
  }

  private static void closeQuietly(FileChannel ch) {
    if (ch == null) {
      return;
    }
    try {
      ch.close();
    } catch (IOException e) {
      // Nothing was written through it.
    }
  }
}
