package dev.basalt.cli;

import dev.basalt.image.ImageLocation;
import dev.basalt.layer.LayerEnvironment;
import dev.basalt.layer.LayerResult;
import dev.basalt.layer.LayeredImageBuilder;
import dev.basalt.layer.LayeredSpecs;
import dev.basalt.registry.RegistryReference;
import dev.basalt.sign.SigningKey;
import dev.basalt.spec.LayeredSpec;
import dev.basalt.spec.SpecLoader;
import java.nio.file.Path;
import picocli.CommandLine;

/** {@code basalt build} of a spec that starts {@code from:} a base: the layered builder instead of the package pipeline. */
final class LayeredBuild {
  private LayeredBuild() {}

  static int run(CommandLine cli, Path specFile, BuildCommand options) throws Exception {
    if (options.lockSelection.lock != null || options.tar != null || options.zstd) {
      throw new CommandLine.ParameterException(cli, "--lock, --no-lock, --tar and --zstd do not apply to a spec with"
          + " 'from' (its base's layers are kept as they are; a preset base is locked by its own lock file)");
    }
    RegistryReference pushTo = Publishing.destination(cli, options.push);
    SigningKey signingKey = Publishing.key(options.key);
    LayeredSpec spec = SpecLoader.loadLayered(specFile);
    Path target = options.out != null ? options.out : Path.of("out", spec.name());
    LayerResult result = LayeredImageBuilder.build(LayeredSpecs.request(spec, target, options.archive.archs),
        LayerEnvironment.defaults().withMirrors(options.archive.mirrorResolver(cli))
            .withNotices(m -> cli.getErr().println("basalt: " + m)));
    LayerSummary.print(cli.getOut(), result, options.json);
    if (options.test && Publishing.test(cli, target, result.reference(),
        result.images().stream().map(LayerResult.ArchImage::arch).toList(), spec.tests(), spec.file()) > 0) {
      return 1;
    }
    Publishing.signAndPush(cli, new ImageLocation.Layout(target, result.reference()), result.digest(),
        result.provenance(), signingKey, pushTo, options.registry.options());
    return 0;
  }
}
