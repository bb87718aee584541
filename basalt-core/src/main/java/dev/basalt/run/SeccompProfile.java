package dev.basalt.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seccomp filter {@code basalt run} installs: every system call is allowed except those a
 * container never needs and that widen the kernel's attack surface or escape the container
 * (loading modules, mounting, new namespaces, keyrings, BPF, ptrace, kexec, clock changes...),
 * which fail with EPERM. A deny list: shorter and more predictable than an engine's allow
 * list, and still marks the process as filtered (Seccomp: 2).
 */
final class SeccompProfile {
  private SeccompProfile() {}

  static final int EPERM = 1;

  /** System calls refused, with Docker's default profile as the reference for what containers may do. */
  static final List<String> DENIED = List.of(
      "acct", "add_key", "bpf", "clock_adjtime", "clock_settime", "create_module", "delete_module",
      "finit_module", "fsconfig", "fsmount", "fsopen", "fspick", "get_kernel_syms", "init_module", "ioperm",
      "iopl", "kcmp", "kexec_file_load", "kexec_load", "keyctl", "lookup_dcookie", "mount", "mount_setattr",
      "move_mount", "name_to_handle_at", "nfsservctl", "open_by_handle_at", "open_tree", "perf_event_open",
      "pivot_root", "process_vm_readv", "process_vm_writev", "ptrace", "query_module", "quotactl", "reboot",
      "request_key", "setns", "settimeofday", "stime", "swapoff", "swapon", "sysfs", "_sysctl", "umount",
      "umount2", "unshare", "uselib", "userfaultfd", "ustat", "vm86", "vm86old");

  /** The OCI runtime spec's {@code linux.seccomp} object for a Debian architecture. */
  static Map<String, Object> forArch(String debianArch) {
    List<String> archs = switch (debianArch) {
      case "amd64" -> List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32");
      case "arm64" -> List.of("SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM");
      default -> List.of();
    };
    Map<String, Object> seccomp = new LinkedHashMap<>();
    seccomp.put("defaultAction", "SCMP_ACT_ALLOW");
    if (!archs.isEmpty()) {
      seccomp.put("architectures", archs);
    }
    Map<String, Object> deny = new LinkedHashMap<>();
    deny.put("names", DENIED);
    deny.put("action", "SCMP_ACT_ERRNO");
    deny.put("errnoRet", EPERM);
    seccomp.put("syscalls", List.of(deny));
    return seccomp;
  }
}
