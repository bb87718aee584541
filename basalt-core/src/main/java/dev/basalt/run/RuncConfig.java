package dev.basalt.run;

import static dev.basalt.run.ContainerRunner.map;

import dev.basalt.image.ConfigView;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The OCI runtime spec {@code config.json} for one run under the image's runtime profile. */
final class RuncConfig {
  private RuncConfig() {}

  static final String OCI_VERSION = "1.0.2";
  static final List<String> MASKED = List.of("/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys",
      "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware", "/proc/scsi");
  static final List<String> READ_ONLY = List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");

  /** With {@code rootless} non-null, the container gets its own user namespace with that mapping. */
  static Map<String, Object> of(ConfigView image, Path rootfs, String arch, ContainerRunner.Options o, Rootless rootless)
      throws RunException {
    long[] ids = user(image.user());
    List<String> args = new ArrayList<>();
    if (o.args().isEmpty()) {
      if (image.entrypoint() != null) {
        args.addAll(image.entrypoint());
      }
      if (image.cmd() != null) {
        args.addAll(image.cmd());
      }
    } else {
      args.addAll(o.args());
    }
    if (args.isEmpty()) {
      throw new RunException("the image has no entrypoint or cmd: give the program after --", 2);
    }
    Map<String, String> env = new LinkedHashMap<>(image.envMap());
    env.putAll(o.env());
    List<String> envList = env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    List<String> none = List.of();
    Map<String, Object> process = map(
        "terminal", false,
        "user", map("uid", ids[0], "gid", ids[1]),
        "args", args,
        "env", envList,
        "cwd", image.workingDir() == null || image.workingDir().isEmpty() ? "/" : image.workingDir(),
        "capabilities", map("bounding", none, "effective", none, "inheritable", none, "permitted", none, "ambient", none),
        "noNewPrivileges", true);
    List<Object> mounts = new ArrayList<>(List.of(
        map("destination", "/proc", "type", "proc", "source", "proc"),
        map("destination", "/dev", "type", "tmpfs", "source", "tmpfs",
            "options", List.of("nosuid", "strictatime", "mode=755", "size=65536k")),
        map("destination", "/dev/pts", "type", "devpts", "source", "devpts",
            "options", List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620")),
        map("destination", "/dev/shm", "type", "tmpfs", "source", "shm",
            "options", List.of("nosuid", "noexec", "nodev", "mode=1777", "size=65536k")),
        map("destination", "/dev/mqueue", "type", "mqueue", "source", "mqueue", "options", List.of("nosuid", "noexec", "nodev")),
        sys(rootless != null && o.hostNetwork()),
        map("destination", "/tmp", "type", "tmpfs", "source", "tmpfs",
            "options", List.of("nosuid", "nodev", "mode=1777", "size=" + RuntimeProfile.TMPFS_SIZE))));
    for (ContainerRunner.Volume v : o.volumes()) {
      mounts.add(map("destination", v.container(), "type", "bind", "source", v.host().toString(),
          "options", v.readOnly() ? List.of("rbind", "ro", "nosuid", "nodev") : List.of("rbind", "nosuid", "nodev")));
    }
    List<Object> namespaces = new ArrayList<>(List.of(map("type", "pid"), map("type", "ipc"), map("type", "uts"),
        map("type", "mount")));
    if (!o.hostNetwork()) {
      namespaces.add(map("type", "network"));
    }
    Map<String, Object> linux = map("namespaces", namespaces, "maskedPaths", MASKED, "readonlyPaths", READ_ONLY,
        "seccomp", SeccompProfile.forArch(arch));
    if (rootless != null) {
      namespaces.add(map("type", "user"));
      linux.put("uidMappings", rootless.uidMappings());
      linux.put("gidMappings", rootless.gidMappings());
    }
    return map(
        "ociVersion", OCI_VERSION,
        "process", process,
        "root", map("path", rootfs.toAbsolutePath().toString(), "readonly", true),
        "hostname", "basalt",
        "mounts", mounts,
        "linux", linux);
  }

  /**
   * A fresh sysfs, read-only; a user namespace may mount one only with a network namespace of
   * its own, so a rootless run on the host's network binds the host's, read-only, as runc's
   * rootless template does.
   */
  private static Map<String, Object> sys(boolean bindHost) {
    return bindHost
        ? map("destination", "/sys", "type", "none", "source", "/sys", "options", List.of("rbind", "nosuid", "noexec", "nodev", "ro"))
        : map("destination", "/sys", "type", "sysfs", "source", "sysfs", "options", List.of("nosuid", "noexec", "nodev", "ro"));
  }

  /** uid and gid from a numeric {@code User} ({@code uid} or {@code uid:gid}); empty is root. */
  static long[] user(String user) throws RunException {
    String u = user == null ? "" : user.trim();
    if (u.isEmpty()) {
      return new long[] {0, 0};
    }
    long[] ids = RuntimeProfile.numericIds(u);
    if (ids == null) {
      throw new RunException("the image runs as '" + u + "'; basalt run needs a numeric uid[:gid]", 2);
    }
    return ids;
  }
}
