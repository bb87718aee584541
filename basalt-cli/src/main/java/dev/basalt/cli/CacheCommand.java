package dev.basalt.cli;

import dev.basalt.cache.BlobStore;
import dev.basalt.cache.CacheVerifier;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code basalt cache}: look after the local cache. */
@Command(name = "cache", mixinStandardHelpOptions = true,
    description = "Look after basalt's cache ($BASALT_CACHE, else ~/.cache/basalt).",
    subcommands = CacheCommand.Verify.class)
final class CacheCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec cmd;

  @Override
  public void run() {
    cmd.commandLine().usage(cmd.commandLine().getOut());
  }

  /** {@code basalt cache verify}: check every entry's digest or seal. */
  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Check every cache entry against its digest or seal and report leftover temp files; "
          + "exit 1 if an entry is bad.")
  static final class Verify implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec cmd;

    @Option(names = "--repair",
        description = "Delete bad entries (they are fetched or rebuilt when next needed) and temp files. "
            + "Run it while no build uses the cache.")
    boolean repair;

    @Option(names = "--cache", paramLabel = "DIR", description = "The cache directory (default: the one builds use).")
    Path cache;

    @Override
    public Integer call() throws Exception {
      CacheVerifier.Report report = CacheVerifier.verify(cache != null ? cache : BlobStore.defaultRoot(), repair);
      PrintWriter out = cmd.commandLine().getOut();
      for (CacheVerifier.Problem p : report.bad()) {
        out.println("bad: " + p.path() + ": " + p.reason() + (repair ? " (removed)" : ""));
      }
      for (Path t : report.temps()) {
        out.println("temp: " + t + (repair ? " (removed)" : ""));
      }
      out.println(report.summary());
      out.flush();
      return report.clean() ? 0 : 1;
    }
  }
}
