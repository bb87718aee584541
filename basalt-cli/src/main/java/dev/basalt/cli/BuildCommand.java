package dev.basalt.cli;

import dev.basalt.build.FetchStep;
import dev.basalt.build.ResolveStep;
import dev.basalt.build.SpecLocator;
import dev.basalt.cache.Downloader;
import dev.basalt.spec.ImageSpec;
import dev.basalt.spec.SpecLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code basalt build}: resolves (or takes the lock), fetches and verifies every package, and
 * prints the package set. Assembling the image from it is the main-job issue (#3); until then
 * the command stops there and says so on stderr.
 */
@Command(name = "build", description = "Build an image from a spec (currently: resolve, fetch and verify its packages).", mixinStandardHelpOptions = true)
final class BuildCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec cmd;

  @Parameters(paramLabel = "SPEC", description = "A spec file or a shipped preset name (static, base, cc).")
  String spec;

  @Mixin ArchiveOptions archive;

  @ArgGroup(exclusive = true) LockSelection lockSelection = new LockSelection();

  @Option(names = "--json", description = "Print JSON instead of a table.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    ImageSpec loaded = SpecLoader.load(SpecLocator.locate(spec));
    try (Downloader downloader = ResolveStep.defaultDownloader()) {
      ResolveStep.Result result = ResolveStep.run(loaded, archive.resolveOptions(
          cmd.commandLine(), lockSelection.mode(), lockSelection.lock, downloader));
      var fetched = FetchStep.run(loaded, result.resolutions(), downloader,
          archive.mirrorResolver(cmd.commandLine()));
      ResolutionPrinter.print(cmd.commandLine().getOut(), result.resolutions(), json);
      cmd.commandLine().getErr().println("basalt: " + fetched.size()
          + " packages verified in the cache; image assembly is not part of this version yet (issue #3)");
    }
    return 0;
  }
}
