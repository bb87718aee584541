package dev.basalt.audit;

import dev.basalt.fs.Paths;
import dev.basalt.harden.PackageManagerPolicy;
import dev.basalt.harden.ProgramPolicy;
import dev.basalt.harden.ShellPolicy;
import dev.basalt.image.FlatFile;
import dev.basalt.image.FlatFilesystem;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/** Rules about the files of the final filesystem, checked in one pass over it. */
final class FileChecks {
  private FileChecks() {}

  /** Dockle's list of file names that usually hold credentials. */
  static final Set<String> CREDENTIAL_NAMES = Set.of("credentials.json", "credential.json", "credentials",
      "credential", "password.txt", "id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", "secret_token.rb",
      "carrierwave.rb", "omniauth.rb", "settings.py", "database.yml", "credentials.xml", ".git-credentials",
      ".netrc", ".pgpass", ".htpasswd");
  /** Dockle's list of extensions, without the ones (.pem, .key) whose files are mostly certificates. */
  static final Set<String> CREDENTIAL_EXTENSIONS = Set.of(".secret", ".ovpn", ".private_key", ".cscfg", ".rdp",
      ".mdf", ".sdf", ".bek", ".tpm", ".fve", ".jks", ".psafe3", ".agilekeychain", ".keychain", ".pcap", ".gnucache");
  static final Set<String> SENSITIVE_DIRS = Set.of(".ssh", ".aws", ".git", ".docker");

  static void check(AuditSubject s, RuntimeUser user, Evidence ev) {
    FlatFilesystem fs = s.files();
    Set<String> binDirs = new HashSet<>();
    for (String dir : ProgramPolicy.BIN_DIRS) {
      String real = fs.realPath(dir);
      if (real != null) {
        binDirs.add(real);
      }
    }
    Set<String> sensitive = new LinkedHashSet<>();
    for (FlatFile f : fs.files()) {
      String path = f.path();
      String name = Paths.name(path);
      if (f.isRegular() && (f.mode() & 06000) != 0) {
        ev.add(Rules.SETUID, path + " (" + modeText(f) + ", owner " + f.uid() + ")");
      }
      if (f.fileCapabilities()) {
        ev.add(Rules.FILE_CAPABILITIES, path);
      }
      boolean worldWritable = (f.isRegular() && (f.mode() & 0002) != 0)
          || (f.isDirectory() && (f.mode() & 0002) != 0 && (f.mode() & 01000) == 0);
      if (worldWritable) {
        ev.add(Rules.WORLD_WRITABLE, path + " (" + modeText(f) + ")");
      } else if (writableBy(user, f) && !inUserArea(user, path)) {
        ev.add(Rules.USER_WRITABLE, path + " (" + modeText(f) + ", owner " + f.uid() + ":" + f.gid() + ")");
      }
      if (f.marks().contains(AuditInspector.MARK_PRIVATE_KEY)) {
        ev.add(Rules.PRIVATE_KEY, path);
      }
      if (f.isRegular() && (CREDENTIAL_NAMES.contains(name) || CREDENTIAL_EXTENSIONS.contains(extension(name)))) {
        ev.add(Rules.CREDENTIAL_FILE, path);
      }
      String dir = sensitiveDir(path);
      if (dir != null) {
        sensitive.add(dir);
      }
      if (f.isDevice()) {
        ev.add(Rules.DEVICE_NODES, path + " (" + (f.type() == FlatFile.Type.CHAR_DEVICE ? "char" : "block") + " "
            + f.linkTarget() + ")");
      }
      if (f.isSymlink() && f.linkTarget().startsWith("/")) {
        ev.add(Rules.ABSOLUTE_SYMLINKS, path + " -> " + f.linkTarget());
      }
      if (!f.isDirectory() && binDirs.contains(fs.realParent(path))) {
        program(fs, f, name, ev);
      }
    }
    sensitive.forEach(d -> ev.add(Rules.SENSITIVE_DIR, d));
    fs.anomalies().forEach(a -> ev.add(Rules.UNSAFE_LAYER_ENTRY, a));
  }

  private static void program(FlatFilesystem fs, FlatFile f, String name, Evidence ev) {
    FlatFile target = f.isSymlink() ? fs.resolve(f.path()) : f;
    if (target == null || !target.isRegular()) {
      return; // a dangling link runs nothing
    }
    String shown = f.isSymlink() ? f.path() + " -> " + f.linkTarget() : f.path();
    if (name.equals("busybox")) {
      if (target.marks().contains(AuditInspector.MARK_BUSYBOX_SHELL)) {
        ev.add(Rules.SHELL, shown + " (busybox with the sh/ash applet)");
      }
    } else if (ShellPolicy.SHELLS.contains(name)) {
      ev.add(Rules.SHELL, shown);
    } else if (PackageManagerPolicy.isPackageManager(name)) {
      ev.add(Rules.PACKAGE_MANAGER, shown);
    }
  }

  private static boolean writableBy(RuntimeUser user, FlatFile f) {
    if (user.uid() == null || user.isRoot() || f.isSymlink() || f.isDevice()) {
      return false;
    }
    return (f.uid() == user.uid() && (f.mode() & 0200) != 0)
        || (user.groups().contains(f.gid()) && (f.mode() & 0020) != 0);
  }

  private static boolean inUserArea(RuntimeUser user, String path) {
    String home = user.home();
    if (home != null && !home.equals("/") && !home.isEmpty() && (path.equals(home) || path.startsWith(home + "/"))) {
      return true;
    }
    return path.equals("/tmp") || path.startsWith("/tmp/");
  }

  private static String sensitiveDir(String path) {
    String[] parts = path.substring(1).split("/");
    StringBuilder prefix = new StringBuilder();
    for (String part : parts) {
      prefix.append('/').append(part);
      if (SENSITIVE_DIRS.contains(part)) {
        return prefix.toString();
      }
    }
    return null;
  }

  private static String extension(String name) {
    int dot = name.lastIndexOf('.');
    return dot <= 0 ? "" : name.substring(dot).toLowerCase(Locale.ROOT);
  }

  static String modeText(FlatFile f) {
    return String.format("%04o", f.mode());
  }
}
