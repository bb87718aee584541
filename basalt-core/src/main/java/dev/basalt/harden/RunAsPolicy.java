package dev.basalt.harden;

import dev.basalt.spec.ImageSpec;

/** The image runs as root only when the spec says {@code harden: {allow-root: true}}. */
public final class RunAsPolicy {
  public static final String KEY = "allow-root";
  public static final String ROOT = "root";

  public void check(ImageSpec.Accounts accounts, boolean allowRoot) throws PolicyViolationException {
    if (ROOT.equals(accounts.runAs()) && !allowRoot) {
      throw new PolicyViolationException(KEY, "accounts: {run-as: root} would run the image as root;"
          + " images run as nonroot (65532). Remove run-as, or set harden: {" + KEY + ": true}.");
    }
  }
}
