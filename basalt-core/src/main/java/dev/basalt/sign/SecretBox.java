package dev.basalt.sign;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * NaCl {@code crypto_secretbox} (XSalsa20-Poly1305), the cipher of sigstore's encrypted private
 * keys, with its wire layout: the 16-byte Poly1305 tag first, then the ciphertext. The first 32
 * bytes of the XSalsa20 keystream are the one-time Poly1305 key; the message is encrypted with the
 * keystream from byte 32 on.
 */
public final class SecretBox {
  public static final int KEY_BYTES = 32;
  public static final int NONCE_BYTES = 24;
  public static final int TAG_BYTES = 16;
  private static final int POLY1305_KEY_BYTES = 32;

  private SecretBox() {}

  /** {@code tag || ciphertext} of {@code message}. */
  public static byte[] seal(byte[] message, byte[] nonce, byte[] key) {
    Objects.requireNonNull(message, "message == null");
    XSalsa20Engine stream = stream(nonce, key);
    byte[] macKey = keystream(stream);
    byte[] box = new byte[TAG_BYTES + message.length];
    stream.processBytes(message, 0, message.length, box, TAG_BYTES);
    byte[] tag = tag(macKey, box, TAG_BYTES, message.length);
    System.arraycopy(tag, 0, box, 0, TAG_BYTES);
    Arrays.fill(macKey, (byte) 0);
    return box;
  }

  /** The message in {@code box}, or empty when the tag does not match (wrong key, or altered box). */
  public static Optional<byte[]> open(byte[] box, byte[] nonce, byte[] key) {
    Objects.requireNonNull(box, "box == null");
    if (box.length < TAG_BYTES) {
      return Optional.empty();
    }
    XSalsa20Engine stream = stream(nonce, key);
    byte[] macKey = keystream(stream);
    int length = box.length - TAG_BYTES;
    byte[] expected = tag(macKey, box, TAG_BYTES, length);
    Arrays.fill(macKey, (byte) 0);
    if (!MessageDigest.isEqual(expected, Arrays.copyOf(box, TAG_BYTES))) {
      return Optional.empty();
    }
    byte[] message = new byte[length];
    stream.processBytes(box, TAG_BYTES, length, message, 0);
    return Optional.of(message);
  }

  private static XSalsa20Engine stream(byte[] nonce, byte[] key) {
    Objects.requireNonNull(nonce, "nonce == null");
    Objects.requireNonNull(key, "key == null");
    if (key.length != KEY_BYTES) {
      throw new IllegalArgumentException("secretbox key must be " + KEY_BYTES + " bytes, not " + key.length);
    }
    if (nonce.length != NONCE_BYTES) {
      throw new IllegalArgumentException("secretbox nonce must be " + NONCE_BYTES + " bytes, not " + nonce.length);
    }
    XSalsa20Engine engine = new XSalsa20Engine();
    engine.init(true, new ParametersWithIV(new KeyParameter(key), nonce));
    return engine;
  }

  private static byte[] keystream(XSalsa20Engine stream) {
    byte[] out = new byte[POLY1305_KEY_BYTES];
    stream.processBytes(new byte[POLY1305_KEY_BYTES], 0, POLY1305_KEY_BYTES, out, 0);
    return out;
  }

  private static byte[] tag(byte[] macKey, byte[] data, int offset, int length) {
    Poly1305 mac = new Poly1305();
    mac.init(new KeyParameter(macKey));
    mac.update(data, offset, length);
    byte[] tag = new byte[TAG_BYTES];
    mac.doFinal(tag, 0);
    return tag;
  }
}
