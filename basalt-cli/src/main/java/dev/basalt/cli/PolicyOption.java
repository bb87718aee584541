package dev.basalt.cli;

import dev.basalt.spec.ImageSpec;
import dev.basalt.spec.PolicyReader;
import dev.basalt.spec.SpecException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --policy FILE}: an organisation's package policy, applied on top of the spec's own. */
final class PolicyOption {
  @Option(names = "--policy", paramLabel = "FILE", description = "A package policy file (deny, deny-licenses,"
      + " allowed-keys, as under the spec's policy:); its rules apply in addition to the spec's.")
  Path policy;

  /** The spec with the policy file's rules added, if one was given. */
  ImageSpec apply(ImageSpec spec) throws SpecException {
    return policy == null ? spec : spec.withPolicy(PolicyReader.load(policy));
  }

  /** Says that resolve and lock cannot judge licenses: the copyright files are inside the .debs. */
  static void licensesNotChecked(ImageSpec spec, PrintWriter err) {
    if (!spec.policy().denyLicenses().isEmpty()) {
      err.println("basalt: policy: deny-licenses is not checked here; basalt build checks it once the packages"
          + " (and their copyright files) are fetched");
      err.flush();
    }
  }
}
