package dev.basalt.cli;

import dev.basalt.build.ResolveStep;
import dev.basalt.build.SpecLocator;
import dev.basalt.cache.Downloader;
import dev.basalt.lock.LockFile;
import dev.basalt.lock.LockFiles;
import dev.basalt.spec.ImageSpec;
import dev.basalt.spec.SpecLoader;
import dev.basalt.update.LockChangeReport;
import dev.basalt.update.LockUpdate;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code basalt lock}: resolves afresh and pins the result beside the spec. */
@Command(name = "lock", description = {"Resolve a spec afresh and write <spec>.lock.json beside it.",
    "With --update, also report what changed against the old lock and the CVEs the changelogs name."},
    mixinStandardHelpOptions = true)
final class LockCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec cmd;

  @Parameters(paramLabel = "SPEC", description = "A spec file or a shipped preset name.")
  String spec;

  @Mixin MirrorOptions mirrors;

  @Mixin PolicyOption policy;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the lock here instead of beside the spec.")
  Path output;

  @Option(names = "--update", description = "Report added, removed and changed packages (old -> new version, with the"
      + " CVE ids in the Debian changelog entries between them).")
  boolean update;

  @Option(names = "--json", description = "With --update: print the change report as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (json && !update) {
      throw new CommandLine.ParameterException(cmd.commandLine(), "--json goes with --update");
    }
    ImageSpec loaded = policy.apply(SpecLoader.load(SpecLocator.locate(spec)));
    PolicyOption.licensesNotChecked(loaded, cmd.commandLine().getErr());
    try (Downloader downloader = ResolveStep.defaultDownloader()) {
      ResolveStep.Options options =
          mirrors.resolveOptions(cmd.commandLine(), List.of(), ResolveStep.LockMode.NONE, null, downloader);
      if (update) {
        LockChangeReport report = LockUpdate.run(loaded, output != null ? output : LockFiles.besideSpec(loaded.file()),
            options);
        var out = cmd.commandLine().getOut();
        out.print(json ? report.json() + "\n" : report.text());
        out.flush();
        return 0;
      }
      ResolveStep.Result result = ResolveStep.resolveFresh(loaded, loaded.archs(), options);
      LockFile lock = LockFiles.of(loaded, result.suites(), result.resolutions());
      Path target = output != null ? output : LockFiles.besideSpec(loaded.file());
      LockFiles.write(lock, target);
      var out = cmd.commandLine().getOut();
      for (var r : result.resolutions()) {
        out.println(r.arch() + ": " + r.packages().size() + " packages");
      }
      out.println("wrote " + target);
      out.flush();
    }
    return 0;
  }

}
