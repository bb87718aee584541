package dev.basalt.layer;

import dev.basalt.audit.AuditReport;
import dev.basalt.audit.Finding;
import dev.basalt.audit.Level;
import dev.basalt.audit.TextReport;
import java.util.List;

/** The layered image breaks audit rules the request does not waive; nothing was written. */
public final class LayerAuditException extends LayerException {
  private final transient AuditReport report;

  LayerAuditException(String image, String arch, AuditReport report, List<Finding> failing, Level failLevel) {
    super("the " + arch + " image of " + image + " fails the audit (" + failing.size() + " finding"
        + (failing.size() == 1 ? "" : "s") + " at " + failLevel.label() + " or above); nothing was written:\n"
        + TextReport.render(List.of(report)).stripTrailing()
        + "\nFix the layers or config, or waive a rule deliberately (audit: {waive: {RULE: \"reason\"}}).");
    this.report = report;
  }

  public AuditReport report() {
    return report;
  }
}
