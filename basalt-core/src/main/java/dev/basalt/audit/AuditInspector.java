package dev.basalt.audit;

import dev.basalt.fs.Paths;
import dev.basalt.image.DpkgStatus;
import dev.basalt.image.FileInspector;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the rules need of file contents, taken as the layers stream past: the account, release
 * and package-status files whole, and a mark on files that hold a private key or that are a
 * busybox with a shell applet.
 */
public final class AuditInspector implements FileInspector {
  public static final String MARK_PRIVATE_KEY = "private-key";
  public static final String MARK_BUSYBOX_SHELL = "busybox-shell";

  /** Files kept whole (up to {@link #MAX_KEPT} bytes). */
  static final Set<String> KEPT = Set.of("/etc/passwd", "/etc/shadow", "/etc/group", "/etc/gshadow",
      "/etc/os-release", "/usr/lib/os-release", "/etc/debian_version");
  static final int MAX_KEPT = 16 << 20;
  /** Files larger than this are not searched for keys: keys are small, and big files are binaries. */
  static final int MAX_SCANNED = 1 << 20;
  private static final Pattern PRIVATE_KEY_HEADER =
      Pattern.compile("-----BEGIN ((RSA|DSA|EC|OPENSSH|ENCRYPTED|PGP|SSH2 ENCRYPTED) )?PRIVATE KEY( BLOCK)?-----");
  private static final byte[] BEGIN = "-----BEGIN ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ASH = "\0ash\0".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SH = "\0sh\0".getBytes(StandardCharsets.US_ASCII);
  private static final int BUSYBOX_MAX = 8 << 20;

  /** Bump when what is kept or marked changes: cached layers of the old kind are then read again. */
  static final String CACHE_KEY = "audit-1";

  @Override
  public String cacheKey() {
    return CACHE_KEY;
  }

  @Override
  public Inspection inspect(String path, long size, InputStream in) throws IOException {
    boolean keep = KEPT.contains(path) || DpkgStatus.isStatusFile(path);
    boolean busybox = Paths.name(path).equals("busybox");
    if (keep && size <= MAX_KEPT) {
      byte[] bytes = in.readNBytes((int) size);
      return new Inspection(marks(bytes), bytes);
    }
    if (busybox && size <= BUSYBOX_MAX) {
      byte[] bytes = in.readNBytes((int) size);
      boolean shell = indexOf(bytes, ASH, 0) >= 0 || indexOf(bytes, SH, 0) >= 0;
      return new Inspection(shell ? Set.of(MARK_BUSYBOX_SHELL) : Set.of(), null);
    }
    if (size <= 0 || size > MAX_SCANNED) {
      return Inspection.NOTHING;
    }
    byte[] head = in.readNBytes(4);
    if (head.length == 4 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F') {
      return Inspection.NOTHING;
    }
    byte[] rest = in.readNBytes((int) size - head.length);
    byte[] bytes = new byte[head.length + rest.length];
    System.arraycopy(head, 0, bytes, 0, head.length);
    System.arraycopy(rest, 0, bytes, head.length, rest.length);
    Set<String> marks = marks(bytes);
    return marks.isEmpty() ? Inspection.NOTHING : new Inspection(marks, null);
  }

  /** The marks that {@code bytes}' content earns. */
  static Set<String> marks(byte[] bytes) {
    Set<String> marks = new HashSet<>();
    if (hasPrivateKey(bytes)) {
      marks.add(MARK_PRIVATE_KEY);
    }
    return marks;
  }

  static boolean hasPrivateKey(byte[] bytes) {
    int at = indexOf(bytes, BEGIN, 0);
    while (at >= 0) {
      int end = Math.min(bytes.length, at + 64);
      String header = new String(bytes, at, end - at, StandardCharsets.ISO_8859_1);
      if (PRIVATE_KEY_HEADER.matcher(header).lookingAt()) {
        return true;
      }
      at = indexOf(bytes, BEGIN, at + 1);
    }
    return false;
  }

  static int indexOf(byte[] haystack, byte[] needle, int from) {
    byte first = needle[0];
    int last = haystack.length - needle.length;
    outer:
    for (int i = from; i <= last; i++) {
      if (haystack[i] != first) {
        continue;
      }
      for (int j = 1; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
