package dev.basalt.testkit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a tar stream block by block without interpreting extensions, so tests see exactly what
 * was written: pax headers as entries of their own, every header field as its raw text.
 */
public final class RawTar {
  private RawTar() {}

  /** One 512-byte header and the data after it; text fields have their trailing NULs removed. */
  public record Header(
      String name, String mode, String uid, String gid, String size, String mtime, char type, String linkName,
      String magic, String version, String uname, String gname, String devMajor, String devMinor, String prefix,
      byte[] raw, byte[] data) {

    public String dataText() {
      return new String(data, StandardCharsets.UTF_8);
    }
  }

  /** The headers up to the end-of-archive marker; fails unless two zero blocks end the stream exactly. */
  public static List<Header> read(byte[] tar) {
    if (tar.length % 512 != 0) {
      throw new AssertionError("tar length " + tar.length + " is not a multiple of 512");
    }
    List<Header> headers = new ArrayList<>();
    int pos = 0;
    while (true) {
      byte[] block = Arrays.copyOfRange(tar, pos, pos + 512);
      if (isZero(block)) {
        if (pos + 1024 != tar.length || !isZero(Arrays.copyOfRange(tar, pos + 512, pos + 1024))) {
          throw new AssertionError("end of archive at " + pos + " is not two zero blocks ending the stream");
        }
        return headers;
      }
      String sizeField = field(block, 124, 12);
      int size = Integer.parseInt(sizeField.trim(), 8);
      byte[] data = Arrays.copyOfRange(tar, pos + 512, pos + 512 + size);
      headers.add(new Header(field(block, 0, 100), field(block, 100, 8), field(block, 108, 8), field(block, 116, 8),
          sizeField, field(block, 136, 12), (char) block[156], field(block, 157, 100), field(block, 257, 6),
          field(block, 263, 2), field(block, 265, 32), field(block, 297, 32), field(block, 329, 8),
          field(block, 337, 8), field(block, 345, 155), block, data));
      pos += 512 + (size + 511) / 512 * 512;
    }
  }

  private static String field(byte[] block, int off, int len) {
    int end = off + len;
    while (end > off && block[end - 1] == 0) {
      end--;
    }
    return new String(block, off, end - off, StandardCharsets.UTF_8);
  }

  private static boolean isZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }
}
