package dev.basalt.run;

import dev.basalt.BasaltException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How an unprivileged caller runs an image: in a user namespace where the caller is the
 * container's root and its subordinate ids ({@code /etc/subuid}, {@code /etc/subgid}, mapped by
 * the setuid helpers {@code newuidmap}/{@code newgidmap}, as podman does) are every other id, so
 * the image's own user (65532) exists inside. runc's rootless mode needs container root mapped
 * to the caller; one mapped id alone could not also hold the image's user.
 */
public record Rootless(long uid, long gid, Range uids, Range gids) {
  /** Where the subordinate id ranges are declared. */
  static final Path SUBUID = Path.of("/etc/subuid");
  static final Path SUBGID = Path.of("/etc/subgid");
  /** Ids 1..65536 inside: every id an image's account files normally use, nobody (65534) included. */
  static final long WANTED = 65536;
  /** Files are re-owned by {@code chown} inside the same mapping; this many paths per call. */
  private static final int BATCH = 400;

  /** A block of subordinate ids: {@code count} host ids from {@code start}. */
  public record Range(long start, long count) {}

  /**
   * The mapping for the calling user, or an error saying exactly what is missing: the setuid
   * helpers, or a subordinate range large enough for {@code imageUid}/{@code imageGid}.
   */
  static Rootless forCaller(long imageUid, long imageGid) throws RunException {
    long uid = effectiveId("Uid:");
    long gid = effectiveId("Gid:");
    String name = userName(uid);
    for (String tool : List.of("newuidmap", "newgidmap", "unshare")) {
      if (ContainerRunner.which(tool) == null) {
        throw new RunException("basalt run as an unprivileged user needs " + tool + " (Debian: apt-get install "
            + (tool.equals("unshare") ? "util-linux" : "uidmap") + "), or run it as root", BasaltException.EXIT_FAILURE);
      }
    }
    Range uids = range(SUBUID, name, uid);
    Range gids = range(SUBGID, name, uid);
    if (uids == null || gids == null) {
      throw new RunException("basalt run as an unprivileged user needs subordinate ids for " + name + " (uid " + uid
          + ") in " + (uids == null ? SUBUID : SUBGID) + ", e.g. as root: usermod --add-subuids 100000-165535"
          + " --add-subgids 100000-165535 " + name, BasaltException.EXIT_FAILURE);
    }
    Rootless r = new Rootless(uid, gid, uids, gids);
    if (!r.mapsUid(imageUid) || !r.mapsGid(imageGid)) {
      throw new RunException("the image runs as " + imageUid + ":" + imageGid + ", outside the " + uids.count() + " uids / "
          + gids.count() + " gids subordinate to " + name + "; widen its ranges in " + SUBUID + " and " + SUBGID,
          BasaltException.EXIT_FAILURE);
    }
    return r;
  }

  /** Container ids 1.. are host ids from the subordinate ranges; container root is the caller. */
  boolean mapsUid(long id) {
    return id == 0 || id <= Math.min(uids.count(), WANTED);
  }

  boolean mapsGid(long id) {
    return id == 0 || id <= Math.min(gids.count(), WANTED);
  }

  /** runc's {@code linux.uidMappings} / {@code gidMappings}. */
  List<Map<String, Object>> uidMappings() {
    return mappings(uid, uids);
  }

  List<Map<String, Object>> gidMappings() {
    return mappings(gid, gids);
  }

  private static List<Map<String, Object>> mappings(long self, Range sub) {
    return List.of(ContainerRunner.map("containerID", 0L, "hostID", self, "size", 1L),
        ContainerRunner.map("containerID", 1L, "hostID", sub.start(), "size", Math.min(sub.count(), WANTED)));
  }

  /** Part of the unpack cache's key: the same layers unpacked for another mapping are owned differently. */
  String cacheKey() {
    return "rootless " + uid + ":" + gid + " " + uids.start() + "+" + uids.count() + " " + gids.start() + "+" + gids.count();
  }

