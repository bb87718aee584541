package dev.basalt.vuln;

import dev.basalt.BasaltException;
import java.util.List;

/** The build's vulnerability gate refused the image; nothing was written. */
public final class VulnGateException extends BasaltException {
  private final ScanReport report;

  VulnGateException(ScanReport report, Level failOn, int failing) {
    super("the " + report.arch() + " image of " + report.image() + " has " + failing + " known vulnerabilit"
        + (failing == 1 ? "y" : "ies") + " at " + failOn.label() + " or above (or of unknown severity); nothing was"
        + " written:\n" + ScanTextReport.render(List.of(report)).stripTrailing()
        + "\nUpdate the packages (basalt lock --update), or state with --vex why a finding does not apply.");
    this.report = report;
  }

  public ScanReport report() {
    return report;
  }
}
