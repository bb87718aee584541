package dev.basalt.audit;

import dev.basalt.debian.Suggestions;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every rule the auditor applies, in report order. */
public final class Rules {
  private Rules() {}

  private static final String CIS = "CIS Docker Benchmark ";
  private static final String NIST = "NIST SP 800-190 ";
  private static final String PSS = "Kubernetes Pod Security Standards (restricted): ";

  public static final Rule RUNS_AS_ROOT = new Rule("runs-as-root", Level.FATAL,
      "Runs as root",
      "A process running as uid 0 that escapes the container, or abuses a mounted volume, does so with root's rights.",
      "Set the image's User to an unprivileged numeric uid (basalt: accounts.run-as: nonroot).",
      List.of(CIS + "4.1", "Dockle CIS-DI-0001", NIST + "4.1.2", PSS + "runAsNonRoot"));

  public static final Rule USER_NOT_NUMERIC = new Rule("user-not-numeric", Level.WARN,
      "User is a name, not a numeric uid",
      "Kubernetes cannot check runAsNonRoot for a named user and refuses to start the pod; a name also depends on"
          + " the image's /etc/passwd.",
      "Set User to the numeric uid (and gid), e.g. 65532:65532.",
      List.of(PSS + "runAsNonRoot", CIS + "4.1"));

  public static final Rule SETUID = new Rule("setuid-setgid", Level.WARN,
      "Files with setuid or setgid bits",
      "setuid/setgid programs are the usual way from an unprivileged process to root inside a container.",
      "Remove the bits (chmod u-s,g-s) or the programs; basalt strips them unless harden.allow-setuid is set.",
      List.of(CIS + "4.8", "Dockle CIS-DI-0008", NIST + "4.1.2", PSS + "allowPrivilegeEscalation=false"));

  public static final Rule FILE_CAPABILITIES = new Rule("file-capabilities", Level.WARN,
      "Files with capabilities (security.capability)",
      "File capabilities grant privileges on exec, like setuid but finer; they widen what a compromised process can do.",
      "Remove the security.capability extended attribute from these files, or the files.",
      List.of(NIST + "4.1.2", PSS + "capabilities drop ALL"));

  public static final Rule SHELL = new Rule("shell", Level.WARN,
      "A shell is present",
      "A shell turns any command-injection or RCE bug into an interactive foothold and makes living off the land easy.",
      "Remove shells (and busybox with shell applets) from production images; keep them in a -debug variant.",
      List.of(CIS + "4.3", NIST + "4.1.2"));

  public static final Rule PACKAGE_MANAGER = new Rule("package-manager", Level.WARN,
      "A package manager is present",
      "A package manager lets an intruder install tools, and its metadata drifts from what is really installed.",
      "Remove package managers from runtime images; build with them, ship without them.",
      List.of(CIS + "4.3", NIST + "4.1.2"));

  public static final Rule WORLD_WRITABLE = new Rule("world-writable", Level.WARN,
      "World-writable files, or world-writable directories without the sticky bit",
      "Any user in the container can change or replace these, including code that other users run.",
      "Remove o+w from files; give shared directories the sticky bit (mode 1777) like /tmp.",
      List.of(NIST + "4.1.2", CIS + "4.1"));

  public static final Rule USER_WRITABLE = new Rule("user-writable", Level.WARN,
      "Files the runtime user can write outside its home and /tmp",
      "A process that can rewrite the image's programs, libraries or configuration can persist and escalate.",
      "Keep the image owned by root and not group- or world-writable; give the runtime user only its home and /tmp.",
      List.of(NIST + "4.1.2", CIS + "4.1"));

  public static final Rule SECRET_ENV = new Rule("secret-env", Level.FATAL,
      "A secret in an environment variable",
      "Image config is readable by anyone who can pull the image; a key or token in it is published.",
      "Remove the value from the image and the registry; rotate the credential; pass secrets at run time.",
      List.of(CIS + "4.10", "Dockle CIS-DI-0010", NIST + "4.1.4"));

