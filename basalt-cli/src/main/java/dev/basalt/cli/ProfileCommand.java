package dev.basalt.cli;

import dev.basalt.image.ImageLocation;
import dev.basalt.run.ImageProfiles;
import dev.basalt.run.RuntimeProfile;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code basalt profile}: how to run an image hardened, for Kubernetes, podman or docker. */
@Command(name = "profile", mixinStandardHelpOptions = true,
    description = "Print the runtime profile of an image: a Kubernetes Pod (Pod Security restricted), or the "
        + "podman/docker run flags.")
final class ProfileCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec cmd;

  @Parameters(paramLabel = "IMAGE", description = "oci:DIR[:REF], an OCI layout directory, or docker-archive:FILE.")
  String image;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "kubernetes",
      description = "kubernetes, podman or docker (default: ${DEFAULT-VALUE}).")
  String format;

  @Override
  public Integer call() throws Exception {
    if (!List.of("kubernetes", "podman", "docker").contains(format)) {
      throw new CommandLine.ParameterException(cmd.commandLine(),
          "--format must be kubernetes, podman or docker, not '" + format + "'");
    }
    RuntimeProfile profile = ImageProfiles.profile(ImageLocation.parse(image));
    PrintWriter out = cmd.commandLine().getOut();
    if (format.equals("kubernetes")) {
      out.print(profile.kubernetes());
    } else {
      out.println(String.join(" ", profile.engineArgs(format)));
    }
    out.flush();
    return 0;
  }
}
