package dev.basalt.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How an image is meant to run: as its unprivileged user, on a read-only root with a private
 * {@code /tmp}, without capabilities or privilege escalation, under the runtime's default
 * seccomp filter. Rendered as a Kubernetes Pod that satisfies Pod Security "restricted", as
 * {@code podman run} / {@code docker run} flags, and as a one-line summary for annotations.
 * {@code root} is set only for an image whose spec allows it; the profile then says so.
 */
public record RuntimeProfile(String name, String image, long uid, long gid, boolean root, List<String> writable) {
  public static final String ANNOTATION = "dev.basalt.runtime.profile";
  /** The size of the private /tmp the engines are told to mount. */
  static final String TMPFS_SIZE = "64m";

  public RuntimeProfile {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(image, "image == null");
    writable = List.copyOf(writable);
    if (!root && uid == 0) {
      throw new IllegalArgumentException("uid 0 is root; say root = true");
    }
  }

  /**
   * uid and gid from a numeric {@code User} ({@code uid} or {@code uid:gid}; basalt's accounts
   * have a group of the same id, so a missing gid is the uid), or null when it is not numeric.
   */
  static long[] numericIds(String user) {
    String[] parts = (user == null ? "" : user.trim()).split(":", 2);
    if (!parts[0].matches("[0-9]{1,10}") || (parts.length == 2 && !parts[1].matches("[0-9]{1,10}"))) {
      return null;
    }
    long uid = Long.parseLong(parts[0]);
    return new long[] {uid, parts.length == 2 ? Long.parseLong(parts[1]) : uid};
  }

  /** The profile for an image whose config runs as {@code uid:gid}; /tmp is its one writable place. */
  public static RuntimeProfile of(String name, String image, long uid, long gid) {
    return new RuntimeProfile(name, image, uid, gid, uid == 0, List.of("/tmp"));
  }

  /** E.g. {@code runAsNonRoot=true,runAsUser=65532,...} for an image annotation. */
  public String summary() {
    return "runAsNonRoot=" + !root + ",runAsUser=" + uid + ",runAsGroup=" + gid
        + ",readOnlyRootFilesystem=true,allowPrivilegeEscalation=false,capabilities=drop:ALL,seccomp=RuntimeDefault"
        + ",writable=" + String.join(":", writable);
  }

  /** A Pod manifest (YAML) with the container's and the pod's security contexts. */
  public String kubernetes() {
    StringBuilder y = new StringBuilder();
    y.append("# Runtime profile of ").append(name).append(" (basalt): Pod Security \"restricted\"\n");
    y.append("# podman: ").append(String.join(" ", engineArgs("podman"))).append('\n');
    y.append("# docker: ").append(String.join(" ", engineArgs("docker"))).append('\n');
    y.append("apiVersion: v1\nkind: Pod\nmetadata:\n  name: ").append(name).append('\n');
    y.append("spec:\n  securityContext:\n");
    identity(y, "    ");
    y.append("    seccompProfile:\n      type: RuntimeDefault\n");
    y.append("  containers:\n    - name: ").append(name).append("\n      image: ").append(image).append('\n');
    y.append("      securityContext:\n");
    identity(y, "        ");
    y.append("        allowPrivilegeEscalation: false\n");
    y.append("        readOnlyRootFilesystem: true\n");
    y.append("        capabilities:\n          drop: [\"ALL\"]\n");
    y.append("        seccompProfile:\n          type: RuntimeDefault\n");
    y.append("      volumeMounts:\n");
    for (int i = 0; i < writable.size(); i++) {
      y.append("        - name: writable-").append(i).append("\n          mountPath: ").append(writable.get(i)).append('\n');
    }
    y.append("  volumes:\n");
    for (int i = 0; i < writable.size(); i++) {
      y.append("    - name: writable-").append(i).append("\n      emptyDir: {}\n");
    }
    return y.toString();
  }

  private void identity(StringBuilder y, String indent) {
    y.append(indent).append("runAsNonRoot: ").append(!root).append('\n');
    y.append(indent).append("runAsUser: ").append(uid).append('\n');
    y.append(indent).append("runAsGroup: ").append(gid).append('\n');
  }

  /** {@code podman run} or {@code docker run} with the profile's flags, up to the image. */
  public List<String> engineArgs(String engine) {
    List<String> args = new ArrayList<>(List.of(engine, "run", "--rm", "--user", uid + ":" + gid, "--read-only"));
    for (String w : writable) {
      args.add("--tmpfs");
      args.add(w + ":rw,nosuid,nodev,size=" + TMPFS_SIZE);
    }
    args.addAll(List.of("--cap-drop=ALL", "--security-opt=no-new-privileges"));
    // Both engines apply their default seccomp filter unless told otherwise: nothing to add.
    args.add(image);
    return args;
  }
}
