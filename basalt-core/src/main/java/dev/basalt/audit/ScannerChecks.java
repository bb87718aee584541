package dev.basalt.audit;

import dev.basalt.debian.Deb822;
import dev.basalt.debian.Deb822Exception;
import dev.basalt.debian.OsRelease;
import dev.basalt.debian.Stanza;
import dev.basalt.fs.Paths;
import dev.basalt.image.FlatFile;
import dev.basalt.image.FlatFilesystem;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether vulnerability scanners can tell what the image is: {@code os-release}, and for Debian
 * {@code debian_version} and dpkg's package status (whole, or distroless-style {@code status.d}).
 */
final class ScannerChecks {
  private ScannerChecks() {}

  static final String STATUS = "/var/lib/dpkg/status";
  static final String STATUS_D = "/var/lib/dpkg/status.d";

  static void check(FlatFilesystem fs, Evidence ev) {
    byte[] osRelease = fs.content("/etc/os-release");
    if (osRelease == null) {
      osRelease = fs.content("/usr/lib/os-release");
    }
    if (osRelease == null) {
      ev.add(Rules.OS_RELEASE, "neither /etc/os-release nor /usr/lib/os-release is a file in the image");
    }
    OsRelease release = OsRelease.parse(osRelease == null ? new byte[0] : osRelease);
    boolean hasDpkg = fs.resolve(STATUS) != null || fs.resolve(STATUS_D) != null;
    boolean debian = release.isDebianLike() || hasDpkg;
    if (!debian) {
      return;
    }
    if (fs.content("/etc/debian_version") == null && "debian".equals(release.get("ID"))) {
      ev.add(Rules.DEBIAN_VERSION, "/etc/debian_version is missing");
    }
    if (!hasDpkg) {
      ev.add(Rules.DPKG_METADATA, "neither " + STATUS + " nor " + STATUS_D + "/ is present: scanners see no packages");
      return;
    }
    Map<String, String> seen = new HashMap<>();
    FlatFile status = fs.resolve(STATUS);
    if (status != null) {
      stanzas(STATUS, fs.content(STATUS), seen, false, ev);
    }
    for (FlatFile f : fs.below(STATUS_D)) {
      if (f.isRegular() && !f.path().endsWith(".md5sums")) {
        stanzas(f.path(), f.content(), seen, true, ev);
      }
    }
    if (seen.isEmpty()) {
      ev.add(Rules.DPKG_METADATA, "dpkg metadata lists no installed package");
    }
  }

  private static void stanzas(String path, byte[] bytes, Map<String, String> seen, boolean oneFile, Evidence ev) {
    if (bytes == null) {
      ev.add(Rules.DPKG_METADATA, path + " is too large to read");
      return;
    }
    List<Stanza> stanzas;
    try {
      stanzas = Deb822.parse(new String(bytes, StandardCharsets.UTF_8), path, false);
    } catch (Deb822Exception e) {
      ev.add(Rules.DPKG_METADATA, path + " does not parse: " + e.getMessage());
      return;
    }
    for (Stanza st : stanzas) {
      String pkg = st.value("Package");
      String version = st.value("Version");
      String arch = st.value("Architecture");
      if (pkg == null || version == null || arch == null) {
        ev.add(Rules.DPKG_METADATA, path + ": a stanza lacks Package, Version or Architecture");
        continue;
      }
      String state = st.value("Status");
      if (state != null && !state.endsWith(" installed")) {
        continue; // removed or half-configured packages are dpkg's history, not the image's contents
      }
      String key = pkg + ":" + arch;
      String first = seen.putIfAbsent(key, path);
      if (first != null) {
        ev.add(Rules.DPKG_METADATA, "package " + key + " is listed twice (" + first + " and " + path + ")");
      }
      if (oneFile && stanzas.size() == 1 && !Paths.name(path).equals(pkg) && !Paths.name(path).startsWith(pkg + ":")) {
        ev.add(Rules.DPKG_METADATA, path + " describes package " + pkg + ", not " + Paths.name(path));
      }
    }
  }
}
