package dev.basalt.cli;

import dev.basalt.image.ImageLocation;
import dev.basalt.registry.BlobSightings;
import dev.basalt.registry.RegistryPuller;
import dev.basalt.registry.RegistryReference;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code basalt pull}: an image from a registry, every platform, into an OCI layout. */
@Command(name = "pull", mixinStandardHelpOptions = true,
    description = {"Pull an image (an index with every platform, or one manifest) into an OCI layout.",
        "Every manifest and blob is checked against its digest. Exit 0 when pulled, 1 when the registry fails,"
            + " refuses or serves wrong content, 2 for bad arguments."})
final class PullCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec cmd;

  @Parameters(index = "0", paramLabel = "SOURCE", description = "docker://HOST[:PORT]/REPO[:TAG|@sha256:DIGEST].")
  String source;

  @Parameters(index = "1", paramLabel = "DESTINATION", description = "oci:DIR[:REF] or DIR; REF defaults to the"
      + " source's tag (latest for a digest).")
  String destination;

  @Mixin RegistryFlags registry;

  @CommandLine.Option(names = "--attachments", description = "Also pull what is attached to the image and each"
      + " platform: cosign signature and attestation tags and OCI referrers (signature bundles, SBOMs), so that"
      + " basalt verify works on the layout offline.")
  boolean attachments;

  @Override
  public Integer call() throws Exception {
    if (!source.startsWith(RegistryReference.SCHEME)) {
      throw usage("the source must be docker://HOST[:PORT]/REPO[:TAG|@sha256:DIGEST], not '" + source + "'");
    }
    RegistryReference ref = RegistryReference.parse(source);
    if (!(ImageLocation.parse(destination) instanceof ImageLocation.Layout layout)) {
      throw usage("pull writes an OCI layout (oci:DIR[:REF] or DIR), not '" + destination + "'");
    }
    String name = layout.reference() != null ? layout.reference() : ref.tagOrDefault();
    RegistryPuller.Result r = RegistryPuller.pull(ref, layout.dir(), name, registry.options(), BlobSightings.load());
    PrintWriter out = cmd.commandLine().getOut();
    out.printf(Locale.ROOT, "pulled %s into oci:%s:%s%n", r.source().display(), layout.dir(), name);
    out.printf(Locale.ROOT, "  %d manifests; blobs: %d fetched (%s), %d already there%n", r.manifests(),
        r.blobsFetched(), ResolutionPrinter.humanSize(r.bytesFetched()), r.blobsPresent());
    if (attachments) {
      RegistryPuller.Attachments a = RegistryPuller.pullAttachments(ref, layout.dir(), r, registry.options());
      out.printf(Locale.ROOT, "  attachments: %d tags (%s), %d referrers; %d blobs fetched%n", a.tags().size(),
          String.join(", ", a.tags()), a.referrers().size(), a.blobsFetched());
    }
    out.flush();
    return 0;
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(cmd.commandLine(), message);
  }
}
