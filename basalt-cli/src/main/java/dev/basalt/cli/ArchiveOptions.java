package dev.basalt.cli;

import dev.basalt.build.ResolveStep;
import dev.basalt.cache.Downloader;
import dev.basalt.debian.MirrorResolver;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The mirror and architecture options of the commands that resolve a spec (resolve, build). */
final class ArchiveOptions {
  @Mixin MirrorOptions mirrors;

  @Option(names = "--arch", paramLabel = "ARCH", description = "Only this architecture (repeatable).")
  List<String> archs = List.of();

  MirrorResolver mirrorResolver(CommandLine cli) {
    return mirrors.mirrorResolver(cli);
  }

  ResolveStep.Options resolveOptions(
      CommandLine cli, ResolveStep.LockMode mode, Path lockFile, Downloader downloader) {
    return mirrors.resolveOptions(cli, archs, mode, lockFile, downloader);
  }
}
