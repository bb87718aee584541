package dev.basalt.effects;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UTFDataFormatException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;

/**
 * Writes a JKS keystore of trusted certificates, the format Debian keeps
 * {@code /etc/ssl/certs/java/cacerts} in, with the bytes the JDK's own JKS {@code store} gives
 * for the same entries in the same order. JKS has no salt and no nonce, so the bytes depend on
 * nothing but the entries, their creation date and the password; the JDK's PKCS12 would not do.
 */
final class JksWriter {
  static final int MAGIC = 0xFEEDFEED;
  static final int VERSION = 2;
  static final int TRUSTED_CERT_TAG = 2;
  static final String CERT_TYPE = "X.509";
  /** The fixed text the JDK hashes between the password and the keystore bytes. */
  static final String WHITENER = "Mighty Aphrodite";

  private JksWriter() {}

  /**
   * The keystore holding each DER certificate under its alias, in the map's order, all created
   * at {@code createdMillis}, its integrity digest keyed with {@code password}.
   *
   * @throws IllegalArgumentException for an alias that is not lower case: the JDK lower-cases the
   *     alias it looks up, so it would never find one stored otherwise
   */
  static byte[] write(SortedMap<String, byte[]> certificates, char[] password, long createdMillis) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    MessageDigest sha1 = keyedDigest(password);
    try (DataOutputStream out = new DataOutputStream(new DigestOutputStream(bytes, sha1))) {
      out.writeInt(MAGIC);
      out.writeInt(VERSION);
      out.writeInt(certificates.size());
      for (Map.Entry<String, byte[]> e : certificates.entrySet()) {
        String alias = e.getKey();
        if (!alias.equals(alias.toLowerCase(Locale.ENGLISH))) {
          throw new IllegalArgumentException("JKS alias is not lower case: " + alias);
        }
        out.writeInt(TRUSTED_CERT_TAG);
        out.writeUTF(alias);
        out.writeLong(createdMillis);
        out.writeUTF(CERT_TYPE);
        out.writeInt(e.getValue().length);
        out.write(e.getValue());
      }
      out.flush();
      bytes.write(sha1.digest());
    } catch (UTFDataFormatException e) {
      throw new IllegalArgumentException("JKS alias longer than the 65535 bytes the format allows", e);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory failed", e);
    }
    return bytes.toByteArray();
  }

  /** SHA-1 primed as the JDK primes it: each password char as two bytes, high first, then the whitener. */
  static MessageDigest keyedDigest(char[] password) {
    MessageDigest sha1;
    try {
      sha1 = MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-1", e);
    }
    byte[] key = new byte[password.length * 2];
    for (int i = 0; i < password.length; i++) {
      key[2 * i] = (byte) (password[i] >> 8);
      key[2 * i + 1] = (byte) password[i];
    }
    sha1.update(key);
    sha1.update(WHITENER.getBytes(StandardCharsets.UTF_8));
    return sha1;
  }
}
