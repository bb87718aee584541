package dev.basalt.audit;

import dev.basalt.image.ConfigView;
import dev.basalt.image.FlatFilesystem;
import java.time.Instant;
import java.util.Objects;

/**
 * What is audited: one image for one architecture. {@code image} names it in reports;
 * {@code registryReference} is the registry-style reference it is deployed by (a docker-archive
 * repo tag, later a {@code docker://} reference), null for a local layout; {@code now} is the
 * instant freshness is judged against.
 */
public record AuditSubject(
    String image, String arch, ConfigView config, FlatFilesystem files, String registryReference, Instant now) {
  public AuditSubject {
    Objects.requireNonNull(image, "image == null");
    Objects.requireNonNull(arch, "arch == null");
    Objects.requireNonNull(config, "config == null");
    Objects.requireNonNull(files, "files == null");
    Objects.requireNonNull(now, "now == null");
  }
}
