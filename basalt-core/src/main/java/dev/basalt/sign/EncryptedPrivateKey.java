package dev.basalt.sign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.crypto.generators.SCrypt;

/**
 * A secret sealed with a password the way sigstore seals private keys (go-securesystemslib's
 * {@code encrypted} package, used by cosign): key = scrypt(password, 32-byte salt), then NaCl
 * secretbox with a random 24-byte nonce. Its JSON is what an {@code ENCRYPTED SIGSTORE PRIVATE KEY}
 * PEM block holds: {@code {"kdf":{"name":"scrypt","params":{"N":..,"r":..,"p":..},"salt":..},
 * "cipher":{"name":"nacl/secretbox","nonce":..},"ciphertext":..}}, members in that order, byte
 * strings in padded standard base64.
 */
public record EncryptedPrivateKey(ScryptParams kdf, byte[] salt, byte[] nonce, byte[] ciphertext) {
  public static final String SIGSTORE_PEM_TYPE = "ENCRYPTED SIGSTORE PRIVATE KEY";
  /** What cosign wrote before it switched to the sigstore label; still read. */
  public static final String COSIGN_PEM_TYPE = "ENCRYPTED COSIGN PRIVATE KEY";
  public static final String KDF_NAME = "scrypt";
  public static final String CIPHER_NAME = "nacl/secretbox";
  public static final int SALT_BYTES = 32;
  private static final String WHAT = "encrypted private key";

  /**
   * scrypt cost parameters. Reading accepts any the file states within {@link #MAX_MEMORY_BYTES},
   * so a file cannot make the reader allocate without bound.
   */
  public record ScryptParams(int n, int r, int p) {
    /** go-securesystemslib's "legacy" strength: what cosign wrote up to 2023. */
    public static final ScryptParams LEGACY = new ScryptParams(32768, 8, 1);
    /** go-securesystemslib's default ("standard"): what cosign writes since. basalt writes these. */
    public static final ScryptParams STANDARD = new ScryptParams(65536, 8, 1);
    /** go-securesystemslib's "OWASP" strength. */
    public static final ScryptParams OWASP = new ScryptParams(131072, 8, 1);
    /** scrypt needs 128·r·N bytes; 256 MiB is twice what the strongest sigstore setting needs. */
    public static final long MAX_MEMORY_BYTES = 256L << 20;
    private static final int MAX_P = 16;

    public ScryptParams {
      if (n < 2 || Integer.bitCount(n) != 1) {
        throw new IllegalArgumentException("scrypt N must be a power of two above 1, not " + n);
      }
      if (r < 1 || p < 1 || p > MAX_P) {
        throw new IllegalArgumentException("scrypt r must be at least 1 and p between 1 and " + MAX_P
            + ", not r=" + r + " p=" + p);
      }
      if (128L * r * n > MAX_MEMORY_BYTES) {
        throw new IllegalArgumentException("scrypt N=" + n + " r=" + r + " needs more than "
            + (MAX_MEMORY_BYTES >> 20) + " MiB");
      }
    }
  }

  public EncryptedPrivateKey {
    Objects.requireNonNull(kdf, "kdf == null");
    Objects.requireNonNull(salt, "salt == null");
    Objects.requireNonNull(nonce, "nonce == null");
    Objects.requireNonNull(ciphertext, "ciphertext == null");
    if (nonce.length != SecretBox.NONCE_BYTES) {
      throw new IllegalArgumentException("nonce must be " + SecretBox.NONCE_BYTES + " bytes, not " + nonce.length);
    }
    if (salt.length == 0) {
      throw new IllegalArgumentException("salt is empty");
    }
    salt = salt.clone();
    nonce = nonce.clone();
    ciphertext = ciphertext.clone();
  }

