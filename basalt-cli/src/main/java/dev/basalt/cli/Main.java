package dev.basalt.cli;

import dev.basalt.BasaltException;
import dev.basalt.Version;
import dev.basalt.build.Warmup;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the basalt command line. */
@Command(
    name = "basalt",
    mixinStandardHelpOptions = true,
    versionProvider = Main.VersionProvider.class,
    description = "Builds hardened, minimal, reproducible container base images from signed Debian archives.",
    subcommands = {ResolveCommand.class, LockCommand.class, OutdatedCommand.class, BuildCommand.class, AuditCommand.class, SbomCommand.class,
        KeygenCommand.class, SignCommand.class, VerifyCommand.class, ProfileCommand.class, RunCommand.class,
        TestCommand.class, PushCommand.class, PullCommand.class, ScanCommand.class, CacheCommand.class,
        LayerCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    // Only commands that read archives profit from the warm-up; a build from an explicit lock
    // reads no archive, so its warm-up need not parse keyrings.
    if (args.length > 0 && java.util.Set.of("resolve", "lock", "build", "outdated").contains(args[0])) {
      Warmup.start(!java.util.Arrays.asList(args).contains("--lock"));
    }
    System.exit(run(args));
  }

  /** Runs basalt with {@code args} on the process's streams and returns the exit code. */
  public static int run(String... args) {
    return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  /** Runs basalt with {@code args}, printing to {@code out} and {@code err}; returns the exit code. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(Main::handle);
    return cli.execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  private static int handle(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
    PrintWriter err = cli.getErr();
    if (e instanceof BasaltException b) {
      err.println("basalt: error: " + b.getMessage());
      err.flush();
      return b.exitCode();
    }
    err.println("basalt: internal error (please report it): " + e);
    e.printStackTrace(err);
    err.flush();
    return BasaltException.EXIT_FAILURE;
  }

  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"basalt " + Version.VERSION};
    }
  }
}
