package dev.basalt.sbom;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Document identities derived from what the document describes, so that the same image, format
 * and basalt version always give the same SPDX namespace and CycloneDX serial number, and any
 * other combination a different one. Name-based UUIDs of version 5 (RFC 4122 4.3, SHA-1) are
 * what SPDX suggests for namespaces; the JDK makes only version 3.
 */
final class DocumentIds {
  /** RFC 4122 appendix C: the namespace for names that are URLs, as a purl is. */
  static final UUID URL_NAMESPACE = UUID.fromString("6ba7b811-9dad-11d1-80b4-00c04fd430c8");

  private DocumentIds() {}

  /** The UUID of one document: the image's purl, then the format and the tool that wrote it. */
  static UUID of(SbomInput input, String format, String toolVersion) {
    return nameBased(URL_NAMESPACE, input.imagePurl() + "#" + format + "/basalt-" + toolVersion);
  }

  static UUID nameBased(UUID namespace, String name) {
    MessageDigest sha1;
    try {
      sha1 = MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-1", e);
    }
    sha1.update(ByteBuffer.allocate(16)
        .putLong(namespace.getMostSignificantBits())
        .putLong(namespace.getLeastSignificantBits())
        .array());
    byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
    hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
    hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
    ByteBuffer b = ByteBuffer.wrap(hash, 0, 16);
    return new UUID(b.getLong(), b.getLong());
  }
}
