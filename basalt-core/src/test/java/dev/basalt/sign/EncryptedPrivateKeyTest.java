package dev.basalt.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.sign.EncryptedPrivateKey.ScryptParams;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * Vectors are go-securesystemslib's own (encrypted/encrypted_test.go at bcb0d9f5): one per scrypt
 * strength it has ever written, all sealed with the passphrase "supersecret".
 */
class EncryptedPrivateKeyTest {
  private static final char[] SUPERSECRET = "supersecret".toCharArray();
  private static final String LEGACY_DIRECT = "{\"kdf\":{\"name\":\"scrypt\",\"params\":{\"N\":32768,\"r\":8,\"p\":1},"
      + "\"salt\":\"N9a7x5JFGbrtB2uBR81jPwp0eiLR4A7FV3mjVAQrg1g=\"},\"cipher\":{\"name\":\"nacl/secretbox\","
      + "\"nonce\":\"2h8HxMmgRfuYdpswZBQaU3xJ1nkA/5Ik\"},\"ciphertext\":\"SEW6sUh0jf2wfdjJGPNS9+bkk2uB+Cxamf32zR8XkQ==\"}";
  private static final String STANDARD = "{\"kdf\":{\"name\":\"scrypt\",\"params\":{\"N\":65536,\"r\":8,\"p\":1},"
      + "\"salt\":\"FhzPOt9/bJG4PTq6lQ6ecG6GzaOuOy/ynG5+yRiFlNs=\"},\"cipher\":{\"name\":\"nacl/secretbox\","
      + "\"nonce\":\"aw1ng1jHaDz/tQ7V2gR9O2+IGQ8xJEuE\"},\"ciphertext\":\"HycvuLZL4sYH0BrYTh4E/H20VtAW6u5zL5Pr+IBjYLYnCPzDkq8=\"}";
  private static final String OWASP = "{\"kdf\":{\"name\":\"scrypt\",\"params\":{\"N\":131072,\"r\":8,\"p\":1},"
      + "\"salt\":\"m38E3kouJTtiheLQN22NQ8DTito5hrjpUIskqcd375k=\"},\"cipher\":{\"name\":\"nacl/secretbox\","
      + "\"nonce\":\"Y6PM13yA+o44pE/W1ZBwczeGnTV/m9Zc\"},\"ciphertext\":\"6H8sqj1K6B6yDjtH5AQ6lbFigg/C2yDDJc4rYJ79w9aVPImFIPI=\"}";
  /** go-securesystemslib's Marshal wraps the secret in JSON: a []byte becomes a base64 string. */
  private static final String MARSHALLED_SECRET = "\"cmVhbGx5aW1wb3J0YW50\"";

  @Test
  void decryptsWhatGoSecuresystemslibSealedAtEveryStrength() throws Exception {
    assertThat(decrypt(LEGACY_DIRECT)).isEqualTo("reallyimportant");
    assertThat(decrypt(STANDARD)).isEqualTo(MARSHALLED_SECRET);
    assertThat(decrypt(OWASP)).isEqualTo(MARSHALLED_SECRET);
    assertThat(EncryptedPrivateKey.fromJson(bytes(OWASP), "v").kdf()).isEqualTo(ScryptParams.OWASP);
  }

  @Test
  void writesTheDocumentMemberForMemberAsGoMarshalsIt() throws Exception {
    EncryptedPrivateKey parsed = EncryptedPrivateKey.fromJson(bytes(STANDARD), "vector");
    assertThat(new String(parsed.toJson(), StandardCharsets.UTF_8)).isEqualTo(STANDARD);
    assertThat(parsed.toPem().encode()).isEqualTo("-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(bytes(STANDARD))
        + "\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n");
  }

