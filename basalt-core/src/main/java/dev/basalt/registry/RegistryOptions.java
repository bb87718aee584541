package dev.basalt.registry;

import dev.basalt.cache.Downloader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * How to reach registries. {@code insecure} allows plain HTTP (never an unverified TLS
 * connection); {@code caFile} is a PEM bundle trusted in addition to the system's roots;
 * transient failures are retried {@code attempts} times with a backoff doubling from
 * {@code backoff}, as the Debian downloader does; {@code parallelism} bounds the blob transfers.
 */
public record RegistryOptions(
    boolean insecure, Path caFile, CredentialStore credentials, int attempts, Duration backoff, int parallelism) {
  public static final int DEFAULT_PARALLELISM = 4;
  /** A comma-separated list of {@code host[:port]} that may be reached over plain HTTP without --insecure. */
  public static final String INSECURE_ENV = "BASALT_REGISTRY_INSECURE";
  /** A PEM bundle trusted for every registry, for commands that have no --ca-file. */
  public static final String CA_FILE_ENV = "BASALT_REGISTRY_CA_FILE";
  /** System properties that take precedence over the two variables (as {@code basalt.cache} does for the cache). */
  public static final String INSECURE_PROPERTY = "basalt.registry.insecure";
  public static final String CA_FILE_PROPERTY = "basalt.registry.ca-file";

  public RegistryOptions {
    Objects.requireNonNull(credentials, "credentials == null");
    Objects.requireNonNull(backoff, "backoff == null");
    if (attempts < 1 || parallelism < 1) {
      throw new IllegalArgumentException("attempts and parallelism must be at least 1");
    }
  }

  /** HTTPS with the system's roots, the user's credentials, the downloader's retry policy. */
  public static RegistryOptions defaults() {
    return new RegistryOptions(false, null, CredentialStore.system(), Downloader.DEFAULT_ATTEMPTS,
        Downloader.DEFAULT_BACKOFF, DEFAULT_PARALLELISM);
  }

  /**
   * The defaults, loosened for {@code registry} only where the environment says so explicitly:
   * {@value #INSECURE_ENV} (or the property {@value #INSECURE_PROPERTY}) lists it,
   * {@value #CA_FILE_ENV} (or {@value #CA_FILE_PROPERTY}) names a CA bundle. Used where a
   * command reads {@code docker://} images without registry flags ({@code basalt audit}).
   */
  public static RegistryOptions fromEnvironment(Map<String, String> env, String registry) {
    RegistryOptions o = defaults();
    String insecure = System.getProperty(INSECURE_PROPERTY, env.getOrDefault(INSECURE_ENV, ""));
    if (Arrays.stream(insecure.split(",")).map(String::trim).anyMatch(registry::equals)) {
      o = o.withInsecure(true);
    }
    String ca = System.getProperty(CA_FILE_PROPERTY, env.get(CA_FILE_ENV));
    return ca == null || ca.isBlank() ? o : o.withCaFile(Path.of(ca));
  }

  public RegistryOptions withInsecure(boolean value) {
    return new RegistryOptions(value, caFile, credentials, attempts, backoff, parallelism);
  }

  public RegistryOptions withCaFile(Path file) {
    return new RegistryOptions(insecure, file, credentials, attempts, backoff, parallelism);
  }

  public RegistryOptions withCredentials(CredentialStore store) {
    return new RegistryOptions(insecure, caFile, store, attempts, backoff, parallelism);
  }

  public RegistryOptions withRetries(int newAttempts, Duration newBackoff) {
    return new RegistryOptions(insecure, caFile, credentials, newAttempts, newBackoff, parallelism);
  }
}
