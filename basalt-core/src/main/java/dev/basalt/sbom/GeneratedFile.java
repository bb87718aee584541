package dev.basalt.sbom;

import dev.basalt.cache.Digest;
import dev.basalt.fs.Content;
import dev.basalt.fs.FileEntry;
import dev.basalt.fs.FileTree;
import dev.basalt.fs.Paths;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A regular file basalt made (CA bundle, passwd, ld.so.cache...) that no package owns, so no
 * package entry accounts for it. SPDX 2.3 requires a SHA-1 for every file (clause 8.4), hence
 * both digests.
 *
 * @param sha1 40 lower-case hex digits
 */
public record GeneratedFile(String path, Digest sha256, String sha1) {
  private static final Pattern SHA1_HEX = Pattern.compile("[0-9a-f]{40}");

  public GeneratedFile {
    Objects.requireNonNull(path, "path == null");
    if (!isFilePath(path)) {
      throw new IllegalArgumentException("not a normalised absolute file path: " + path);
    }
    Objects.requireNonNull(sha256, "sha256 == null");
    Objects.requireNonNull(sha1, "sha1 == null");
    if (!SHA1_HEX.matcher(sha1).matches()) {
      throw new IllegalArgumentException("not a sha1 hex digest: " + sha1);
    }
  }

  /** Digests {@code content} in one streaming pass; its SHA-256 must be the one it claims. */
  public static GeneratedFile of(String path, Content content) throws IOException {
    MessageDigest sha256 = Digest.newSha256();
    MessageDigest sha1 = newSha1();
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = content.open()) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        sha256.update(buffer, 0, n);
        sha1.update(buffer, 0, n);
      }
    }
    Digest actual = Digest.fromBytes(sha256.digest());
    if (!actual.equals(content.digest())) {
      throw new IOException(path + ": content is " + actual + " but claims to be " + content.digest());
    }
    return new GeneratedFile(path, actual, HexFormat.of().formatHex(sha1.digest()));
  }

  public static GeneratedFile of(String path, byte[] bytes) {
    return new GeneratedFile(path, Digest.of(bytes), HexFormat.of().formatHex(newSha1().digest(bytes)));
  }

  /** Every regular file of the tree that no package owns ({@link FileEntry#owner()} null), by path. */
  public static List<GeneratedFile> fromTree(FileTree tree) throws IOException {
    List<GeneratedFile> files = new ArrayList<>();
    for (FileEntry e : tree.entries()) {
      if (e instanceof FileEntry.RegularFile f && f.owner() == null) {
        files.add(of(f.path(), f.content()));
      }
    }
    return files;
  }

  private static boolean isFilePath(String path) {
    try {
      return path.startsWith("/") && !path.equals("/") && Paths.normalize(path).equals(path);
    } catch (IllegalArgumentException climbsOrHoldsNul) {
      return false;
    }
  }

  private static MessageDigest newSha1() {
    try {
      return MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-1", e);
    }
  }
}
