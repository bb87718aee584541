package dev.basalt.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.image.ConfigView;
import dev.basalt.image.FlatFile;
import dev.basalt.image.FlatFilesystem;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** One hardened image that passes every rule, and for each rule a change that breaks it (and only it). */
class AuditorTest {
  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

  /** A mutable image description: config fields and the final filesystem. */
  static final class Image {
    String user = "65532";
    List<String> env = new ArrayList<>(List.of("PATH=/usr/bin", "SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt"));
    Set<String> ports = Set.of();
    Set<String> volumes = Set.of();
    List<String> healthcheck = List.of("CMD", "/usr/bin/true");
    Instant created = NOW.minusSeconds(86_400);
    String reference;
    final Map<String, FlatFile> files = new LinkedHashMap<>();

    Image() {
      dir("/", 0755);
      dir("/etc", 0755);
      file("/etc/passwd", "root:x:0:0:root:/root:/usr/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/usr/sbin/nologin\n");
      file("/etc/group", "root:x:0:\nnonroot:x:65532:\n");
      file("/etc/os-release", "PRETTY_NAME=\"Debian GNU/Linux 13 (trixie)\"\nID=debian\nVERSION_ID=\"13\"\n");
      file("/etc/debian_version", "13.2\n");
      dir("/var", 0755);
      dir("/var/lib", 0755);
      dir("/var/lib/dpkg", 0755);
      dir("/var/lib/dpkg/status.d", 0755);
      file("/var/lib/dpkg/status.d/base-files", "Package: base-files\nStatus: install ok installed\nVersion: 13.8\nArchitecture: amd64\n");
      dir("/tmp", 01777);
      dir("/home", 0755);
      put(new FlatFile("/home/nonroot", FlatFile.Type.DIRECTORY, 0700, 65532, 65532, 0, null, false, Set.of(), null));
      put(new FlatFile("/home/nonroot/cache", FlatFile.Type.FILE, 0644, 65532, 65532, 0, null, false, Set.of(), null));
      dir("/usr", 0755);
      dir("/usr/bin", 0755);
      symlink("/bin", "usr/bin");
      file("/usr/bin/app", "\u007fELF");
      symlink("/usr/bin/app-link", "app");
    }

    Image dir(String path, int mode) {
      return put(new FlatFile(path, FlatFile.Type.DIRECTORY, mode, 0, 0, 0, null, false, Set.of(), null));
    }

    Image file(String path, String content) {
      return file(path, content, 0644, Set.of());
    }

    Image file(String path, String content, int mode, Set<String> marks) {
      byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
      return put(new FlatFile(path, FlatFile.Type.FILE, mode, 0, 0, bytes.length, null, false, marks, bytes));
    }

    Image symlink(String path, String target) {
      return put(new FlatFile(path, FlatFile.Type.SYMLINK, 0777, 0, 0, 0, target, false, Set.of(), null));
    }

    Image put(FlatFile f) {
      files.put(f.path(), f);
      return this;
    }

    AuditReport audit(Auditor.Policy policy) {
      ConfigView config = new ConfigView("linux", "amd64", null, created, user, env, ports, volumes, healthcheck,
          List.of("/usr/bin/app"), null, "/home/nonroot", Map.of(), List.of());
      return Auditor.audit(new AuditSubject("test", "amd64", config, FlatFilesystem.of(files.values()), reference, NOW),
          policy);
    }
  }

  private static AuditReport audit(Consumer<Image> change) {
    Image image = new Image();
    change.accept(image);
    return image.audit(Auditor.Policy.NONE);
  }

  /** The one finding the change causes: its rule and evidence. */
  private static void assertOnly(Consumer<Image> change, Rule rule, String... evidence) {
    AuditReport report = audit(change);
    assertThat(report.findings()).singleElement().satisfies(f -> {
      assertThat(f.rule()).isEqualTo(rule);
      assertThat(f.evidence()).containsExactly(evidence);
    });
    assertThat(report.passed()).isEqualTo(Rules.ALL.size() - 1);
  }

  @Test
  void aHardenedImagePassesEveryRule() {
    AuditReport report = audit(i -> {});
    assertThat(report.findings()).isEmpty();
    assertThat(report.passed()).isEqualTo(Rules.ALL.size());
    assertThat(report.grade()).isEqualTo("A");
  }

