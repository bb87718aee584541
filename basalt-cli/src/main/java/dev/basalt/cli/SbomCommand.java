package dev.basalt.cli;

import dev.basalt.image.ImageLocation;
import dev.basalt.sbom.ImageSboms;
import dev.basalt.sbom.SbomFormat;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code basalt sbom}: prints an image's SBOM, the one its build attached or one made from its dpkg status. */
@Command(name = "sbom", mixinStandardHelpOptions = true,
    description = {"Print the SBOM of an image (SPDX 2.3 or CycloneDX 1.6 JSON).",
        "An image built by basalt carries its own; for any other Debian-based image one is made from its"
            + " dpkg status and copyright files (without .deb digests)."})
final class SbomCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec cmd;

  @Parameters(paramLabel = "IMAGE", description = "oci:DIR[:REF], an OCI layout directory, or docker-archive:FILE.")
  String image;

  @Option(names = "--arch", paramLabel = "ARCH", description = "The platform's architecture (needed when there are several).")
  String arch;

  @Option(names = "--format", paramLabel = "FORMAT", required = true, description = "spdx or cyclonedx.")
  String format;

  @Override
  public Integer call() throws Exception {
    SbomFormat f;
    try {
      f = SbomFormat.of(format);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cmd.commandLine(), "--format must be spdx or cyclonedx, not '" + format + "'");
    }
    ImageSboms.Result result = ImageSboms.sbom(ImageLocation.parse(image), arch, f);
    if (!result.attached()) {
      cmd.commandLine().getErr().println("basalt: " + image + " carries no " + f.id() + " SBOM; this one is made from its"
          + " dpkg status (no .deb digests, no generated files)");
    }
    PrintWriter out = cmd.commandLine().getOut();
    out.print(new String(result.document(), StandardCharsets.UTF_8));
    out.println();
    out.flush();
    return 0;
  }
}
