package dev.basalt.sign;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * Key pairs on disk as the front ends use them: a new pair written as {@code PREFIX.key} and
 * {@code PREFIX.pub}, and a private key read with its password asked for only when the key is
 * encrypted, so that a plain PKCS#8 key never makes a CI job look for a password.
 */
public final class KeyFiles {
  public static final String PRIVATE_SUFFIX = ".key";
  public static final String PUBLIC_SUFFIX = ".pub";

  /** The two files of a key pair. */
  public record Pair(Path privateKey, Path publicKey) {
    /** {@code PREFIX.key} and {@code PREFIX.pub}, as {@code cosign generate-key-pair} names them. */
    public static Pair of(String prefix) {
      Objects.requireNonNull(prefix, "prefix == null");
      return new Pair(Path.of(prefix + PRIVATE_SUFFIX), Path.of(prefix + PUBLIC_SUFFIX));
    }
  }

  private KeyFiles() {}

  /**
   * Generates a P-256 key and writes it as {@code pair}, the private key sealed under a password
   * from {@code passwords} (asked twice). Existing files are refused before any password is asked.
   *
   * @throws KeyException when a file exists, or there is no password
   */
  public static VerificationKey generate(Pair pair, PasswordSource passwords, SecureRandom random)
      throws KeyException, IOException {
    for (Path file : new Path[] {pair.privateKey(), pair.publicKey()}) {
      if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
        throw new KeyException(file + " already exists. Remove it or choose another --out; basalt never overwrites a key.");
      }
    }
    char[] password = passwords.password("the new private key " + pair.privateKey(), true);
    try {
      SigningKey key = SigningKey.generate(random);
      Keys.writeKeyPair(key, password, pair.privateKey(), pair.publicKey(), random);
      return key.publicKey();
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  /**
   * The private key in {@code file}; the password is asked for only for an encrypted key.
   *
   * @throws WrongPasswordException when the password does not open it
   * @throws KeyException when the file is missing, unreadable or holds no usable key
   */
  public static SigningKey readPrivateKey(Path file, PasswordSource passwords) throws KeyException {
    String text;
    try {
      // ISO-8859-1 maps every byte, so a binary file reaches the PEM parser and gets its message.
      text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    } catch (NoSuchFileException e) {
      throw new KeyException("Private key file " + file + " does not exist. Check the path.", e);
    } catch (IOException e) {
      throw new KeyException("Cannot read private key file " + file + ": " + e.getMessage(), e);
    }
    String type = Pem.decode(text, file.toString()).type();
    boolean encrypted = type.equals(EncryptedPrivateKey.SIGSTORE_PEM_TYPE) || type.equals(EncryptedPrivateKey.COSIGN_PEM_TYPE);
    char[] password = encrypted ? passwords.password("the private key " + file, false) : new char[0];
    try {
      return Keys.parsePrivateKey(text, password, file.toString());
    } finally {
      Arrays.fill(password, '\0');
    }
  }
}
