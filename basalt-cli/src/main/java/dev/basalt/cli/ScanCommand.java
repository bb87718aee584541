package dev.basalt.cli;

import dev.basalt.cache.BlobStore;
import dev.basalt.fs.AtomicFiles;
import dev.basalt.image.ImageLocation;
import dev.basalt.image.LayerChangesCache;
import dev.basalt.vuln.ImageScanner;
import dev.basalt.vuln.Level;
import dev.basalt.vuln.OpenVexWriter;
import dev.basalt.vuln.ScanJsonReport;
import dev.basalt.vuln.ScanReport;
import dev.basalt.vuln.ScanSarifReport;
import dev.basalt.vuln.ScanTextReport;
import dev.basalt.vuln.VexStatements;
import dev.basalt.vuln.VulnDbSource;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code basalt scan}: matches an image's Debian packages against an OSV advisory database. */
@Command(name = "scan", mixinStandardHelpOptions = true,
    description = {"Match an image's Debian packages against an OSV advisory database.",
        "Exit 0 when no applicable finding reaches --fail-on (or none is given), 1 when one does,"
            + " 2 for bad arguments, an unreadable image or a malformed database."})
final class ScanCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec cmd;

  @Parameters(paramLabel = "IMAGE", description = "oci:DIR[:REF], an OCI layout directory, docker-archive:FILE or"
      + " docker://REF.")
  String image;

  @Option(names = "--db", paramLabel = "PATH|URL", required = true,
      description = "A directory or .zip of OSV JSON records, or an https:// URL of a zip (cached, refreshed with a"
          + " conditional GET).")
  String db;

  @Option(names = "--offline", description = "Use the cached copy of a --db URL without asking the server.")
  boolean offline;

  @Option(names = "--arch", paramLabel = "ARCH", description = "Scan only this architecture (default: every one).")
  String arch;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
      description = "text, json or sarif (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--fail-on", paramLabel = "LEVEL",
      description = "low, medium, high or critical: exit 1 when an applicable finding is at least this severe"
          + " (or of unknown severity).")
  String failOn;

  @Option(names = "--vex", paramLabel = "FILE", description = "An OpenVEX document whose not_affected and fixed"
      + " statements suppress findings (repeatable).")
  List<Path> vex = List.of();

  @Option(names = "--openvex-out", paramLabel = "FILE",
      description = "Write OpenVEX statements for the findings basalt found not to apply (pruned or absent packages).")
  Path openvexOut;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = cmd.commandLine().getOut();
    Level threshold = null;
    if (failOn != null) {
      threshold = Level.parseThreshold(failOn);
      if (threshold == null) {
        throw usage("--fail-on must be low, medium, high or critical, not '" + failOn + "'");
      }
    }
    if (!List.of("text", "json", "sarif").contains(format)) {
      throw usage("--format must be text, json or sarif, not '" + format + "'");
    }
    if (offline && !VulnDbSource.isUrl(db)) {
      throw usage("--offline applies to a --db URL, and " + db + " is a path");
    }
    ImageLocation location = ImageLocation.parse(image);
    VexStatements statements = VexStatements.read(vex);
    List<ScanReport> reports = ImageScanner.scan(location, arch,
        () -> VulnDbSource.open(db, BlobStore.defaultRoot(), offline), statements,
        new LayerChangesCache(BlobStore.defaultRoot()));
    if (openvexOut != null) {
      AtomicFiles.write(openvexOut, OpenVexWriter.write(reports, Instant.now()));
    }
    out.print(switch (format) {
      case "json" -> ScanJsonReport.render(reports) + "\n";
      case "sarif" -> ScanSarifReport.render(reports) + "\n";
      default -> ScanTextReport.render(reports);
    });
    out.flush();
    Level gate = threshold;
    return gate != null && reports.stream().anyMatch(r -> !r.failing(gate).isEmpty()) ? 1 : 0;
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(cmd.commandLine(), message);
  }
}
