package dev.basalt.cli;

import dev.basalt.build.ResolveStep;
import dev.basalt.cache.Downloader;
import dev.basalt.debian.MirrorResolver;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --mirror NAME=URL}: every command that reads Debian archives takes it. */
final class MirrorOptions {
  @Option(
      names = "--mirror",
      paramLabel = "NAME=URL",
      description = "Mirror for a named archive, e.g. debian=https://mirror.example/debian (repeatable).")
  Map<String, String> mirrors = new LinkedHashMap<>();

  MirrorResolver mirrorResolver(CommandLine cli) {
    Map<String, URI> explicit = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : mirrors.entrySet()) {
      try {
        URI uri = new URI(e.getValue());
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
          throw new URISyntaxException(e.getValue(), "not an http or https URL");
        }
        explicit.put(e.getKey(), uri);
      } catch (URISyntaxException ex) {
        throw new CommandLine.ParameterException(cli, "--mirror " + e.getKey() + "=" + e.getValue()
            + ": " + ex.getMessage());
      }
    }
    return MirrorResolver.forHost(explicit);
  }

  ResolveStep.Options resolveOptions(
      CommandLine cli, List<String> archs, ResolveStep.LockMode mode, Path lockFile, Downloader downloader) {
    PrintWriter err = cli.getErr();
    return new ResolveStep.Options(
        archs, mode, lockFile, downloader, mirrorResolver(cli), Clock.systemUTC(),
        msg -> {
          err.println("basalt: " + msg);
          err.flush();
        });
  }
}
