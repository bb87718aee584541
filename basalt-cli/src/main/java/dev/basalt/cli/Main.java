package dev.basalt.cli;

import dev.basalt.BasaltException;
import dev.basalt.Version;
import dev.basalt.build.Warmup;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the basalt command line. */
@Command(
    name = "basalt",
    mixinStandardHelpOptions = true,
    versionProvider = Main.VersionProvider.class,
    description = "Builds hardened, minimal, reproducible container base images from signed Debian archives.",
    // Subcommands are added in run(): picocli reads each one's annotations by reflection when it is
    // added, which for every command costs more than starting the JVM; a command line that names
    // one gets only that one.
    subcommands = {})
public final class Main implements Runnable {
  /** Every subcommand, in the order help lists them. */
  private static final List<Class<?>> COMMANDS = List.of(ResolveCommand.class, LockCommand.class, OutdatedCommand.class,
      BuildCommand.class, AuditCommand.class, SbomCommand.class, KeygenCommand.class, SignCommand.class,
      VerifyCommand.class, ProfileCommand.class, RunCommand.class, TestCommand.class, PushCommand.class,
      PullCommand.class, ScanCommand.class, CacheCommand.class, LayerCommand.class, CommandLine.HelpCommand.class);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    // Only commands that read archives profit from the warm-up; a build from an explicit lock
    // reads no archive, so its warm-up need not parse keyrings.
    if (args.length > 0 && java.util.Set.of("resolve", "lock", "build", "outdated").contains(args[0])) {
      Warmup.start(!java.util.Arrays.asList(args).contains("--lock"));
    } else if (args.length > 0 && (args[0].equals("push") || args[0].equals("pull")
        || java.util.Arrays.stream(args).anyMatch(a -> a.startsWith("docker://")))) {
      Warmup.startForRegistry();
    }
    int code = run(args);
    stopHttpSelectors();
    System.exit(code);
  }

  /**
   * Stops the selector threads of the JDK's HTTP clients before exiting. Each client keeps one
   * waiting in {@code epoll_wait}, that is in native code, and at exit the JVM waits up to 300 ms
   * for threads in native code to come back before it gives up on them: a third of a second
   * added to every push, pull or build. Interrupting the thread ends its loop (on every JDK from
   * 17, where clients cannot be closed), so it is gone by the time the JVM looks.
   */
  private static void stopHttpSelectors() {
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.isDaemon() && t.getName().startsWith("HttpClient-") && t.getName().endsWith("-SelectorManager")) {
        t.interrupt();
        try {
          t.join(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Runs basalt with {@code args} on the process's streams and returns the exit code. */
  public static int run(String... args) {
    return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  /** Runs basalt with {@code args}, printing to {@code out} and {@code err}; returns the exit code. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new Main());
    Class<?> named = args.length == 0 ? null : COMMANDS.stream()
        .filter(c -> !c.equals(CommandLine.HelpCommand.class) && c.getAnnotation(Command.class).name().equals(args[0]))
        .findFirst().orElse(null);
    boolean versionOnly = args.length == 1 && (args[0].equals("-V") || args[0].equals("--version"));
    for (Class<?> command : named != null ? List.of(named) : versionOnly ? List.<Class<?>>of() : COMMANDS) {
      cli.addSubcommand(command);
    }
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
