package dev.basalt.build;

import dev.basalt.audit.AuditReport;
import dev.basalt.audit.Finding;
import dev.basalt.audit.TextReport;
import dev.basalt.spec.ImageSpec;
import java.util.List;

/** The build's audit gate refused the image: it breaks rules the spec does not waive. Nothing is written. */
public final class AuditGateException extends BuildException {
  private final AuditReport report;

  AuditGateException(ImageSpec spec, String arch, AuditReport report, List<Finding> failing) {
    super("the " + arch + " image of " + spec.file() + " fails the audit (" + failing.size() + " finding"
        + (failing.size() == 1 ? "" : "s") + " at " + spec.audit().failLevel().label() + " or above); nothing was "
        + "written:\n" + TextReport.render(List.of(report)).stripTrailing()
        + "\nFix the spec, or waive a rule deliberately with audit: {waive: {RULE: \"reason\"}}.");
    this.report = report;
  }

  public AuditReport report() {
    return report;
  }
}
