package dev.basalt.vuln;

import java.util.List;
import java.util.Objects;

/**
 * One advisory that matches one package of the image. {@code score} and {@code rating} say where
 * the level came from: a CVSS vector and its computed score, or a database's severity word
 * ({@code rating} "database_specific" or "ecosystem_specific", no score), or nothing (unknown).
 * {@code statusFile} is the dpkg file that lists the package; {@code disposition} is null for a
 * finding that applies.
 */
public record VulnFinding(String id, List<String> aliases, String summary, String pkg, String arch, String version,
    String source, String sourceVersion, String fixed, Level level, Double score, String rating, String purl,
    String statusFile, Disposition disposition) {
  public VulnFinding {
    Objects.requireNonNull(id, "id == null");
    Objects.requireNonNull(level, "level == null");
    aliases = List.copyOf(aliases);
  }

  /** Why a finding does not apply: basalt's own analysis or a user's VEX statement. */
  public record Disposition(String status, String justification, String origin, String detail) {
    /** basalt's analysis of the image, as opposed to a user's VEX file. */
    public static final String BASALT = "basalt";
    public static final String NOT_AFFECTED = "not_affected";
    public static final String FIXED = "fixed";
  }

  public boolean applies() {
    return disposition == null;
  }

  /** The id and every alias: what a VEX statement may name. */
  public List<String> names() {
    List<String> all = new java.util.ArrayList<>();
    all.add(id);
    all.addAll(aliases);
    return all;
  }

  VulnFinding withDisposition(Disposition d) {
    return new VulnFinding(id, aliases, summary, pkg, arch, version, source, sourceVersion, fixed, level, score, rating,
        purl, statusFile, d);
  }
}