  @Test
  void rootAndUserRules() {
    assertOnly(i -> i.user = "", Rules.RUNS_AS_ROOT, "User is not set (defaults to root)");
    assertOnly(i -> i.user = "0:0", Rules.RUNS_AS_ROOT, "User=0:0");
    AuditReport byName = audit(i -> i.user = "root");
    assertThat(byName.findings()).extracting(f -> f.rule().id()).containsExactly("runs-as-root", "user-not-numeric");
    assertThat(byName.findings().get(0).evidence()).containsExactly("User=root (uid 0 in /etc/passwd)");
    // A name that maps to uid 0 is root too, whatever it is called.
    AuditReport alias = audit(i -> {
      i.file("/etc/passwd", "toor:x:0:0::/root:/usr/sbin/nologin\n");
      i.user = "toor";
    });
    assertThat(alias.findings()).extracting(f -> f.rule().id()).containsExactly("runs-as-root", "user-not-numeric");
    assertOnly(i -> i.user = "nonroot", Rules.USER_NOT_NUMERIC, "User=nonroot (uid 65532)");
    AuditReport unknown = audit(i -> i.user = "ghost");
    assertThat(unknown.findings()).singleElement().satisfies(f -> assertThat(f.evidence())
        .containsExactly("User=ghost (not in the image's /etc/passwd: the container cannot start)"));
  }

  @Test
  void privilegeRules() {
    assertOnly(i -> i.file("/usr/bin/su", "x", 04755, Set.of()), Rules.SETUID, "/usr/bin/su (4755, owner 0)");
    assertOnly(i -> i.file("/usr/bin/wall", "x", 02755, Set.of()), Rules.SETUID, "/usr/bin/wall (2755, owner 0)");
    assertOnly(i -> i.put(new FlatFile("/usr/bin/ping", FlatFile.Type.FILE, 0755, 0, 0, 1, null, true, Set.of(), null)),
        Rules.FILE_CAPABILITIES, "/usr/bin/ping");
  }

  @Test
  void programRules() {
    assertOnly(i -> i.file("/usr/bin/dash", "x", 0755, Set.of()).symlink("/usr/bin/sh", "dash"), Rules.SHELL,
        "/usr/bin/dash", "/usr/bin/sh -> dash");
    // A dangling link runs nothing; a shell outside PATH directories is not on PATH.
    assertThat(audit(i -> i.symlink("/usr/bin/sh", "dash").file("/opt/bash", "x", 0755, Set.of())).findings()).isEmpty();
    assertOnly(i -> i.file("/usr/bin/busybox", "x", 0755, Set.of(AuditInspector.MARK_BUSYBOX_SHELL)), Rules.SHELL,
        "/usr/bin/busybox (busybox with the sh/ash applet)");
    assertThat(audit(i -> i.file("/usr/bin/busybox", "x", 0755, Set.of())).findings()).isEmpty();
    assertOnly(i -> i.file("/usr/bin/dpkg", "x", 0755, Set.of()).file("/usr/bin/pip3.13", "x", 0755, Set.of()),
        Rules.PACKAGE_MANAGER, "/usr/bin/dpkg", "/usr/bin/pip3.13");
  }

  @Test
  void writableRules() {
    assertOnly(i -> i.dir("/srv", 0777), Rules.WORLD_WRITABLE, "/srv (0777)");
    assertOnly(i -> i.file("/etc/app.conf", "x", 0666, Set.of()), Rules.WORLD_WRITABLE, "/etc/app.conf (0666)");
    assertThat(audit(i -> i.dir("/var/tmp", 01777)).findings()).isEmpty();
    assertOnly(i -> i.put(new FlatFile("/usr/bin/tool", FlatFile.Type.FILE, 0755, 65532, 0, 1, null, false, Set.of(), null)),
        Rules.USER_WRITABLE, "/usr/bin/tool (0755, owner 65532:0)");
    assertOnly(i -> i.put(new FlatFile("/etc/app", FlatFile.Type.DIRECTORY, 0775, 0, 65532, 0, null, false, Set.of(), null)),
        Rules.USER_WRITABLE, "/etc/app (0775, owner 0:65532)");
    // Its home and /tmp are the runtime user's to write.
    assertThat(audit(i -> i.put(new FlatFile("/tmp/x", FlatFile.Type.FILE, 0600, 65532, 65532, 0, null, false, Set.of(), null)))
        .findings()).isEmpty();
  }

