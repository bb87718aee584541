package dev.basalt.cli;

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

/** {@code basalt resolve}: prints the package set per architecture and why each package is there. */
@Command(name = "resolve", description = "Resolve a spec's packages per architecture.", mixinStandardHelpOptions = true)
final class ResolveCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec cmd;

  @Parameters(paramLabel = "SPEC", description = "A spec file or a shipped preset name (static, base, cc).")
  String spec;

  @Mixin ArchiveOptions archive;

  @Mixin PolicyOption policy;

  @ArgGroup(exclusive = true) LockSelection lockSelection = new LockSelection();

  @Option(names = "--json", description = "Print JSON instead of a table.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    ImageSpec loaded = policy.apply(SpecLoader.load(SpecLocator.locate(spec)));
    PolicyOption.licensesNotChecked(loaded, cmd.commandLine().getErr());
    try (Downloader downloader = ResolveStep.defaultDownloader()) {
      ResolveStep.Result result = ResolveStep.run(loaded, archive.resolveOptions(
          cmd.commandLine(), lockSelection.mode(), lockSelection.lock, downloader));
      ResolutionPrinter.print(cmd.commandLine().getOut(), result.resolutions(), json);
    }
    return 0;
  }
}
