package dev.basalt.cache;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The format of basalt's derived cache files (parsed indexes, unpacked package listings): a
 * magic line naming the format and version, a body, and a CRC32C over both. A file whose magic
 * or checksum is wrong is rebuilt from its verified source, never used. Strings are a 4-byte
 * length (-1 for null) and UTF-8 bytes.
 */
public final class SealedBinary {
  private static final int CRC_LENGTH = Long.BYTES;

  private SealedBinary() {}

  /** {@code content} (which starts with the magic) followed by its CRC32C. */
  public static byte[] seal(byte[] content) {
    CRC32C crc = new CRC32C();
    crc.update(content);
    byte[] sealed = Arrays.copyOf(content, content.length + CRC_LENGTH);
    ByteBuffer.wrap(sealed).putLong(content.length, crc.getValue());
    return sealed;
  }

  /**
   * The body of a sealed file (after the magic, before the checksum) as a buffer of its own,
   * or null when the magic or the checksum is wrong.
   */
  public static ByteBuffer open(ByteBuffer sealed, byte[] magic) {
    int body = sealed.limit() - CRC_LENGTH;
    if (body < magic.length) {
      return null;
    }
    byte[] head = new byte[magic.length];
    sealed.get(0, head);
    if (!Arrays.equals(head, magic)) {
      return null;
    }
    CRC32C crc = new CRC32C();
    crc.update(sealed.duplicate().position(0).limit(body));
    if (crc.getValue() != sealed.getLong(body)) {
      return null;
    }
    return sealed.duplicate().position(magic.length).limit(body).slice();
  }

  public static void writeString(DataOutputStream out, String s) throws IOException {
    if (s == null) {
      out.writeInt(-1);
      return;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  public static String readString(ByteBuffer buf) {
    int n = buf.getInt();
    if (n == -1) {
      return null;
    }
    if (n < 0 || n > buf.remaining()) {
      throw new IllegalArgumentException("bad string length " + n);
    }
    byte[] b = new byte[n];
    buf.get(b);
    return new String(b, StandardCharsets.UTF_8);
  }
}
