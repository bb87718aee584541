package dev.basalt.effects;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which maintainer scripts of the installed packages basalt knows the effects of, since none of
 * them runs. Removal-time scripts, {@code config} and {@code triggers} files never matter to an
 * image; every {@code preinst} and {@code postinst} is looked up in a table of scripts read one
 * by one (trixie versions, named below), and one not in it is reported, never passed over.
 *
 * <p>Read from: base-files 13.8+deb13u8, ca-certificates 20250419+deb13u1, ca-certificates-java
 * 20240118, java-common 0.76, libc6 and libc-bin 2.41-12+deb13u5, libnewt0.52 0.52.25-1,
 * libpam0g, libpam-modules, libpam-modules-bin and libpam-runtime 1.7.0-5, libpython3.13-minimal,
 * python3.13 and python3.13-minimal 3.13.5-2+deb13u5, libreadline8t64 and readline-common 8.2-6,
 * libselinux1 3.8.1-1, netbase 6.5, node-undici 7.3.0+dfsg1+~cs24.12.11-1, nodejs
 * 20.19.2+dfsg-1+deb13u3, openjdk-21-* 21.0.13.1+2-1~deb13u1, openjdk-25-* 25.0.5.1+2-1~deb13u1,
 * python3 and python3-minimal 3.13.5-1, tar 1.35+dfsg-3.1, tzdata 2026f-0+deb13u1, util-linux
 * 2.41.5-0+deb13u1. (media-types 13.0.0 has no scripts.)
 */
public final class MaintainerScriptReport {
  private MaintainerScriptReport() {}

  public enum Verdict {
    /** An effect of {@link Effects#standard()} produces what the script does. */
    EMULATED,
    /** What the script does on a first install changes nothing an image needs. */
    HARMLESS,
    /** The image lacks what the script would have made. */
    NOT_EMULATED
  }

  /** The verdict on one script of one package, and why. */
  public record Finding(String pkg, String script, Verdict verdict, String reason) {
    public Finding {
      Objects.requireNonNull(pkg, "pkg == null");
      Objects.requireNonNull(script, "script == null");
      Objects.requireNonNull(verdict, "verdict == null");
      Objects.requireNonNull(reason, "reason == null");
    }

    /** For the build summary, e.g. {@code postinst of netbase not emulated: no /etc/hosts ...}. */
    public String message() {
      return script + " of " + pkg + " not emulated" + (reason.equals(UNKNOWN) ? "" : ": " + reason);
    }
  }

  static final String UNKNOWN = "not in basalt's table of known scripts";
  static final String REMOVAL = "runs only when the package is removed or upgraded, which never happens to an image";
  static final String CONFIG = "asks debconf questions; what the answers change is the postinst's, judged on its own";
  static final String TRIGGERS = "runs nothing itself: an interest runs this package's postinst, an activation"
      + " the interested package's, each judged on its own";
  static final String BYTE_COMPILE = "byte-compiling is skipped: .pyc files are only a cache, which Python"
      + " builds on import (in memory, as the nonroot user cannot write the tree), and compiling would"
      + " mean running Python at build time";

  private record Known(Verdict verdict, String reason) {}

