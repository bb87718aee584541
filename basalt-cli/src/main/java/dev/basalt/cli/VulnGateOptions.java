package dev.basalt.cli;

import dev.basalt.BasaltException;
import dev.basalt.cache.BlobStore;
import dev.basalt.vuln.Level;
import dev.basalt.vuln.VexStatements;
import dev.basalt.vuln.VulnDbSource;
import dev.basalt.vuln.VulnGate;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code build}'s vulnerability gate: {@code --vuln-db}, {@code --fail-on}, {@code --vex}. */
final class VulnGateOptions {
  static final String DEFAULT_FAIL_ON = "high";

  @Option(names = "--vuln-db", paramLabel = "PATH|URL", description = "Scan each image against this OSV database"
      + " (as basalt scan --db) before writing it; findings at --fail-on or above fail the build.")
  String db;

  @Option(names = "--fail-on", paramLabel = "LEVEL", description = "With --vuln-db: low, medium, high or critical"
      + " (default: " + DEFAULT_FAIL_ON + "; findings of unknown severity fail too).")
  String failOn;

  @Option(names = "--vex", paramLabel = "FILE", description = "With --vuln-db: OpenVEX statements that suppress"
      + " findings (repeatable).")
  List<Path> vex = List.of();

  /** The gate, or null without {@code --vuln-db}. */
  VulnGate gate(CommandLine cli) throws BasaltException {
    if (db == null) {
      if (failOn != null || !vex.isEmpty()) {
        throw new CommandLine.ParameterException(cli, "--fail-on and --vex need --vuln-db");
      }
      return null;
    }
    Level level = Level.parseThreshold(failOn == null ? DEFAULT_FAIL_ON : failOn);
    if (level == null) {
      throw new CommandLine.ParameterException(cli, "--fail-on must be low, medium, high or critical, not '"
          + failOn + "'");
    }
    return new VulnGate(VulnDbSource.open(db, BlobStore.defaultRoot(), false), level, VexStatements.read(vex));
  }
}
