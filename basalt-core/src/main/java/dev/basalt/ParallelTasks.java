package dev.basalt;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Runs tasks (blob transfers, the platforms of a layered image) on at most {@code parallelism}
 * threads. After the first failure no new task starts; the call returns only when the running
 * ones ended, so nothing writes after it, and throws the first failure in task order: a
 * {@link BasaltException}, runtime exception or error as it is, any other exception through
 * {@code wrap}.
 */
public final class ParallelTasks {
  private ParallelTasks() {}

  public static <T> List<T> run(List<Callable<T>> tasks, int parallelism, String threadName,
      Function<Exception, BasaltException> wrap) throws BasaltException {
    if (tasks.isEmpty()) {
      return List.of();
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, tasks.size()), r -> {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
      return t;
    });
    AtomicBoolean failed = new AtomicBoolean();
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (Callable<T> task : tasks) {
        futures.add(pool.submit(() -> {
          if (failed.get()) {
            return null;
          }
          try {
            return task.call();
          } catch (Exception | Error e) {
            failed.set(true);
            throw e;
          }
        }));
      }
      List<T> results = new ArrayList<>();
      Throwable first = null;
      for (Future<T> f : futures) {
        try {
          results.add(f.get());
        } catch (ExecutionException e) {
          first = first == null ? e.getCause() : first;
        }
      }
      if (first instanceof BasaltException b) {
        throw b;
      } else if (first instanceof RuntimeException r) {
        throw r;
      } else if (first instanceof Error err) {
        throw err;
      } else if (first instanceof Exception other) {
        throw wrap.apply(other);
      } else if (first != null) {
        throw new IllegalStateException(first);
      }
      return results;
    } catch (InterruptedException e) {
      // Stop the running tasks and give them a minute to end (each stops at its next I/O), so that
      // nothing writes after the return.
      pool.shutdownNow();
      try {
        pool.awaitTermination(1, TimeUnit.MINUTES);
      } catch (InterruptedException again) {
        // Interrupted twice: return now.
      }
      Thread.currentThread().interrupt();
      throw wrap.apply(e);
    } finally {
      pool.shutdownNow();
    }
  }
}
