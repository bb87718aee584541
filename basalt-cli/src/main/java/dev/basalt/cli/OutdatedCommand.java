package dev.basalt.cli;

import dev.basalt.build.ResolveStep;
import dev.basalt.cache.Downloader;
import dev.basalt.update.Outdated;
import dev.basalt.update.OutdatedReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code basalt outdated}: pinned or installed versions against the newest in the suites. */
@Command(name = "outdated", mixinStandardHelpOptions = true,
    description = {"Compare a spec's lock, a lock file or an image with the newest versions in its suites.",
        "Exit 1 when a security update is pending, 0 otherwise, 2 for usage errors."})
final class OutdatedCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec cmd;

  @Parameters(paramLabel = "SPEC|LOCK|IMAGE",
      description = "A spec or preset (its lock beside it), a *.lock.json file, or an image (oci:DIR[:REF], DIR,"
          + " docker-archive:FILE, docker://REF).")
  String target;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Option(names = "--arch", paramLabel = "ARCH", description = "Check only this architecture.")
  String arch;

  @Option(names = "--spec", paramLabel = "SPEC",
      description = "Take the suites from this spec (for a lock without its spec beside it, or an image).")
  String spec;

  @Option(names = "--keyring", paramLabel = "ARCHIVE=FILE",
      description = "Key file for an image's release suites instead of the bundled keyring (repeatable).")
  Map<String, Path> keyrings = new LinkedHashMap<>();

  @Mixin MirrorOptions mirrors;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = cmd.commandLine().getErr();
    OutdatedReport report;
    try (Downloader downloader = ResolveStep.defaultDownloader()) {
      report = Outdated.run(target, new Outdated.Options(arch, spec, keyrings, downloader,
          mirrors.mirrorResolver(cmd.commandLine()), Clock.systemUTC(), msg -> {
            err.println("basalt: " + msg);
            err.flush();
          }));
    }
    PrintWriter out = cmd.commandLine().getOut();
    out.print(json ? report.json() + "\n" : report.text());
    out.flush();
    return report.securityPending() ? 1 : 0;
  }
}
