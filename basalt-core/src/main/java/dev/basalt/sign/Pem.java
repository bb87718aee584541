package dev.basalt.sign;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM blocks as Go's {@code encoding/pem} writes them: base64 in lines of 64 characters, every
 * line ending in a single LF whatever the platform, so that written keys are the same bytes
 * everywhere. Reading takes the first block and ignores text around it, as Go does.
 */
public record Pem(String type, byte[] bytes) {
  private static final int LINE_LENGTH = 64;
  private static final Pattern BLOCK = Pattern.compile(
      "-----BEGIN ([A-Z0-9 ]+)-----\\r?\\n(.*?)-----END \\1-----", Pattern.DOTALL);
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  public Pem {
    Objects.requireNonNull(type, "type == null");
    Objects.requireNonNull(bytes, "bytes == null");
    bytes = bytes.clone();
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Pem p && type.equals(p.type) && Arrays.equals(bytes, p.bytes);
  }

  @Override
  public int hashCode() {
    return 31 * type.hashCode() + Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "Pem[" + type + ", " + bytes.length + " bytes]";
  }

  /** The block as text. */
  public String encode() {
    StringBuilder out = new StringBuilder("-----BEGIN ").append(type).append("-----\n");
    String body = Base64.getEncoder().encodeToString(bytes);
    for (int i = 0; i < body.length(); i += LINE_LENGTH) {
      out.append(body, i, Math.min(body.length(), i + LINE_LENGTH)).append('\n');
    }
    return out.append("-----END ").append(type).append("-----\n").toString();
  }

  public byte[] encodeUtf8() {
    return encode().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The first PEM block in {@code text}.
   *
   * @param source names the text in error messages
   * @throws KeyException when there is no block or its body is not base64
   */
  public static Pem decode(String text, String source) throws KeyException {
    Objects.requireNonNull(text, "text == null");
    Matcher m = BLOCK.matcher(text);
    if (!m.find()) {
      throw new KeyException(source + " is not a PEM file: no '-----BEGIN ...-----' block in it");
    }
    String body = m.group(2);
    if (body.lines().anyMatch(line -> line.contains(":"))) {
      throw new KeyException(source + ": PEM headers (legacy OpenSSL encryption) are not supported;"
          + " convert the key to PKCS#8 or import it with 'cosign import-key-pair'");
    }
    try {
      return new Pem(m.group(1), Base64.getDecoder().decode(WHITESPACE.matcher(body).replaceAll("")));
    } catch (IllegalArgumentException e) {
      throw new KeyException(source + ": the " + m.group(1) + " block is not valid base64", e);
    }
  }
}