  public static final Rule SECRET_ENV_NAME = new Rule("secret-env-name", Level.WARN,
      "An environment variable whose name suggests a secret",
      "Variables named like passwords, tokens or keys usually carry one; their values are public in the config.",
      "Do not bake the value into the image; pass it at run time (or name a file holding it, as *_FILE).",
      List.of(CIS + "4.10", "Dockle CIS-DI-0010", NIST + "4.1.4"));

  public static final Rule PRIVATE_KEY = new Rule("private-key", Level.FATAL,
      "A private key in a file",
      "Anyone who pulls the image has the key.",
      "Remove the file from every layer (a later layer's deletion does not remove it from earlier ones); rotate the key.",
      List.of(CIS + "4.10", NIST + "4.1.4", "Trivy secret scanning"));

  public static final Rule CREDENTIAL_FILE = new Rule("credential-file", Level.WARN,
      "A file whose name suggests credentials",
      "Files such as credentials.json or id_rsa usually hold secrets.",
      "Remove the file, or confirm it holds no secret and ignore the rule for this image.",
      List.of("Dockle CIS-DI-0010", NIST + "4.1.4"));

  public static final Rule SENSITIVE_DIR = new Rule("sensitive-dir", Level.WARN,
      "A directory that holds credentials or source history",
      ".ssh, .aws, .docker and .git directories carry keys, tokens and history that do not belong in an image.",
      "Remove the directory; add it to the build's ignore list.",
      List.of("Dockle DKL-LI-0003", NIST + "4.1.4"));

  public static final Rule EMPTY_PASSWORD = new Rule("empty-password", Level.FATAL,
      "An account with an empty password",
      "An empty password field lets anyone become that account without a password.",
      "Lock the account: put '!' or '*' in its password field (/etc/shadow, or /etc/passwd without shadow).",
      List.of("Dockle DKL-LI-0001", NIST + "4.1.2"));

  public static final Rule DUPLICATE_ID = new Rule("duplicate-id", Level.WARN,
      "Duplicate user or group ids or names",
      "Two accounts with one id share every file and permission; checks by name and by id disagree.",
      "Give every account and group its own id and name.",
      List.of("Dockle DKL-LI-0002"));

  public static final Rule LOGIN_SHELL = new Rule("login-shell", Level.WARN,
      "An account with a login shell",
      "Accounts of a container image never log in; a login shell is only a way in.",
      "Set the accounts' shells to /usr/sbin/nologin.",
      List.of(NIST + "4.1.2"));

  public static final Rule SSH_PORT = new Rule("ssh-port", Level.WARN,
      "Exposes port 22",
      "An SSH server in a container is a second, unmanaged way in; use the runtime's exec instead.",
      "Remove the SSH server and the EXPOSE 22.",
      List.of(CIS + "5.7", NIST + "4.1.2"));

  public static final Rule SYSTEM_VOLUME = new Rule("system-volume", Level.WARN,
      "A volume on /proc, /sys or /dev",
      "Mounting host system directories into a container hands it the host's kernel interfaces.",
      "Remove the VOLUME; mount only application data.",
      List.of("Dockle DKL-DI-0002", CIS + "5.5"));

  public static final Rule NO_HEALTHCHECK = new Rule("no-healthcheck", Level.INFO,
      "No HEALTHCHECK",
      "Without a health check the engine cannot tell a hung container from a healthy one.",
      "Add an exec-form HEALTHCHECK, or rely on the orchestrator's probes (Kubernetes ignores HEALTHCHECK).",
      List.of(CIS + "4.6", "Dockle CIS-DI-0006"));

  public static final Rule LATEST_TAG = new Rule("latest-tag", Level.INFO,
      "Referenced by the 'latest' tag",
      "'latest' moves; a deployment that names it cannot say which image it runs.",
      "Deploy by digest, or by an immutable version tag.",
      List.of("Dockle DKL-DI-0006"));

