package dev.basalt.sign;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Key pairs in cosign's files: the private key as an {@code ENCRYPTED SIGSTORE PRIVATE KEY} PEM
 * block (PKCS#8 sealed with scrypt and secretbox), the public key as a {@code PUBLIC KEY} block.
 * Reading also takes cosign's older {@code ENCRYPTED COSIGN PRIVATE KEY} label and, without a
 * password, plain {@code PRIVATE KEY} (PKCS#8) and {@code EC PRIVATE KEY} (SEC 1) blocks.
 */
public final class Keys {
  public static final String PKCS8_PEM_TYPE = "PRIVATE KEY";
  public static final String SEC1_PEM_TYPE = "EC PRIVATE KEY";
  private static final FileAttribute<?> OWNER_ONLY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

  private Keys() {}

  /** A new random P-256 key. */
  public static SigningKey generate() {
    return SigningKey.generate(new SecureRandom());
  }

  /** {@code key} sealed under {@code password} with cosign's current scrypt cost, as PEM text. */
  public static String encryptedPem(SigningKey key, char[] password, SecureRandom random) {
    Objects.requireNonNull(key, "key == null");
    return EncryptedPrivateKey.encrypt(key.pkcs8(), password, EncryptedPrivateKey.ScryptParams.STANDARD, random)
        .toPem().encode();
  }

  /**
   * The private key in PEM {@code text}. The password opens encrypted blocks and is ignored for
   * plain ones.
   *
   * @param source names the key in error messages
   * @throws WrongPasswordException when an encrypted key does not open with {@code password}
   * @throws KeyException when the text holds no usable P-256 private key
   */
  public static SigningKey parsePrivateKey(String text, char[] password, String source) throws KeyException {
    Pem pem = Pem.decode(text, source);
    return switch (pem.type()) {
      case EncryptedPrivateKey.SIGSTORE_PEM_TYPE, EncryptedPrivateKey.COSIGN_PEM_TYPE -> {
        byte[] pkcs8 = EncryptedPrivateKey.fromJson(pem.bytes(), source).decrypt(password, source);
        try {
          yield SigningKey.fromPkcs8(pkcs8, "The key decrypted from " + source);
        } finally {
          Arrays.fill(pkcs8, (byte) 0);
        }
      }
      case PKCS8_PEM_TYPE -> SigningKey.fromPkcs8(pem.bytes(), source);
      case SEC1_PEM_TYPE -> SigningKey.fromSec1(pem.bytes(), source);
      default -> throw new KeyException(source + " holds a '" + pem.type() + "' block, not a private key. Expected "
          + EncryptedPrivateKey.SIGSTORE_PEM_TYPE + " (cosign generate-key-pair), " + PKCS8_PEM_TYPE + " or "
          + SEC1_PEM_TYPE + ".");
    };
  }

  /** The private key in {@code file}; see {@link #parsePrivateKey}. */
  public static SigningKey readPrivateKey(Path file, char[] password) throws KeyException {
    return parsePrivateKey(read(file, "Private key"), password, file.toString());
  }

  /** The public key in {@code file}, a {@code PUBLIC KEY} PEM block. */
  public static VerificationKey readPublicKey(Path file) throws KeyException {
    return VerificationKey.fromPem(read(file, "Public key"), file.toString());
  }

  /**
   * Writes {@code key} encrypted under {@code password} to {@code privateKeyFile} (readable by its
   * owner only) and its public key to {@code publicKeyFile}. Existing files are never replaced.
   *
   * @throws KeyException when either file already exists
   */
  public static void writeKeyPair(SigningKey key, char[] password, Path privateKeyFile, Path publicKeyFile,
      SecureRandom random) throws KeyException, IOException {
    Objects.requireNonNull(privateKeyFile, "privateKeyFile == null");
    Objects.requireNonNull(publicKeyFile, "publicKeyFile == null");
    for (Path file : new Path[] {privateKeyFile, publicKeyFile}) {
      if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
        throw new KeyException(file + " already exists. Remove it or choose another name; basalt never overwrites a key.");
      }
    }
    String privatePem = encryptedPem(key, password, random);
    createNew(privateKeyFile, privatePem, true);
    try {
      createNew(publicKeyFile, key.publicKey().pem().encode(), false);
    } catch (IOException | KeyException e) {
      Files.deleteIfExists(privateKeyFile);
      throw e;
    }
  }

  private static void createNew(Path file, String text, boolean ownerOnly) throws IOException, KeyException {
    Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    boolean posix = file.toAbsolutePath().getParent().getFileSystem().supportedFileAttributeViews().contains("posix");
    FileAttribute<?>[] attributes = ownerOnly && posix ? new FileAttribute<?>[] {OWNER_ONLY} : new FileAttribute<?>[0];
    try (SeekableByteChannel channel = Files.newByteChannel(file, options, attributes)) {
      ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
    } catch (FileAlreadyExistsException e) {
      throw new KeyException(file + " already exists. Remove it or choose another name; basalt never overwrites a key.", e);
    } catch (IOException e) {
      Files.deleteIfExists(file);
      throw e;
    }
  }

  private static String read(Path file, String what) throws KeyException {
    Objects.requireNonNull(file, "file == null");
    try {
      // ISO-8859-1 maps every byte, so a binary file reaches the PEM parser and gets its message.
      return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    } catch (NoSuchFileException e) {
      throw new KeyException(what + " file " + file + " does not exist. Check the path.", e);
    } catch (IOException e) {
      throw new KeyException("Cannot read " + what.toLowerCase(Locale.ROOT) + " file " + file + ": "
          + e.getMessage() + ". Check that the file exists and is readable.", e);
    }
  }
}