  /** Package, then script, then what basalt knows of it. */
  private static final Map<String, Map<String, Known>> KNOWN = Map.ofEntries(
      Map.entry("base-files", Map.of(
          "preinst", harmless("checks for merged /usr, which base-files' own links give the tree, and adds"
              + " DEP17 diversions, which only dpkg reads"),
          "postinst", missing("/var/run and /var/lock stay directories instead of links to /run; no /run/lock,"
              + " /etc/profile, root's dotfiles, /etc/motd, /mnt, /srv, /opt, /media, /usr/local tree or"
              + " utmp logs"))),
      Map.entry("ca-certificates", Map.of(
          "postinst", emulated("CaBundleEffect writes /etc/ca-certificates.conf and /etc/ssl/certs;"
              + " /usr/local/share/ca-certificates, for certificates added by hand, is not made"))),
      Map.entry("ca-certificates-java", Map.of(
          "preinst", harmless("acts only on a reinstall after removal"),
          "postinst", emulated("JavaCacertsEffect writes /etc/ssl/certs/java/cacerts, the JDK's trust store,"
              + " from the CA bundle"))),
      Map.entry("java-common", Map.of(
          "postinst", harmless("creates /etc/.java/.systemPrefs for java.util.prefs system preferences,"
              + " machine-wide settings only root may write; without it their first use logs a warning and"
              + " finds none, and user preferences are unaffected"))),
      Map.entry("libc-bin", Map.of(
          "postinst", emulated("LdSoCacheEffect writes /etc/ld.so.cache and the soname links ldconfig makes;"
              + " /etc/nsswitch.conf is AccountsEffect's"))),
      Map.entry("libc6", Map.of(
          "preinst", harmless("checks the build host's kernel, which says nothing of the runtime's, creates"
              + " /lib64 when base-files has not, and adds DEP17 diversions, which only dpkg reads"),
          "postinst", harmless("restarts services on upgrades from before 2.41 and activates the libc-upgrade"
              + " triggers; nothing on a first install"))),
      Map.entry("libnewt0.52", Map.of(
          "preinst", harmless("removes palettes and alternatives that old versions left"))),
      Map.entry("libpam-modules", Map.of(
          "preinst", harmless("asks about screensavers on upgrades from before 1.4.0-5; nothing on a first"
              + " install"),
          "postinst", harmless("creates empty /etc/security/opasswd and /etc/environment, which PAM reads only"
              + " for password changes and login sessions, and an image has neither"))),
      Map.entry("libpam-modules-bin", Map.of(
          "postinst", harmless("starts pam_namespace.service under systemd, which a container does not run"))),
      Map.entry("libpam-runtime", Map.of(
          "postinst", missing("no /etc/pam.d/common-* (pam-auth-update): a program that authenticates"
              + " through PAM finds no rules"))),
      Map.entry("libpam0g", Map.of(
          "postinst", harmless("restarts services on upgrades from before 1.4.0-2"))),
      Map.entry("libpython3.13-minimal", Map.of(
          "postinst", harmless("prints a line and changes nothing"))),
      Map.entry("libreadline8t64", Map.of(
          "preinst", harmless("adds DEP17 diversions, which only dpkg reads"))),
      Map.entry("libselinux1", Map.of(
          "postinst", harmless("drops stale SELinux context caches on upgrades and runs systemd-tmpfiles,"
              + " which a container does not have"))),
      Map.entry("netbase", Map.of(
          "postinst", missing("no /etc/hosts (container runtimes usually mount one) and no /etc/networks"))),
      Map.entry("node-undici", Map.of(
          "preinst", harmless("dpkg-maintscript-helper dir_to_symlink acts only on upgrades"),
          "postinst", harmless("dpkg-maintscript-helper dir_to_symlink acts only on upgrades"))),
      Map.entry("nodejs", Map.of(
          "postinst", emulated("AlternativesEffect links js to /usr/bin/nodejs"))),
      Map.entry("openjdk-21-jdk-headless", Map.of("postinst", jdkTools())),
      Map.entry("openjdk-21-jre-headless", Map.of("postinst", jre())),
      Map.entry("openjdk-25-jdk-headless", Map.of("postinst", jdkTools())),
      Map.entry("openjdk-25-jre-headless", Map.of("postinst", jre())),
      Map.entry("python3", Map.of(
          "preinst", harmless("resets an old python3 alternative and runs upgrade hooks; nothing on a first"
              + " install"),
          "postinst", harmless("writes /etc/python3/debian_config, which only py3compile reads, and runs"
              + " rtupdate hooks; " + BYTE_COMPILE))),
      Map.entry("python3-minimal", Map.of(
          "postinst", harmless("py3compile /usr/share/python3; " + BYTE_COMPILE))),
      Map.entry("python3.13", Map.of(
          "postinst", harmless("compiles the standard library; " + BYTE_COMPILE))),
      Map.entry("python3.13-minimal", Map.of(
          "preinst", harmless("leaves a marker that only a disabled branch of its postinst reads"),
          "postinst", harmless("creates empty /usr/local/lib/python3.13/dist-packages, which sys.path skips"
              + " when missing, and registers binfmt only where update-binfmts is; " + BYTE_COMPILE))),
      Map.entry("readline-common", Map.of(
          "postinst", missing("no /etc/inputrc: readline keeps its built-in key bindings"))),
      Map.entry("tar", Map.of(
          "postinst", emulated("AlternativesEffect links rmt to /usr/sbin/rmt-tar"))),
      Map.entry("tzdata", Map.of(
          "postinst", emulated("LocaleEffect links /etc/localtime to Etc/UTC, debconf's default"))),
      Map.entry("util-linux", Map.of(
          "postinst", emulated("AlternativesEffect links pager to /bin/more; enabling fstrim.timer is"
              + " systemd's business, and a container runs no systemd"))));

  /** Every script of every package, in package order and then dpkg's order of scripts. */
  public static List<Finding> findings(List<InstalledPackage> packages) {
    List<Finding> findings = new ArrayList<>();
    for (InstalledPackage p : packages) {
      for (String script : p.maintainerScripts()) {
        Known known = switch (script) {
          case "prerm", "postrm" -> harmless(REMOVAL);
          case "config" -> harmless(CONFIG);
          case "triggers" -> harmless(TRIGGERS);
          default -> KNOWN.getOrDefault(p.name(), Map.of()).getOrDefault(script, missing(UNKNOWN));
        };
        findings.add(new Finding(p.name(), script, known.verdict(), known.reason()));
      }
    }
    return findings;
  }

  /** The packages, in the given order, with a script whose effects the image lacks. */
  public static List<String> uncovered(List<InstalledPackage> packages) {
    LinkedHashSet<String> names = new LinkedHashSet<>();
    for (Finding f : findings(packages)) {
      if (f.verdict() == Verdict.NOT_EMULATED) {
        names.add(f.pkg());
      }
    }
    return List.copyOf(names);
  }

  /** One line per script not emulated, for the build summary. */
  public static List<String> summary(List<InstalledPackage> packages) {
    return findings(packages).stream()
        .filter(f -> f.verdict() == Verdict.NOT_EMULATED)
        .map(Finding::message)
        .toList();
  }

  private static Known jre() {
    return emulated("AlternativesEffect links java, jpackage, keytool, rmiregistry and jexec;"
        + " JavaCacertsEffect writes the trust store its lib/security/cacerts links to;"
        + " /etc/.java/.systemPrefs as for java-common");
  }

  private static Known jdkTools() {
    return emulated("AlternativesEffect links the JDK tools; the obsolete apt alternative it removes"
        + " was never installed");
  }

  private static Known emulated(String reason) {
    return new Known(Verdict.EMULATED, reason);
  }

  private static Known harmless(String reason) {
    return new Known(Verdict.HARMLESS, reason);
  }

  private static Known missing(String reason) {
    return new Known(Verdict.NOT_EMULATED, reason);
  }
}
