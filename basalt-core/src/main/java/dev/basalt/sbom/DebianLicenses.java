package dev.basalt.sbom;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps the license short names of Debian's machine-readable copyright format 1.0 to SPDX
 * identifiers, only where the two mean the same text. A name maps when it is
 *
 * <ul>
 *   <li>one of the format's standard short names (its clause 7.1) with an explicit version,
 *       {@code +} meaning "or later" ({@code GPL-2+} → {@code GPL-2.0-or-later},
 *       {@code MPL-1.1+} → {@code MPL-1.1+}) and trailing {@code .0}s not mattering, as the
 *       format says; or a standard name that has one version only ({@code BSD-3-clause},
 *       {@code ISC}, {@code Zlib}, {@code CC0}; {@code Expat}, which SPDX calls {@code MIT});
 *   <li>or an SPDX identifier itself, from the list below of those seen in Debian that name
 *       exactly one text ({@code MIT} among them: the format asks that other MIT-style texts get
 *       names of their own, as glibc's {@code MIT-like-Lord} does).
 * </ul>
 *
 * <p>Names left out on purpose: an unversioned family ({@code GPL}, {@code LGPL},
 * {@code Apache}, {@code MPL}...), for which the format implies the lowest version while the GPL
 * itself grants any version, so the two disagree; {@code Artistic-1}, which is Artistic-1.0 or
 * the Perl variant Artistic-1.0-Perl in SPDX; {@code W3C} and {@code X11}, used in Debian for
 * several texts. Names are compared case-insensitively, as the format says.
 */
final class DebianLicenses {
  /**
   * Stands for the format's {@code public-domain}: not a license, so SPDX has no identifier;
   * the format defines its meaning once for every file, so one reference serves a document.
   */
  static final String PUBLIC_DOMAIN_REF = "LicenseRef-public-domain";
  /** The meaning the copyright format 1.0 (clause 7.1) gives {@code public-domain}. */
  static final String PUBLIC_DOMAIN_TEXT = "No license required for any purpose; the work is not subject to"
      + " copyright in any jurisdiction. (The short name public-domain as defined by Debian's"
      + " machine-readable copyright format 1.0; the package's copyright file explains the exemption"
      + " of each file it covers.)";
  /** The text of each LicenseRef a mapped expression may hold, for SPDX's extracted licensing info. */
  static final Map<String, String> REFERENCES = Map.of(PUBLIC_DOMAIN_REF, PUBLIC_DOMAIN_TEXT);

  private static final Pattern VERSIONED = Pattern.compile("([a-z][a-z0-9-]*?)-([0-9]+(?:\\.[0-9]+)*[a-z]?)(\\+?)");

  /** Families whose "or later" is a distinct identifier in SPDX 3 rather than a {@code +}. */
  private static final Map<String, String> GNU = Map.of(
      "gpl-1", "GPL-1.0", "gpl-2", "GPL-2.0", "gpl-3", "GPL-3.0",
      "lgpl-2", "LGPL-2.0", "lgpl-2.1", "LGPL-2.1", "lgpl-3", "LGPL-3.0",
      "agpl-3", "AGPL-3.0");

  private static final Map<String, String> GFDL = Map.of("1.1", "1.1", "1.2", "1.2", "1.3", "1.3");

  private static final Map<String, String> OTHER_VERSIONED = pairs(
      "apache-1", "Apache-1.0", "apache-1.1", "Apache-1.1", "apache-2", "Apache-2.0",
      "artistic-2", "Artistic-2.0",
      "cc0-1", "CC0-1.0",
      "cddl-1", "CDDL-1.0", "cddl-1.1", "CDDL-1.1",
      "cpl-1", "CPL-1.0",
      "efl-1", "EFL-1.0", "efl-2", "EFL-2.0",
      "lppl-1", "LPPL-1.0", "lppl-1.1", "LPPL-1.1", "lppl-1.2", "LPPL-1.2", "lppl-1.3a", "LPPL-1.3a",
      "lppl-1.3c", "LPPL-1.3c",
      "mpl-1", "MPL-1.0", "mpl-1.1", "MPL-1.1", "mpl-2", "MPL-2.0",
      "python-2", "Python-2.0",
      "qpl-1", "QPL-1.0",
      "zope-1.1", "ZPL-1.1", "zope-2", "ZPL-2.0", "zope-2.1", "ZPL-2.1");

  private static final Map<String, String> CC_VERSIONS = Map.of("1", "1.0", "2", "2.0", "2.5", "2.5", "3", "3.0", "4", "4.0");
  private static final Map<String, String> CC_FAMILIES = Map.of(
      "cc-by", "CC-BY", "cc-by-sa", "CC-BY-SA", "cc-by-nd", "CC-BY-ND", "cc-by-nc", "CC-BY-NC",
      "cc-by-nc-sa", "CC-BY-NC-SA", "cc-by-nc-nd", "CC-BY-NC-ND");

  private static final Map<String, String> SINGLE = pairs(
      "bsd-2-clause", "BSD-2-Clause", "bsd-3-clause", "BSD-3-Clause", "bsd-4-clause", "BSD-4-Clause",
      "isc", "ISC", "zlib", "Zlib", "expat", "MIT", "cc0", "CC0-1.0");

  /** SPDX identifiers that Debian copyright files use as short names, each naming one text. */
  private static final Map<String, String> SPDX_IDS = ids(
      "0BSD", "AGPL-3.0-only", "AGPL-3.0-or-later", "Artistic-1.0-Perl", "BSD-1-Clause",
      "BSD-2-Clause-Patent", "BSL-1.0", "Beerware", "bzip2-1.0.6", "curl", "EPL-1.0", "EPL-2.0",
      "EUPL-1.2", "FSFAP", "FSFUL", "FSFULLR", "FTL", "GFDL-1.3-only", "GFDL-1.3-or-later",
      "GPL-1.0-only", "GPL-1.0-or-later", "GPL-2.0-only", "GPL-2.0-or-later", "GPL-3.0-only",
      "GPL-3.0-or-later", "HPND", "IJG", "LGPL-2.0-only", "LGPL-2.0-or-later", "LGPL-2.1-only",
      "LGPL-2.1-or-later", "LGPL-3.0-only", "LGPL-3.0-or-later", "MIT", "MIT-0", "MS-PL", "MS-RL",
      "NTP", "OFL-1.1", "OpenSSL", "PSF-2.0", "Sleepycat", "Unicode-3.0", "Unicode-DFS-2015",
      "Unicode-DFS-2016", "Unlicense", "UPL-1.0", "Vim", "WTFPL", "zlib-acknowledgement");

  /** SPDX license exceptions, by identifier. */
  private static final Map<String, String> EXCEPTIONS = ids(
      "Autoconf-exception-2.0", "Autoconf-exception-3.0", "Autoconf-exception-generic",
      "Autoconf-exception-generic-3.0", "Autoconf-exception-macro", "Bison-exception-1.24",
      "Bison-exception-2.2", "Bootloader-exception", "Classpath-exception-2.0", "Font-exception-2.0",
      "GCC-exception-2.0", "GCC-exception-3.1", "GNAT-exception", "GNU-compiler-exception",
      "Libtool-exception", "Linux-syscall-note", "LLVM-exception", "LZMA-exception",
      "OCaml-LGPL-linking-exception", "OpenJDK-assembly-exception-1.0", "openvpn-openssl-exception",
      "Qt-GPL-exception-1.0", "Qt-LGPL-exception-1.1", "Qwt-exception-1.0", "u-boot-exception-2.0",
      "Universal-FOSS-exception-1.0", "WxWindows-exception-3.1", "x11vnc-openssl-exception");

  private DebianLicenses() {}

  /** The SPDX identifier (or {@link #PUBLIC_DOMAIN_REF}) a short name stands for, if exactly one. */
  static Optional<String> license(String shortName) {
    String name = shortName.toLowerCase(Locale.ROOT);
    if (name.equals("public-domain")) {
      return Optional.of(PUBLIC_DOMAIN_REF);
    }
    if (SINGLE.containsKey(name)) {
      return Optional.of(SINGLE.get(name));
    }
    if (SPDX_IDS.containsKey(name)) {
      return Optional.of(SPDX_IDS.get(name));
    }
    Matcher m = VERSIONED.matcher(name);
    if (!m.matches()) {
      return Optional.empty();
    }
    String family = m.group(1);
    String version = withoutTrailingZeros(m.group(2));
    boolean orLater = !m.group(3).isEmpty();
    String gnu = GNU.get(family + "-" + version);
    if (gnu != null) {
      return Optional.of(gnu + (orLater ? "-or-later" : "-only"));
    }
    if ((family.equals("gfdl") || family.equals("gfdl-niv")) && GFDL.containsKey(version)) {
      String niv = family.equals("gfdl-niv") ? "-no-invariants" : "";
      return Optional.of("GFDL-" + GFDL.get(version) + niv + (orLater ? "-or-later" : "-only"));
    }
    String id = OTHER_VERSIONED.get(family + "-" + version);
    if (id == null && CC_FAMILIES.containsKey(family) && CC_VERSIONS.containsKey(version)) {
      id = CC_FAMILIES.get(family) + "-" + CC_VERSIONS.get(version);
    }
    return id == null ? Optional.empty() : Optional.of(id + (orLater ? "+" : ""));
  }

  /**
   * The SPDX exception a {@code with <keyword> exception} names: the format's {@code Font}
   * keyword (whose text the format quotes, SPDX's Font-exception-2.0), an SPDX exception
   * identifier, or a keyword that with {@code -exception} appended is one ({@code Libtool}).
   */
  static Optional<String> exception(String keyword) {
    String k = keyword.toLowerCase(Locale.ROOT);
    if (k.equals("font")) {
      return Optional.of("Font-exception-2.0");
    }
    String id = EXCEPTIONS.getOrDefault(k, EXCEPTIONS.get(k + "-exception"));
    return Optional.ofNullable(id);
  }

  /** Every SPDX license and exception identifier the tables can produce, to check them against SPDX's list. */
  static Set<String> knownIdentifiers() {
    Set<String> ids = new TreeSet<>();
    GNU.values().forEach(id -> ids.addAll(List.of(id + "-only", id + "-or-later")));
    for (String v : GFDL.values()) {
      for (String niv : List.of("", "-no-invariants")) {
        ids.addAll(List.of("GFDL-" + v + niv + "-only", "GFDL-" + v + niv + "-or-later"));
      }
    }
    CC_FAMILIES.values().forEach(f -> CC_VERSIONS.values().forEach(v -> ids.add(f + "-" + v)));
    ids.addAll(OTHER_VERSIONED.values());
    ids.addAll(SINGLE.values());
    ids.addAll(SPDX_IDS.values());
    ids.addAll(EXCEPTIONS.values());
    return ids;
  }

  /** The format holds "2.0.0", "2.0" and "2" to be the same version. */
  private static String withoutTrailingZeros(String version) {
    String v = version;
    while (v.endsWith(".0")) {
      v = v.substring(0, v.length() - 2);
    }
    return v;
  }

  /** Lower-case short name, SPDX identifier, lower-case short name, ... */
  private static Map<String, String> pairs(String... entries) {
    Map<String, String> map = new TreeMap<>();
    for (int i = 0; i < entries.length; i += 2) {
      map.put(entries[i], entries[i + 1]);
    }
    return Map.copyOf(map);
  }

  /** SPDX identifiers, looked up by their lower case. */
  private static Map<String, String> ids(String... ids) {
    Map<String, String> map = new TreeMap<>();
    for (String id : ids) {
      map.put(id.toLowerCase(Locale.ROOT), id);
    }
    return Map.copyOf(map);
  }
}