  /**
   * Gives each path the image's owner, as seen inside the container: {@code chown} (and
   * {@code chmod}, since a chown drops setuid/setgid bits) run in a user namespace with this
   * mapping, where the caller may hand its files to its subordinate ids.
   */
  void chown(List<RootfsWriter.Owned> owned) throws IOException {
    Map<String, List<String>> byOwner = new TreeMap<>();
    Map<String, List<String>> byMode = new TreeMap<>();
    for (RootfsWriter.Owned o : owned) {
      byOwner.computeIfAbsent(o.uid() + ":" + o.gid(), k -> new ArrayList<>()).add(o.path().toString());
      if ((o.mode() & 07000) != 0 && !o.symlink()) {
        byMode.computeIfAbsent(Integer.toOctalString(o.mode() & 07777), k -> new ArrayList<>()).add(o.path().toString());
      }
    }
    for (Map.Entry<String, List<String>> e : byOwner.entrySet()) {
      inBatches(List.of("chown", "-h", e.getKey(), "--"), e.getValue());
    }
    for (Map.Entry<String, List<String>> e : byMode.entrySet()) {
      inBatches(List.of("chmod", e.getKey(), "--"), e.getValue());
    }
  }

  private void inBatches(List<String> tool, List<String> paths) throws IOException {
    for (int i = 0; i < paths.size(); i += BATCH) {
      List<String> command = inNamespace();
      command.addAll(tool);
      command.addAll(paths.subList(i, Math.min(paths.size(), i + BATCH)));
      run(command);
    }
  }

  /** Removes a tree the caller cannot delete alone once parts of it belong to subordinate ids. */
  void deleteTree(Path dir) throws IOException {
    List<String> command = inNamespace();
    command.addAll(List.of("rm", "-rf", "--", dir.toString()));
    run(command);
  }

  private List<String> inNamespace() {
    return new ArrayList<>(List.of("unshare", "--map-root-user",
        "--map-users=" + uids.start() + ",1," + Math.min(uids.count(), WANTED),
        "--map-groups=" + gids.start() + ",1," + Math.min(gids.count(), WANTED)));
  }

  private static void run(List<String> command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(
        new java.io.File("/dev/null"))).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    try {
      int code = p.waitFor();
      if (code != 0) {
        throw new IOException("setting owners in a user namespace failed (" + command.get(0) + " exit " + code + "): "
            + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while setting owners", e);
    }
  }

  /**
   * The first range in a {@code name:start:count} file for the user, matched by name or uid as
   * newuidmap does; null when there is none.
   */
  static Range range(Path file, String name, long uid) throws RunException {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String[] f = line.trim().split(":");
        if (f.length != 3 || !(f[0].equals(name) || f[0].equals(Long.toString(uid)))) {
          continue;
        }
        try {
          long start = Long.parseLong(f[1]);
          long count = Long.parseLong(f[2]);
          if (start > 0 && count > 0) {
            return new Range(start, count);
          }
        } catch (NumberFormatException e) {
          // newuidmap skips such a line too
        }
      }
      return null;
    } catch (IOException e) {
      throw new RunException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** The effective id from {@code /proc/self/status} ({@code Uid:}/{@code Gid:} real, effective, saved, fs). */
  static long effectiveId(String field) throws RunException {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8)) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[1]);
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new RunException("cannot read this process's ids from /proc/self/status: " + e.getMessage(),
          BasaltException.EXIT_FAILURE);
    }
    throw new RunException("/proc/self/status has no " + field + " line", BasaltException.EXIT_FAILURE);
  }

  private static String userName(long uid) {
    try {
      for (String line : Files.readAllLines(Path.of("/etc/passwd"), StandardCharsets.UTF_8)) {
        String[] f = line.split(":");
        if (f.length > 2 && f[2].equals(Long.toString(uid))) {
          return f[0];
        }
      }
    } catch (IOException e) {
      // fall back to the uid: newuidmap matches numeric entries too
    }
    return Long.toString(uid);
  }
}
