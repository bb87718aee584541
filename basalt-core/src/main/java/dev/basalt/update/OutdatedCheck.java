package dev.basalt.update;

import dev.basalt.debian.BinaryPackage;
import dev.basalt.debian.DebianVersion;
import dev.basalt.debian.IndexedPackages;
import dev.basalt.debian.PackageUniverse;
import dev.basalt.debian.SuiteRelease;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compares installed versions with the highest version across the configured suites, the same
 * candidate a fresh resolve would take; a second universe of only the security suites tells
 * whether a newer version is a security fix.
 */
public final class OutdatedCheck {
  private OutdatedCheck() {}

  /** Debian's security archive names its suites {@code <codename>-security} ({@code <codename>/updates} before 11). */
  public static boolean isSecuritySuite(String suite) {
    return suite.endsWith("-security") || suite.endsWith("/updates");
  }

  /**
   * The report for {@code installed} against {@code packagesByArch}, the indexes of
   * {@code suites} per architecture (as {@link dev.basalt.debian.IndexFetcher} returns them).
   */
  public static OutdatedReport check(InstalledPackages installed, List<SuiteRelease> suites,
      Map<String, List<IndexedPackages>> packagesByArch) {
    List<OutdatedReport.Row> rows = new ArrayList<>();
    for (Map.Entry<String, List<InstalledPackages.Installed>> e : installed.byArch().entrySet()) {
      String arch = e.getKey();
      List<IndexedPackages> indexes = packagesByArch.get(arch);
      if (indexes == null) {
        throw new IllegalArgumentException("no indexes for " + arch);
      }
      PackageUniverse all = new PackageUniverse(arch, indexes);
      PackageUniverse security = new PackageUniverse(arch,
          indexes.stream().filter(i -> isSecuritySuite(i.origin().suite())).toList());
      for (InstalledPackages.Installed p : e.getValue()) {
        rows.add(row(arch, p, all, security));
      }
    }
    List<String> names = suites.stream().map(s -> s.repository().id() + " " + s.suite()).toList();
    return new OutdatedReport(installed.subject(), names, rows);
  }

  private static OutdatedReport.Row row(String arch, InstalledPackages.Installed p, PackageUniverse all,
      PackageUniverse securityOnly) {
    BinaryPackage newest = all.candidate(p.name());
    if (newest == null) {
      return new OutdatedReport.Row(arch, p.name(), p.version(), null, null, false);
    }
    DebianVersion have = DebianVersion.parse(p.version());
    if (all.version(newest).compareTo(have) <= 0) {
      return new OutdatedReport.Row(arch, p.name(), p.version(), newest.version(), null, false);
    }
    BinaryPackage fix = securityOnly.candidate(p.name());
    boolean security = fix != null && securityOnly.version(fix).compareTo(have) > 0;
    return new OutdatedReport.Row(arch, p.name(), p.version(), newest.version(),
        newest.origin().repository() + " " + newest.origin().suite(), security);
  }
}
