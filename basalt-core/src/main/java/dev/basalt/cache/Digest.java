package dev.basalt.cache;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/** A SHA-256 content digest, written {@code sha256:<64 lowercase hex>} as OCI does. */
public record Digest(String hex) implements Comparable<Digest> {
  public static final String ALGORITHM = "sha256";
  private static final int HEX_LENGTH = 64;

  public Digest {
    Objects.requireNonNull(hex, "hex == null");
    if (hex.length() != HEX_LENGTH || !hex.chars().allMatch(Digest::isLowerHex)) {
      throw new IllegalArgumentException("not a sha256 hex digest: " + hex);
    }
  }

  /** Parses {@code sha256:<hex>} or bare hex; upper-case hex is accepted and normalised. */
  public static Digest parse(String text) {
    Objects.requireNonNull(text, "text == null");
    String hex = text.startsWith(ALGORITHM + ":") ? text.substring(ALGORITHM.length() + 1) : text;
    return new Digest(hex.toLowerCase(Locale.ROOT));
  }

  public static Digest of(byte[] bytes) {
    return new Digest(HexFormat.of().formatHex(newSha256().digest(bytes)));
  }

  public static Digest fromBytes(byte[] sha256) {
    return new Digest(HexFormat.of().formatHex(sha256));
  }

  public static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static boolean isLowerHex(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  }

  @Override
  public int compareTo(Digest other) {
    return hex.compareTo(other.hex);
  }

  // equals and hashCode written out: a record's generated ones are linked through invokedynamic
  // on first use, which in a fresh JVM costs tens of milliseconds, and digests are compared
  // from a command's first steps on.
  @Override
  public boolean equals(Object o) {
    return o instanceof Digest d && hex.equals(d.hex);
  }

  @Override
  public int hashCode() {
    return hex.hashCode();
  }

  @Override
  public String toString() {
    return ALGORITHM + ":" + hex;
  }
}