  @Test
  void sealsWithStandardStrengthAndOpensAgain() throws Exception {
    byte[] secret = "a PKCS#8 key, say".getBytes(StandardCharsets.UTF_8);
    EncryptedPrivateKey sealed = EncryptedPrivateKey.encrypt(secret, "pässword".toCharArray(), ScryptParams.STANDARD,
        new SecureRandom());
    String json = new String(sealed.toJson(), StandardCharsets.UTF_8);
    assertThat(json).matches("\\{\"kdf\":\\{\"name\":\"scrypt\",\"params\":\\{\"N\":65536,\"r\":8,\"p\":1},"
        + "\"salt\":\"[A-Za-z0-9+/]{43}=\"},\"cipher\":\\{\"name\":\"nacl/secretbox\",\"nonce\":\"[A-Za-z0-9+/]{32}\"},"
        + "\"ciphertext\":\"[A-Za-z0-9+/=]+\"}");
    assertThat(sealed.salt()).hasSize(32);
    assertThat(sealed.ciphertext()).hasSize(secret.length + SecretBox.TAG_BYTES);
    assertThat(EncryptedPrivateKey.fromJson(sealed.toJson(), "k").decrypt("pässword".toCharArray(), "k")).isEqualTo(secret);
  }

  @Test
  void wrongPasswordIsAClearCheckedError() throws Exception {
    EncryptedPrivateKey key = EncryptedPrivateKey.fromJson(bytes(LEGACY_DIRECT), "legacy.key");
    assertThatThrownBy(() -> key.decrypt("supersecreT".toCharArray(), "legacy.key"))
        .isInstanceOf(WrongPasswordException.class)
        .hasMessage("Wrong password for legacy.key: the encrypted private key in it does not open with this password"
            + " (or the file was altered). Give the password the key was written with.")
        .extracting(e -> ((WrongPasswordException) e).exitCode()).isEqualTo(2);
  }

  @Test
  void alteredCiphertextDoesNotOpen() throws Exception {
    String altered = LEGACY_DIRECT.replace("SEW6sUh0", "SEW6sUh1");
    EncryptedPrivateKey key = EncryptedPrivateKey.fromJson(bytes(altered), "altered.key");
    assertThatThrownBy(() -> key.decrypt(SUPERSECRET, "altered.key")).isInstanceOf(WrongPasswordException.class);
  }

  @Test
  void parametersThatAreNotScryptsOrCostTooMuchAreRefused() {
    String unsupported = "{\"kdf\":{\"name\":\"scrypt\",\"params\":{\"N\":99,\"r\":99,\"p\":99},"
        + "\"salt\":\"cZFcQJdwPhPyhU1R4qkl0qVOIjZd4V/7LYYAavq166k=\"},\"cipher\":{\"name\":\"nacl/secretbox\","
        + "\"nonce\":\"7vhRS7j0hEPBWV05skAdgLj81AkGeE7U\"},\"ciphertext\":\"6WYU/YSXVbYzl/NzaeAzmjLyfFhOOjLc0d8/GFV0aBFdJvyCcXc=\"}";
    assertThatThrownBy(() -> EncryptedPrivateKey.fromJson(bytes(unsupported), "odd.key"))
        .isInstanceOf(KeyException.class)
        .hasMessage("odd.key: unsupported scrypt parameters: scrypt N must be a power of two above 1, not 99");
    String huge = STANDARD.replace("\"N\":65536", "\"N\":1048576");
    assertThatThrownBy(() -> EncryptedPrivateKey.fromJson(bytes(huge), "huge.key"))
        .isInstanceOf(KeyException.class)
        .hasMessage("huge.key: unsupported scrypt parameters: scrypt N=1048576 r=8 needs more than 256 MiB");
    assertThatThrownBy(() -> EncryptedPrivateKey.fromJson(bytes(STANDARD.replace("nacl/secretbox", "aes-gcm")), "gcm.key"))
        .isInstanceOf(KeyException.class)
        .hasMessage("gcm.key: unsupported cipher 'aes-gcm'; expected nacl/secretbox");
    assertThatThrownBy(() -> EncryptedPrivateKey.fromJson(bytes("{\"kdf\":{}}"), "empty.key"))
        .isInstanceOf(KeyException.class)
        .hasMessage("empty.key: encrypted private key has no object 'cipher'");
    assertThatThrownBy(() -> EncryptedPrivateKey.fromJson(bytes("not json"), "text.key"))
        .isInstanceOf(KeyException.class)
        .hasMessageStartingWith("text.key: encrypted private key is not valid JSON: Unrecognized token 'not'");
  }

  private static String decrypt(String json) throws KeyException {
    return new String(EncryptedPrivateKey.fromJson(bytes(json), "vector").decrypt(SUPERSECRET, "vector"),
        StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