  @Test
  void secretRules() {
    assertOnly(i -> i.env.add("AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE"), Rules.SECRET_ENV,
        "Env AWS_ACCESS_KEY_ID holds an AWS access key id (value not shown)");
    assertOnly(i -> i.env.add("DATABASE_URL=postgres://app:hunter2@db/app"), Rules.SECRET_ENV,
        "Env DATABASE_URL holds credentials in a URL (value not shown)");
    assertOnly(i -> i.env.add("DB_PASSWORD=hunter2"), Rules.SECRET_ENV_NAME, "Env DB_PASSWORD");
    // A pointer to a secret file, an empty value and public GPG key ids are not secrets.
    assertThat(audit(i -> i.env.addAll(List.of("DB_PASSWORD_FILE=/run/secrets/db", "API_TOKEN=", "GPG_KEY=A1B2")))
        .findings()).isEmpty();
    assertOnly(i -> i.file("/etc/ssl/private/server.key", "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n", 0600,
        AuditInspector.marks("-----BEGIN RSA PRIVATE KEY-----\nMIIE\n".getBytes(StandardCharsets.US_ASCII))),
        Rules.PRIVATE_KEY, "/etc/ssl/private/server.key");
    assertThat(AuditInspector.hasPrivateKey("-----BEGIN CERTIFICATE-----\nMII\n".getBytes(StandardCharsets.US_ASCII))).isFalse();
    assertThat(AuditInspector.hasPrivateKey("x -----BEGIN OPENSSH PRIVATE KEY-----".getBytes(StandardCharsets.US_ASCII))).isTrue();
    assertOnly(i -> i.file("/root/credentials.json", "{}"), Rules.CREDENTIAL_FILE, "/root/credentials.json");
    assertOnly(i -> i.file("/opt/vpn/client.ovpn", "x"), Rules.CREDENTIAL_FILE, "/opt/vpn/client.ovpn");
    assertOnly(i -> i.dir("/root", 0700).dir("/root/.aws", 0700).dir("/srv/.git", 0755).dir("/srv/.git/objects", 0755),
        Rules.SENSITIVE_DIR, "/root/.aws", "/srv/.git");
  }

  @Test
  void accountRules() {
    assertOnly(i -> i.file("/etc/shadow", "root:*:19000:0:99999:7:::\nnonroot::19000:0:99999:7:::\n"),
        Rules.EMPTY_PASSWORD, "/etc/shadow: nonroot");
    assertOnly(i -> i.file("/etc/passwd", "root:x:0:0::/root:/usr/sbin/nologin\nnonroot::65532:65532::/home/nonroot:/usr/sbin/nologin\n"),
        Rules.EMPTY_PASSWORD, "/etc/passwd: nonroot");
    assertOnly(i -> i.file("/etc/passwd", "root:x:0:0::/root:/usr/sbin/nologin\nnonroot:x:65532:65532::/home/nonroot:/usr/sbin/nologin\n"
        + "other:x:65532:65532::/:/usr/sbin/nologin\n"), Rules.DUPLICATE_ID, "/etc/passwd uid 65532: nonroot and other");
    assertOnly(i -> i.file("/etc/group", "root:x:0:\nnonroot:x:65532:\nnonroot:x:70000:\n"), Rules.DUPLICATE_ID,
        "/etc/group name nonroot appears more than once");
    assertOnly(i -> i.file("/etc/passwd", "root:x:0:0::/root:/bin/bash\nnonroot:x:65532:65532::/home/nonroot:/usr/sbin/nologin\n"),
        Rules.LOGIN_SHELL, "root: /bin/bash");
  }

  @Test
  void configRules() {
    assertOnly(i -> i.ports = Set.of("22/tcp", "8080/tcp"), Rules.SSH_PORT, "ExposedPorts 22/tcp");
    assertOnly(i -> i.volumes = Set.of("/data", "/sys/fs/cgroup"), Rules.SYSTEM_VOLUME, "Volumes /sys/fs/cgroup");
    assertOnly(i -> i.healthcheck = null, Rules.NO_HEALTHCHECK, "config has no Healthcheck");
    assertOnly(i -> i.healthcheck = List.of("NONE"), Rules.NO_HEALTHCHECK, "Healthcheck is disabled (NONE)");
    assertOnly(i -> i.reference = "example/app:latest", Rules.LATEST_TAG, "example/app:latest");
    assertOnly(i -> i.reference = "registry:5000/app", Rules.LATEST_TAG, "registry:5000/app");
    assertThat(audit(i -> i.reference = "registry:5000/app:1.2").findings()).isEmpty();
    assertOnly(i -> i.created = Instant.parse("2026-09-01T00:00:00Z"), Rules.STALE,
        "created 2026-09-01T00:00:00Z (87 days ago)");
    assertOnly(i -> i.created = null, Rules.STALE, "config has no valid 'created' date");
  }

