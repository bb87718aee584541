package dev.basalt.registry;

import dev.basalt.BasaltException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs blob transfers on at most {@code parallelism} threads. After the first failure no new task
 * starts; the call returns only when the running ones ended, so nothing writes after it, and
 * throws the first failure in task order.
 */
final class ParallelTasks {
  private ParallelTasks() {}

  static <T> List<T> run(List<Callable<T>> tasks, int parallelism) throws BasaltException {
    if (tasks.isEmpty()) {
      return List.of();
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, tasks.size()), r -> {
      Thread t = new Thread(r, "basalt-registry");
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
      } else if (first != null) {
        throw new RegistryException("a transfer failed: " + first, first);
      }
      return results;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryException("interrupted", e);
    } finally {
      pool.shutdownNow();
    }
  }
}
