package dev.basalt.vuln;

import dev.basalt.debian.DebianVersion;
import dev.basalt.debian.OsRelease;
import dev.basalt.image.DpkgPackages;
import dev.basalt.image.FlatFilesystem;
import dev.basalt.image.ImageReadException;
import dev.basalt.sbom.Purls;
import dev.basalt.sbom.SourcePackage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Matches an image filesystem's dpkg packages against the database. Debian's OSV records name
 * source packages, so each package is matched through its {@code Source} (name, and version when
 * dpkg gives one; else the binary's version without a binNMU {@code +bN} suffix), in the
 * ecosystems {@code Debian:<VERSION_ID>} and {@code Debian}.
 */
public final class VulnMatcher {
  private VulnMatcher() {}

  /** Not code: what a package's files under these directories hold cannot carry its vulnerabilities. */
  static final List<String> DOC_DIRS = List.of("/usr/share/doc/", "/usr/share/man/", "/usr/share/info/",
      "/usr/share/locale/", "/usr/share/lintian/", "/usr/share/doc-base/");

  public static ScanReport scan(String image, String arch, FlatFilesystem files, VulnDatabase db, VexStatements vex)
      throws ImageReadException {
    String release = release(files);
    List<String> ecosystems = release == null ? List.of(OsvParser.DEBIAN)
        : List.of(OsvParser.DEBIAN + ":" + release, OsvParser.DEBIAN);
    String distro = Purls.debianDistro(release == null ? "unknown" : release);
    List<DpkgPackages.Entry> entries = DpkgPackages.read(files, image);
    List<VulnFinding> findings = new ArrayList<>();
    for (DpkgPackages.Entry e : entries) {
      SourcePackage source;
      DebianVersion sourceVersion;
      try {
        source = SourcePackage.of(e.stanza());
        sourceVersion = DebianVersion.parse(source.version().equals(e.version()) ? withoutBinNmu(e.version())
            : source.version());
      } catch (IllegalArgumentException bad) {
        throw new ImageReadException(image + ": package " + e.name() + " in " + e.stanza().source()
            + " has a malformed version or Source: " + bad.getMessage(), bad);
      }
      Map<String, VulnFinding> byId = new LinkedHashMap<>();
      for (VulnDatabase.Candidate c : db.candidates(source.name(), Set.copyOf(ecosystems))) {
        AffectedVersions.Match m = AffectedVersions.match(c.affected(), sourceVersion);
        VulnFinding seen = byId.get(c.record().id());
        if (m == null || (seen != null && (seen.fixed() != null || m.fixed() == null))) {
          continue; // one finding per record; a match that knows the fix wins
        }
        byId.put(c.record().id(), finding(c, m, e, source, sourceVersion, distro));
      }
      for (VulnFinding f : byId.values()) {
        VulnFinding.Disposition d = notApplicable(e, files);
        if (d == null && vex != null) {
          d = vex.disposition(f);
        }
        findings.add(d == null ? f : f.withDisposition(d));
      }
    }
    findings.sort(Comparator.comparing((VulnFinding f) -> f.level() == Level.UNKNOWN ? -1 : f.level().ordinal())
        .reversed().thenComparing(VulnFinding::pkg).thenComparing(VulnFinding::id));
    return new ScanReport(image, arch, release, ecosystems, (int) entries.stream().filter(DpkgPackages.Entry::installed)
        .count(), db.records(), findings);
  }

  private static VulnFinding finding(VulnDatabase.Candidate c, AffectedVersions.Match m, DpkgPackages.Entry e,
      SourcePackage source, DebianVersion sourceVersion, String distro) {
    OsvRecord r = c.record();
    List<OsvRecord.Score> scores = c.affected().severity().isEmpty() ? r.severity() : c.affected().severity();
    Double best = null;
    String vector = null;
    for (OsvRecord.Score s : scores) {
      double score = s.type().equals("CVSS_V4") ? Cvss4.score(s.vector()) : Cvss3.baseScore(s.vector());
      if (best == null || score > best) {
        best = score;
        vector = s.vector();
      }
    }
    Level level;
    String rating;
    if (best != null) {
      level = Level.ofScore(best);
      rating = vector;
    } else if (c.affected().specificSeverity() != null) {
      level = c.affected().specificSeverity();
      rating = "ecosystem_specific";
    } else if (r.databaseSeverity() != null) {
      level = r.databaseSeverity();
      rating = "database_specific";
    } else {
      level = Level.UNKNOWN;
      rating = null;
    }
    return new VulnFinding(r.id(), r.aliases(), r.summary(), e.name(), e.arch(), e.version(), source.name(),
        sourceVersion.toString(), m.fixed(), level, best, rating,
        Purls.deb(e.name(), e.version(), e.arch(), distro, source), e.stanza().source(), null);
  }

  /**
   * basalt's own finding that a package cannot be affected, or null: {@code component_not_present}
   * when dpkg remembers the package but it is not installed, {@code vulnerable_code_not_present}
   * when its md5sums list files outside documentation and none of them is in the image (hardening
   * pruned them). Without md5sums nothing is concluded.
   */
  static VulnFinding.Disposition notApplicable(DpkgPackages.Entry e, FlatFilesystem files) {
    if (!e.installed()) {
      return new VulnFinding.Disposition(VulnFinding.Disposition.NOT_AFFECTED, "component_not_present",
          VulnFinding.Disposition.BASALT, "dpkg lists " + e.name() + " as '" + e.stanza().value("Status")
          + "': it is not installed");
    }
    if (e.shippedFiles() == null) {
      return null;
    }
    int code = 0;
    for (String path : e.shippedFiles()) {
      if (DOC_DIRS.stream().anyMatch(path::startsWith)) {
        continue;
      }
      code++;
      if (files.resolve(path) != null) {
        return null;
      }
    }
    if (code == 0) {
      return null;
    }
    return new VulnFinding.Disposition(VulnFinding.Disposition.NOT_AFFECTED, "vulnerable_code_not_present",
        VulnFinding.Disposition.BASALT, "none of the " + code + " files " + e.name()
        + " shipped outside documentation is in the image");
  }

  /** A binNMU rebuilds the same source: {@code 1.2-3+b1} comes from source version {@code 1.2-3}. */
  static String withoutBinNmu(String version) {
    return version.replaceFirst("\\+b[0-9]+$", "");
  }

  static String release(FlatFilesystem files) {
    for (String path : List.of("/etc/os-release", "/usr/lib/os-release")) {
      byte[] bytes = files.content(path);
      if (bytes != null) {
        String id = OsRelease.parse(bytes).get("VERSION_ID");
        return id == null || !id.matches("[0-9][0-9.]*") ? null : id;
      }
    }
    return null;
  }
}