  @Test
  void scannerReadinessRules() {
    assertOnly(i -> i.files.remove("/etc/os-release"), Rules.OS_RELEASE,
        "neither /etc/os-release nor /usr/lib/os-release is a file in the image");
    // Debian keeps it in /usr/lib, with a link in /etc.
    assertThat(audit(i -> i.symlink("/etc/os-release", "../usr/lib/os-release").dir("/usr/lib", 0755)
        .file("/usr/lib/os-release", "ID=debian\n")).findings()).isEmpty();
    assertOnly(i -> i.files.remove("/etc/debian_version"), Rules.DEBIAN_VERSION, "/etc/debian_version is missing");
    assertOnly(i -> i.files.remove("/var/lib/dpkg/status.d/base-files"), Rules.DPKG_METADATA,
        "dpkg metadata lists no installed package");
    assertOnly(i -> i.file("/var/lib/dpkg/status.d/libc6", "Package: libc6\nVersion: 2.41\n"), Rules.DPKG_METADATA,
        "/var/lib/dpkg/status.d/libc6: a stanza lacks Package, Version or Architecture");
    assertOnly(i -> i.file("/var/lib/dpkg/status.d/zlib", "Package: zlib1g\nVersion: 1\nArchitecture: amd64\n"),
        Rules.DPKG_METADATA, "/var/lib/dpkg/status.d/zlib describes package zlib1g, not zlib");
    assertOnly(i -> i.file("/var/lib/dpkg/status", "Package: base-files\nStatus: install ok installed\nVersion: 13.8\nArchitecture: amd64\n"),
        Rules.DPKG_METADATA, "package base-files:amd64 is listed twice (/var/lib/dpkg/status and /var/lib/dpkg/status.d/base-files)");
  }

  @Test
  void oddContentRules() {
    assertOnly(i -> i.put(new FlatFile("/dev/null", FlatFile.Type.CHAR_DEVICE, 0666, 0, 0, 0, "1:3", false, Set.of(), null)),
        Rules.DEVICE_NODES, "/dev/null (char 1:3)");
    assertOnly(i -> i.symlink("/etc/localtime", "/usr/share/zoneinfo/Etc/UTC"), Rules.ABSOLUTE_SYMLINKS,
        "/etc/localtime -> /usr/share/zoneinfo/Etc/UTC");
  }

  @Test
  void ignoredRulesAreNotAppliedAndWaivedOnesAreReportedWithTheirReason() {
    Image image = new Image();
    image.user = "";
    image.file("/usr/bin/bash", "x", 0755, Set.of());
    AuditReport report = image.audit(new Auditor.Policy(Set.of("runs-as-root"), Map.of("shell", "debug variant")));
    assertThat(report.findings()).singleElement().satisfies(f -> {
      assertThat(f.rule()).isEqualTo(Rules.SHELL);
      assertThat(f.waiver()).isEqualTo("debug variant");
    });
    assertThat(report.ignored()).containsExactly("runs-as-root");
    assertThat(report.passed()).isEqualTo(Rules.ALL.size() - 2);
    assertThat(report.failing(Level.INFO)).isEmpty();
    assertThat(report.grade()).isEqualTo("A");
  }

  @Test
  void gradesFollowTheCountsOfFatalAndWarnFindings() {
    assertThat(audit(i -> i.ports = Set.of("22")).grade()).isEqualTo("B");
    assertThat(audit(i -> {
      i.ports = Set.of("22");
      i.dir("/srv", 0777);
      i.file("/usr/bin/su", "x", 04755, Set.of());
    }).grade()).isEqualTo("C");
    assertThat(audit(i -> i.user = "0").grade()).isEqualTo("D");
    assertThat(audit(i -> {
      i.user = "0";
      i.env.add("K=AKIAIOSFODNN7EXAMPLE");
    }).grade()).isEqualTo("F");
  }
}
