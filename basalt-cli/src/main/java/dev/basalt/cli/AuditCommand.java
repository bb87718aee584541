package dev.basalt.cli;

import dev.basalt.audit.AuditReport;
import dev.basalt.audit.Auditor;
import dev.basalt.audit.ImageAuditor;
import dev.basalt.audit.JsonReport;
import dev.basalt.audit.Level;
import dev.basalt.audit.Rule;
import dev.basalt.audit.Rules;
import dev.basalt.audit.SarifReport;
import dev.basalt.audit.TextReport;
import dev.basalt.cache.BlobStore;
import dev.basalt.image.ImageLocation;
import dev.basalt.image.LayerChangesCache;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code basalt audit}: rates any image against the hardening rules. */
@Command(name = "audit", mixinStandardHelpOptions = true,
    description = {"Audit an image against basalt's hardening rules.",
        "Exit 0 when no finding reaches the fail level, 1 when one does, 2 for bad arguments or an unreadable image."})
final class AuditCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec cmd;

  @Parameters(paramLabel = "IMAGE", description = "oci:DIR[:REF], an OCI layout directory, or docker-archive:FILE.")
  String image;

  @Option(names = "--arch", paramLabel = "ARCH", description = "Audit only this architecture (default: every one).")
  String arch;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
      description = "text, json or sarif (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--fail-level", paramLabel = "LEVEL", defaultValue = "warn",
      description = "info, warn or fatal: the lowest level that makes the audit fail (default: ${DEFAULT-VALUE}).")
  String failLevel;

  @Option(names = "--ignore", paramLabel = "ID", description = "A rule not to apply (repeatable); see --rules.")
  List<String> ignore = List.of();

  @Option(names = "--rules", description = "List the rules and exit.")
  boolean listRules;

  @Option(names = "--no-cache", description = "Read every layer afresh instead of reusing what an earlier audit read"
      + " of a layer with the same digest (the blob is hashed either way).")
  boolean noCache;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = cmd.commandLine().getOut();
    if (listRules) {
      for (Rule r : Rules.ALL) {
        out.printf("%-20s %-5s %s%n", r.id(), r.level().label(), r.title());
      }
      return 0;
    }
    Level fail = Level.parse(failLevel);
    if (fail == null) {
      throw usage("--fail-level must be info, warn or fatal, not '" + failLevel + "'");
    }
    if (!List.of("text", "json", "sarif").contains(format)) {
      throw usage("--format must be text, json or sarif, not '" + format + "'");
    }
    Set<String> ignored = new LinkedHashSet<>();
    for (String id : ignore) {
      if (Rules.byId(id) == null) {
        List<String> close = Rules.suggest(id);
        throw usage("--ignore: no rule '" + id + "'" + (close.isEmpty() ? "" : "; did you mean '" + close.get(0) + "'?")
            + " (basalt audit --rules lists them)");
      }
      ignored.add(id);
    }
    List<AuditReport> reports = ImageAuditor.audit(ImageLocation.parse(image), arch,
        new Auditor.Policy(ignored, Map.of()), Instant.now(),
        noCache ? null : new LayerChangesCache(BlobStore.defaultRoot()));
    out.print(switch (format) {
      case "json" -> JsonReport.render(reports) + "\n";
      case "sarif" -> SarifReport.render(reports) + "\n";
      default -> TextReport.render(reports);
    });
    out.flush();
    return reports.stream().anyMatch(r -> !r.failing(fail).isEmpty()) ? 1 : 0;
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(cmd.commandLine(), message);
  }
}
