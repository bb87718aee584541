package dev.basalt.cli;

import dev.basalt.registry.RegistryOptions;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --insecure} and {@code --ca-file}: how push and pull reach a registry. */
final class RegistryFlags {
  @Option(names = "--insecure",
      description = "Talk plain HTTP to the registry. TLS is never used without verifying the certificate.")
  boolean insecure;

  @Option(names = "--ca-file", paramLabel = "PEM",
      description = "Trust the CA certificates in this PEM file for the registry, besides the system's.")
  Path caFile;

  RegistryOptions options() {
    return RegistryOptions.defaults().withInsecure(insecure).withCaFile(caFile);
  }
}