  /** Seals {@code secret} under {@code password} with a fresh salt and nonce. */
  public static EncryptedPrivateKey encrypt(byte[] secret, char[] password, ScryptParams kdf, SecureRandom random) {
    Objects.requireNonNull(secret, "secret == null");
    Objects.requireNonNull(random, "random == null");
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    byte[] nonce = new byte[SecretBox.NONCE_BYTES];
    random.nextBytes(nonce);
    byte[] key = deriveKey(password, salt, kdf);
    try {
      return new EncryptedPrivateKey(kdf, salt, nonce, SecretBox.seal(secret, nonce, key));
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /**
   * The sealed secret.
   *
   * @param source names the key in the error message
   * @throws WrongPasswordException when the secretbox does not open with this password
   */
  public byte[] decrypt(char[] password, String source) throws WrongPasswordException {
    byte[] key = deriveKey(password, salt, kdf);
    try {
      return SecretBox.open(ciphertext, nonce, key).orElseThrow(() -> new WrongPasswordException(source));
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  private static byte[] deriveKey(char[] password, byte[] salt, ScryptParams kdf) {
    Objects.requireNonNull(password, "password == null");
    ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
    byte[] passwordBytes = new byte[encoded.remaining()];
    encoded.get(passwordBytes);
    Arrays.fill(encoded.array(), (byte) 0);
    try {
      return SCrypt.generate(passwordBytes, salt, kdf.n(), kdf.r(), kdf.p(), SecretBox.KEY_BYTES);
    } finally {
      Arrays.fill(passwordBytes, (byte) 0);
    }
  }

  /** The JSON document, member for member as go-securesystemslib marshals it. */
  public byte[] toJson() {
    ObjectNode params = SignJson.object();
    params.put("N", kdf.n());
    params.put("r", kdf.r());
    params.put("p", kdf.p());
    ObjectNode kdfNode = SignJson.object();
    kdfNode.put("name", KDF_NAME);
    kdfNode.set("params", params);
    kdfNode.put("salt", SignJson.base64(salt));
    ObjectNode cipher = SignJson.object();
    cipher.put("name", CIPHER_NAME);
    cipher.put("nonce", SignJson.base64(nonce));
    ObjectNode root = SignJson.object();
    root.set("kdf", kdfNode);
    root.set("cipher", cipher);
    root.put("ciphertext", SignJson.base64(ciphertext));
    return SignJson.goBytes(root);
  }

  /** The {@code ENCRYPTED SIGSTORE PRIVATE KEY} block holding {@link #toJson()}. */
  public Pem toPem() {
    return new Pem(SIGSTORE_PEM_TYPE, toJson());
  }

  /**
   * Parses the JSON document of an encrypted key.
   *
   * @param source names the key in error messages
   * @throws KeyException when the document is malformed, or names another KDF or cipher, or
   *     scrypt parameters beyond {@link ScryptParams#MAX_MEMORY_BYTES}
   */
  public static EncryptedPrivateKey fromJson(byte[] json, String source) throws KeyException {
    try {
      JsonNode root = SignJson.parse(json, WHAT);
      JsonNode kdfNode = SignJson.requireObject(root, "kdf", WHAT);
      JsonNode cipher = SignJson.requireObject(root, "cipher", WHAT);
      String kdfName = SignJson.requireText(kdfNode, "name", WHAT + " kdf");
      String cipherName = SignJson.requireText(cipher, "name", WHAT + " cipher");
      if (!KDF_NAME.equals(kdfName)) {
        throw new KeyException(source + ": unsupported key derivation '" + kdfName + "'; expected " + KDF_NAME);
      }
      if (!CIPHER_NAME.equals(cipherName)) {
        throw new KeyException(source + ": unsupported cipher '" + cipherName + "'; expected " + CIPHER_NAME);
      }
      JsonNode params = SignJson.requireObject(kdfNode, "params", WHAT + " kdf");
      ScryptParams scrypt = scryptParams(params, source);
      byte[] salt = SignJson.fromBase64(SignJson.requireText(kdfNode, "salt", WHAT + " kdf"), "kdf salt");
      byte[] nonce = SignJson.fromBase64(SignJson.requireText(cipher, "nonce", WHAT + " cipher"), "cipher nonce");
      byte[] ciphertext = SignJson.fromBase64(SignJson.requireText(root, "ciphertext", WHAT), "ciphertext");
      return new EncryptedPrivateKey(scrypt, salt, nonce, ciphertext);
    } catch (SignJson.Malformed e) {
      throw new KeyException(source + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new KeyException(source + ": " + e.getMessage(), e);
    }
  }

  private static ScryptParams scryptParams(JsonNode params, String source) throws SignJson.Malformed, KeyException {
    String what = WHAT + " scrypt params";
    int n = SignJson.requireInt(params, "N", what);
    int r = SignJson.requireInt(params, "r", what);
    int p = SignJson.requireInt(params, "p", what);
    try {
      return new ScryptParams(n, r, p);
    } catch (IllegalArgumentException e) {
      throw new KeyException(source + ": unsupported scrypt parameters: " + e.getMessage(), e);
    }
  }

  @Override
  public byte[] salt() {
    return salt.clone();
  }

  @Override
  public byte[] nonce() {
    return nonce.clone();
  }

  @Override
  public byte[] ciphertext() {
    return ciphertext.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EncryptedPrivateKey k && kdf.equals(k.kdf) && Arrays.equals(salt, k.salt)
        && Arrays.equals(nonce, k.nonce) && Arrays.equals(ciphertext, k.ciphertext);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kdf, Arrays.hashCode(salt), Arrays.hashCode(nonce), Arrays.hashCode(ciphertext));
  }

  @Override
  public String toString() {
    return "EncryptedPrivateKey[" + kdf + ", " + ciphertext.length + " bytes]";
  }
}