  public static final Rule OS_RELEASE = new Rule("os-release", Level.INFO,
      "No /etc/os-release",
      "Vulnerability scanners identify the distribution and release from os-release; without it they see nothing.",
      "Keep /etc/os-release (basalt writes it from base-files).",
      List.of(NIST + "4.1.1"));

  public static final Rule DEBIAN_VERSION = new Rule("debian-version", Level.INFO,
      "Debian image without /etc/debian_version",
      "Scanners read the Debian point release from /etc/debian_version.",
      "Keep /etc/debian_version (from base-files).",
      List.of(NIST + "4.1.1"));

  public static final Rule DPKG_METADATA = new Rule("dpkg-metadata", Level.INFO,
      "Debian package metadata missing or inconsistent",
      "Scanners list installed packages from /var/lib/dpkg/status or status.d; missing or malformed entries hide"
          + " packages, and so their vulnerabilities.",
      "Keep dpkg's status (or distroless-style status.d entries, one per package, with Package, Version, Architecture).",
      List.of(NIST + "4.1.1", CIS + "4.4"));

  public static final Rule STALE = new Rule("stale", Level.INFO,
      "Image created more than 30 days ago",
      "An old image misses the security updates published since it was built.",
      "Rebuild regularly (basalt outdated tells whether updates are pending).",
      List.of(CIS + "4.4", NIST + "4.1.1"));

  public static final Rule DEVICE_NODES = new Rule("device-nodes", Level.INFO,
      "Device nodes in the image",
      "Runtimes provide /dev; device nodes shipped in layers are unusual and may expose hardware if the runtime"
          + " allows them.",
      "Remove device nodes from the image's layers.",
      List.of(NIST + "4.1.2"));

  public static final Rule ABSOLUTE_SYMLINKS = new Rule("absolute-symlinks", Level.INFO,
      "Absolute symlinks",
      "An absolute symlink points somewhere else when the filesystem is mounted or extracted outside a container,"
          + " which tools that unpack images must handle with care.",
      "Prefer relative link targets; nothing to do for a container runtime.",
      List.of());

  public static final Rule UNSAFE_LAYER_ENTRY = new Rule("unsafe-layer-entry", Level.FATAL,
      "Layer entries that climb out of the root or link to nothing",
      "A tar entry with '..' attacks whatever unpacks the layer; a dangling hard link breaks extraction.",
      "Rebuild the image with a tool that writes well-formed layers.",
      List.of(NIST + "4.1.3"));

  public static final List<Rule> ALL = List.of(
      RUNS_AS_ROOT, USER_NOT_NUMERIC, SETUID, FILE_CAPABILITIES, SHELL, PACKAGE_MANAGER, WORLD_WRITABLE,
      USER_WRITABLE, SECRET_ENV, SECRET_ENV_NAME, PRIVATE_KEY, CREDENTIAL_FILE, SENSITIVE_DIR, EMPTY_PASSWORD,
      DUPLICATE_ID, LOGIN_SHELL, SSH_PORT, SYSTEM_VOLUME, NO_HEALTHCHECK, LATEST_TAG, OS_RELEASE, DEBIAN_VERSION,
      DPKG_METADATA, STALE, DEVICE_NODES, ABSOLUTE_SYMLINKS, UNSAFE_LAYER_ENTRY);

  private static final Map<String, Rule> BY_ID = ALL.stream().collect(Collectors.toMap(Rule::id, Function.identity()));

  /** The ids closest to a mistyped one: those it begins (a rule's first word), else the nearest by spelling. */
  public static List<String> suggest(String id) {
    List<String> ids = ALL.stream().map(Rule::id).toList();
    List<String> starting = id.isEmpty() ? List.of() : ids.stream().filter(i -> i.startsWith(id)).toList();
    return starting.isEmpty() ? Suggestions.closest(id, ids) : starting;
  }

  /** The rule with this id, or null. */
  public static Rule byId(String id) {
    return BY_ID.get(id);
  }
}
