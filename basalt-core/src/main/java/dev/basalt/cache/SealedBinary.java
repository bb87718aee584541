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
  /** The longest magic line {@link #intact} looks for. */
  public static final int MAX_MAGIC = 64;
  private static final String MAGIC_PREFIX = "basalt-";

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

  /**
   * Whether {@code sealed} is intact whatever its format: a magic line of basalt's (at most
   * {@link #MAX_MAGIC} bytes, starting with {@code basalt-}) and a CRC32C that holds. For
   * cache verification, which checks entries without knowing each format.
   */
  public static boolean intact(ByteBuffer sealed) {
    int limit = Math.min(sealed.limit(), MAX_MAGIC);
    for (int i = 0; i < limit; i++) {
      if (sealed.get(i) == '\n') {
        byte[] magic = new byte[i + 1];
        sealed.get(0, magic);
        return new String(magic, StandardCharsets.US_ASCII).startsWith(MAGIC_PREFIX)
            && open(sealed, magic) != null;
      }
    }
    return false;
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
