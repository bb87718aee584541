package dev.basalt.cli;

import dev.basalt.cache.BlobStore;
import dev.basalt.image.ImageLocation;
import dev.basalt.run.ContainerRunner;
import dev.basalt.run.RunException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code basalt run}: runs an image with runc under its hardened runtime profile. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Run an image with runc: its user, a read-only root, a private /tmp, no capabilities, no new"
        + " privileges, a seccomp filter and no network unless --net host.", "The exit code is the program's."})
final class RunCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec cmd;

  @Parameters(index = "0", paramLabel = "IMAGE", description = "oci:DIR[:REF], an OCI layout directory, or docker-archive:FILE.")
  String image;

  @Parameters(index = "1..*", paramLabel = "ARGS", description = "The program and its arguments (after --); default:"
      + " the image's entrypoint and cmd.")
  List<String> args = new ArrayList<>();

  @Option(names = "--arch", paramLabel = "ARCH", description = "The platform to run (default: this machine's).")
  String arch;

  @Option(names = "--net", paramLabel = "MODE", defaultValue = "none", description = "none (default) or host.")
  String net;

  @Option(names = {"-v", "--volume"}, paramLabel = "HOST:CTR[:ro]", description = "Bind-mount a host path (repeatable).")
  List<String> volumes = new ArrayList<>();

  @Option(names = {"-e", "--env"}, paramLabel = "K=V", description = "Set an environment variable (repeatable).")
  List<String> env = new ArrayList<>();

  @Option(names = "--verbose", description = "Say what is set up.")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    if (!net.equals("none") && !net.equals("host")) {
      throw new CommandLine.ParameterException(cmd.commandLine(), "--net must be none or host, not '" + net + "'");
    }
    List<ContainerRunner.Volume> mounts = new ArrayList<>();
    for (String v : volumes) {
      mounts.add(ContainerRunner.Volume.parse(v));
    }
    Map<String, String> vars = new LinkedHashMap<>();
    for (String kv : env) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new RunException("-e '" + kv + "' must be NAME=VALUE", 2);
      }
      vars.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    return ContainerRunner.run(ImageLocation.parse(image),
        new ContainerRunner.Options(arch, net.equals("host"), mounts, vars, args, verbose), BlobStore.defaultRoot());
  }
}
