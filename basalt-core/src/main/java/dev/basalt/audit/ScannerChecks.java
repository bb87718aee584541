package dev.basalt.audit;

import dev.basalt.debian.OsRelease;
import dev.basalt.image.DpkgStatus;
import dev.basalt.image.FlatFilesystem;

/**
 * Whether vulnerability scanners can tell what the image is: {@code os-release}, and for Debian
 * {@code debian_version} and dpkg's package status (whole, or distroless-style {@code status.d}).
 */
final class ScannerChecks {
  private ScannerChecks() {}

  static void check(FlatFilesystem fs, Evidence ev) {
    byte[] osRelease = fs.content("/etc/os-release");
    if (osRelease == null) {
      osRelease = fs.content("/usr/lib/os-release");
    }
    if (osRelease == null) {
      ev.add(Rules.OS_RELEASE, "neither /etc/os-release nor /usr/lib/os-release is a file in the image");
    }
    OsRelease release = OsRelease.parse(osRelease == null ? new byte[0] : osRelease);
    boolean hasDpkg = DpkgStatus.present(fs);
    boolean debian = release.isDebianLike() || hasDpkg;
    if (!debian) {
      return;
    }
    if (fs.content("/etc/debian_version") == null && "debian".equals(release.get("ID"))) {
      ev.add(Rules.DEBIAN_VERSION, "/etc/debian_version is missing");
    }
    if (!hasDpkg) {
      ev.add(Rules.DPKG_METADATA, "neither " + DpkgStatus.STATUS + " nor " + DpkgStatus.STATUS_D
          + "/ is present: scanners see no packages");
      return;
    }
    DpkgStatus.Result status = DpkgStatus.read(fs);
    for (DpkgStatus.Problem p : status.problems()) {
      ev.add(Rules.DPKG_METADATA, p.message());
    }
    if (status.installed().isEmpty()) {
      ev.add(Rules.DPKG_METADATA, "dpkg metadata lists no installed package");
    }
  }
}
