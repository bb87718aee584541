package dev.basalt.layer;

import dev.basalt.BasaltException;
import java.util.Objects;

/**
 * Layers an application onto a base image, Jib-style but without losing the base's hardening:
 * the base's layers are kept byte for byte (no recompression), each {@link AppLayer} becomes one
 * reproducible layer per platform, the config is the base's with the {@link ConfigChanges}
 * applied, and the result passes the same audit gate as a build before anything is written.
 * Same inputs give the same bytes; an unchanged layer keeps its digest.
 */
public final class LayeredImageBuilder {
  private LayeredImageBuilder() {}

  /**
   * Builds {@code request} into its output layout (staged beside it and swapped in only when
   * complete, with SBOMs and provenance attached) and returns what was written.
   *
   * @throws LayerInputException when the request cannot be layered as asked (exit code 2)
   * @throws LayerAuditException when the result fails the audit gate; nothing is written
   * @throws BasaltException when the base cannot be read or built, or writing fails
   */
  public static LayerResult build(LayerRequest request, LayerEnvironment environment) throws BasaltException {
    Objects.requireNonNull(request, "request == null");
    Objects.requireNonNull(environment, "environment == null");
    throw new LayerException("layering is being implemented (issue #8)");
  }
}
