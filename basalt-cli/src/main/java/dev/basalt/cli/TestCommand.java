package dev.basalt.cli;

import dev.basalt.build.SpecLocator;
import dev.basalt.cache.BlobStore;
import dev.basalt.check.StructureTestRunner;
import dev.basalt.check.TestReports;
import dev.basalt.check.TestResult;
import dev.basalt.image.ImageLocation;
import dev.basalt.spec.ImageSpec;
import dev.basalt.spec.SpecLoader;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code basalt test}: runs a spec's structure tests against an image. */
@Command(name = "test", mixinStandardHelpOptions = true,
    description = {"Run a spec's structure tests (tests:) against an image: metadata, files, file contents, commands.",
        "Exit 0 when all pass, 1 when one fails, 2 for bad arguments."})
final class TestCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec cmd;

  @Parameters(paramLabel = "IMAGE", description = "oci:DIR[:REF], an OCI layout directory, or docker-archive:FILE.")
  String image;

  @Option(names = "--spec", paramLabel = "SPEC", required = true, description = "The spec (file or preset) whose tests to run.")
  String spec;

  @Option(names = "--arch", paramLabel = "ARCH", description = "The platform to test (default: this machine's).")
  String arch;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text, json or junit.")
  String format;

  @Override
  public Integer call() throws Exception {
    if (!List.of("text", "json", "junit").contains(format)) {
      throw new CommandLine.ParameterException(cmd.commandLine(), "--format must be text, json or junit, not '" + format + "'");
    }
    ImageSpec loaded = SpecLoader.load(SpecLocator.locate(spec));
    if (loaded.tests().isEmpty()) {
      throw new CommandLine.ParameterException(cmd.commandLine(), loaded.file() + " has no tests: section");
    }
    List<TestResult> results = StructureTestRunner.run(ImageLocation.parse(image), arch, loaded.tests(),
        BlobStore.defaultRoot());
    PrintWriter out = cmd.commandLine().getOut();
    out.print(switch (format) {
      case "json" -> TestReports.json(image, results) + "\n";
      case "junit" -> TestReports.junit(image, results);
      default -> TestReports.text(image, results);
    });
    out.flush();
    return TestReports.failures(results) == 0 ? 0 : 1;
  }
}
