package dev.basalt.vuln;

import dev.basalt.image.FlatFilesystem;
import dev.basalt.image.ImageReadException;
import java.util.List;
import java.util.Objects;

/**
 * The build's vulnerability gate: the image a build is about to write, scanned from its tree,
 * fails the build when an applicable finding reaches {@code failOn}.
 */
public record VulnGate(VulnDatabase db, Level failOn, VexStatements vex) {
  /** What the build summary says when no database was given: no claim either way. */
  public static final String NOT_SCANNED = "vulnerabilities: NOT SCANNED (no --vuln-db given); this build makes no"
      + " claim about known vulnerabilities";

  public VulnGate {
    Objects.requireNonNull(db, "db == null");
    Objects.requireNonNull(failOn, "failOn == null");
    vex = vex == null ? VexStatements.NONE : vex;
  }

  /**
   * Scans the image's files; returns the summary note.
   *
   * @throws VulnGateException when a finding reaches the threshold
   */
  public String check(String image, String arch, FlatFilesystem files) throws VulnGateException, ImageReadException {
    ScanReport report = VulnMatcher.scan(image, arch, files, db, vex);
    List<VulnFinding> failing = report.failing(failOn);
    if (!failing.isEmpty()) {
      throw new VulnGateException(report, failOn, failing.size());
    }
    return ScanTextReport.summary(report) + " (" + report.records() + " records, gate at " + failOn.label() + ")";
  }
}
