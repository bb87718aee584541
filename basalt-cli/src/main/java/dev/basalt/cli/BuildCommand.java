package dev.basalt.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basalt.build.BuildStep;
import dev.basalt.build.ResolveStep;
import dev.basalt.build.SpecLocator;
import dev.basalt.cache.Downloader;
import dev.basalt.oci.Compression;
import dev.basalt.spec.ImageSpec;
import dev.basalt.spec.SpecLoader;
import dev.basalt.update.BuildSecurityStatus;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import dev.basalt.image.ImageLocation;
import dev.basalt.registry.RegistryReference;
import dev.basalt.sign.SigningKey;
import dev.basalt.vuln.VulnGate;
import picocli.CommandLine.Parameters;

/** {@code basalt build}: builds a hardened, reproducible multi-arch OCI image from a spec. */
@Command(name = "build", description = "Build a hardened, reproducible OCI image from a spec.", mixinStandardHelpOptions = true)
final class BuildCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec cmd;

  @Parameters(paramLabel = "SPEC", description = "A spec file or a shipped preset name (static, base, cc).")
  String spec;

  @Mixin ArchiveOptions archive;

  @Mixin PolicyOption policy;

  @ArgGroup(exclusive = true) LockSelection lockSelection = new LockSelection();

  @Option(names = "--out", paramLabel = "DIR", description = "OCI image layout to write (default: out/<name>).")
  Path out;

  @Option(names = "--tar", paramLabel = "FILE", description = "Also write a docker-archive of the first architecture (docker load, podman load).")
  Path tar;

  @Option(names = "--zstd", description = "Compress the layer with zstd instead of gzip.")
  boolean zstd;

  @Option(names = "--json", description = "Print a JSON summary instead of text.")
  boolean json;

  @Option(names = "--key", paramLabel = "KEY", description = "Sign the image and its provenance with this cosign key"
      + " (as basalt sign does); its password from BASALT_PASSWORD, COSIGN_PASSWORD or the terminal.")
  Path key;

  @Option(names = "--push", paramLabel = "DESTINATION", description = "Then push the image (with its SBOMs,"
      + " provenance and signatures) to docker://HOST[:PORT]/REPO[:TAG], as basalt push does.")
  String push;

  @Mixin RegistryFlags registry;

  @Mixin VulnGateOptions vuln;

  @Option(names = "--test", description = "Then run the spec's structure tests (tests:) on the image; a failing test"
      + " makes the build exit 1 (the image is written, for inspection).")
  boolean test;

  @Override
  public Integer call() throws Exception {
    Path specFile = SpecLocator.locate(spec);
    if (SpecLoader.isLayered(specFile)) {
      return LayeredBuild.run(cmd.commandLine(), specFile, this);
    }
    ImageSpec loaded = policy.apply(SpecLoader.load(specFile));
    Path target = out != null ? out : Path.of("out", loaded.name());
    RegistryReference pushTo = Publishing.destination(cmd.commandLine(), push);
    // Read the key first: a wrong password should not cost a whole build.
    SigningKey signingKey = Publishing.key(key);
    // The database too: a malformed one should not cost a whole build.
    VulnGate gate = vuln.gate(cmd.commandLine());
    BuildStep.Result result;
    BuildSecurityStatus security;
    try (Downloader downloader = ResolveStep.defaultDownloader()) {
      ResolveStep.Options resolve = archive.resolveOptions(
          cmd.commandLine(), lockSelection.mode(), lockSelection.lock, downloader);
      result = BuildStep.run(loaded, new BuildStep.Options(
          resolve, target, tar, zstd ? Compression.ZSTD : Compression.GZIP, System.getenv(), gate));
      security = BuildSecurityStatus.of(loaded, result.lockUsed(), downloader, resolve.mirrors(), resolve.clock());
    }
    PrintWriter o = cmd.commandLine().getOut();
    if (json) {
      ObjectNode json = toJson(result);
      json.put("securityUpdates", security.summary());
      if (security.pending() != null) {
        json.put("securityUpdatesPending", security.pending());
      }
      o.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json));
    } else {
      printSummary(o, result);
      o.println("  " + security.summary());
    }
    o.flush();
    if (test && Publishing.test(cmd.commandLine(), target, BuildStep.REFERENCE,
        result.images().stream().map(BuildStep.ArchImage::arch).toList(), loaded.tests(), loaded.file()) > 0) {
      return 1;
    }
    Publishing.signAndPush(cmd.commandLine(), new ImageLocation.Layout(target, BuildStep.REFERENCE), result.digest(),
        result.provenance(), signingKey, pushTo, registry.options());
    return 0;
  }

  static ObjectNode toJson(BuildStep.Result r) {
    ObjectNode root = new ObjectMapper().createObjectNode();
    root.put("name", r.name());
    root.put("digest", r.digest().toString());
    root.put("layout", r.layout().toString());
    if (r.tar() != null) {
      root.put("tar", r.tar().toString());
    }
    ArrayNode images = root.putArray("images");
    for (BuildStep.ArchImage i : r.images()) {
      ObjectNode o = images.addObject();
      o.put("arch", i.arch());
      o.put("digest", i.manifest().digest().toString());
      o.put("compressedSize", i.compressedSize());
      o.put("uncompressedSize", i.uncompressedSize());
      o.put("packages", i.packages());
      o.put("prunedBytes", i.prunedBytes());
      ObjectNode sizes = o.putObject("bytesByPackage");
      i.bytesByPackage().forEach(sizes::put);
    }
    return root;
  }

  private static void printSummary(PrintWriter o, BuildStep.Result r) {
    o.printf(Locale.ROOT, "%s %s%n", r.name(), r.digest());
    o.printf(Locale.ROOT, "  layout %s (oci:%s:%s)%n", r.layout(), r.layout(), BuildStep.REFERENCE);
    if (r.tar() != null) {
      o.printf(Locale.ROOT, "  docker-archive %s (%s)%n", r.tar(), r.images().get(0).arch());
    }
    for (BuildStep.ArchImage i : r.images()) {
      o.printf(Locale.ROOT, "  %-6s %s  %s compressed, %s uncompressed, %d packages, %s pruned%n", i.arch(),
          i.manifest().digest(), ResolutionPrinter.humanSize(i.compressedSize()),
          ResolutionPrinter.humanSize(i.uncompressedSize()), i.packages(), ResolutionPrinter.humanSize(i.prunedBytes()));
    }
    BuildStep.ArchImage first = r.images().get(0);
    String largest = first.bytesByPackage().entrySet().stream()
        .sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(5)
        .map(e -> e.getKey() + " " + ResolutionPrinter.humanSize(e.getValue()))
        .collect(java.util.stream.Collectors.joining(", "));
    o.printf(Locale.ROOT, "  largest in %s (uncompressed): %s%n", first.arch(), largest);
    for (String note : first.notes()) {
      o.println("  " + note);
    }
  }
}
