package dev.basalt.cli;

import dev.basalt.image.ImageLocation;
import dev.basalt.registry.RegistryPusher;
import dev.basalt.registry.RegistryReference;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code basalt push}: an OCI layout's image, with its referrers and signatures, to a registry. */
@Command(name = "push", mixinStandardHelpOptions = true,
    description = {"Push an image (every platform, its SBOMs and signatures) to a registry.",
        "Credentials come from docker's and podman's logins. Exit 0 when pushed, 1 when the registry fails or refuses,"
            + " 2 for bad arguments."})
final class PushCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec cmd;

  @Parameters(index = "0", paramLabel = "IMAGE", description = "oci:DIR[:REF] or an OCI layout directory.")
  String image;

  @Parameters(index = "1", paramLabel = "DESTINATION", description = "docker://HOST[:PORT]/REPO[:TAG] (TAG is latest"
      + " when left out).")
  String destination;

  @Mixin RegistryFlags registry;

  @Override
  public Integer call() throws Exception {
    if (!(ImageLocation.parse(image) instanceof ImageLocation.Layout layout)) {
      throw usage("push reads OCI layouts (oci:DIR[:REF] or DIR), not '" + image + "'");
    }
    if (!destination.startsWith(RegistryReference.SCHEME)) {
      throw usage("the destination must be docker://HOST[:PORT]/REPO[:TAG], not '" + destination + "'");
    }
    RegistryPusher.Result r = RegistryPusher.push(layout, RegistryReference.parse(destination), registry.options(),
        RegistryPusher.Options.defaults());
    PrintWriter out = cmd.commandLine().getOut();
    out.printf(Locale.ROOT, "pushed %s@%s%n", r.target().display(), r.digest());
    out.printf(Locale.ROOT, "  blobs: %d uploaded (%s), %d mounted, %d already there; %d manifests written%n",
        r.blobsUploaded(), ResolutionPrinter.humanSize(r.bytesUploaded()), r.blobsMounted(), r.blobsPresent(),
        r.manifestsPut());
    if (r.referrers() == RegistryPusher.ReferrersMode.API) {
      out.println("  referrers: found through the registry's referrers API");
    } else if (r.referrers() == RegistryPusher.ReferrersMode.FALLBACK_TAG) {
      out.println("  referrers: listed under sha256-<digest> tags (the registry has no referrers API)");
    }
    out.println("  tags: " + String.join(", ", r.tags()));
    out.flush();
    return 0;
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(cmd.commandLine(), message);
  }
}
