package dev.basalt.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fixture origins are in src/test/resources/sign/README.md. */
class KeysTest {
  private static final Path FIXTURES = SignFixtures.dir();

  @TempDir Path dir;

  @Test
  void decryptsKeysThatCosignAndSigstoreWrote() throws Exception {
    assertThat(hint("cosign-sigstore-hello.key", "hello")).isEqualTo("8QV788EU1UhvC9s8cCWW1hVBWCSJgNS+SfbGH9xixZE=");
    assertThat(hint("cosign-legacy-label-hello.key", "hello")).isEqualTo("pmWcCLmQmIDG5LxRyrb9cmVnP2fWFMILpZoYlX/rcA0=");
    assertThat(hint("sigstore-rs-cosign-empty-password.key", "")).isEqualTo("DYzWeU3vXF47QvN79u4puyUs4ml3HPPAeF2S/Ke+WG8=");
    assertThat(hint("sigstore-rs-ecdsa-password-123.key", "123")).isEqualTo("ACCIY9l4UibfmtaM6yrVtD8fXd1oYUfyURbuCIcm620=");
    assertThat(Keys.readPrivateKey(FIXTURES.resolve("cosign-sigstore-hello.key"), "hello".toCharArray())
        .publicKey().pem().encode()).isEqualTo("""
            -----BEGIN PUBLIC KEY-----
            MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE7z9gA/tqa9iHt/f9F3ulyVi4lwqU
            LfHWfhG2mK4eyJ8LDcLstb+VVhxj3pkMjc3fNo+sSfiIY2NLR7c+DG1V4w==
            -----END PUBLIC KEY-----
            """);
  }

  @Test
  void readsPlainPkcs8AndSec1KeysWithThePublicKeysOpensslDerives() throws Exception {
    // Expected public keys are `openssl pkey -in <file> -pubout`.
    assertThat(Keys.readPrivateKey(FIXTURES.resolve("cosign-ec-p256-sec1.pem"), new char[0]).publicKey().pem().encode())
        .isEqualTo("""
            -----BEGIN PUBLIC KEY-----
            MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE+9E3Qe+h25ofmz3Uo2T004Dfy49i
            X06MMbxf9rsGmLkOPrS0KYDl1QMfFuSbrtf8wTWNT9HNxrW/Foz39mDhHw==
            -----END PUBLIC KEY-----
            """);
    Path pkcs8 = FIXTURES.resolve("cosign-ec-p256-pkcs8.pem");
    SigningKey key = Keys.readPrivateKey(pkcs8, new char[0]);
    assertThat(key.publicKey().pem().encode()).isEqualTo("""
        -----BEGIN PUBLIC KEY-----
        MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE46eP2eLVG2cFHSHdOxkHlHcC5ZeA
        a2Cz9uRZPpgWNhtJciqo6ixuYcYYpmxCR+o/pc4ObXGKUIM17TieumYtDQ==
        -----END PUBLIC KEY-----
        """);
    assertThat(new Pem(Keys.PKCS8_PEM_TYPE, key.pkcs8()).encode()).isEqualTo(Files.readString(pkcs8));
  }

  @Test
  void aWrongPasswordSaysSoAndNamesTheFile() {
    Path file = FIXTURES.resolve("cosign-sigstore-hello.key");
    assertThatThrownBy(() -> Keys.readPrivateKey(file, "Hello".toCharArray()))
        .isInstanceOf(WrongPasswordException.class)
        .hasMessage("Wrong password for " + file + ": the encrypted private key in it does not open with this password"
            + " (or the file was altered). Give the password the key was written with.");
  }

  @Test
  void keysBasaltCannotUseAreRefusedWithTheReason() {
    Path notPkcs8 = FIXTURES.resolve("cosign-ec-key-not-pkcs8.key");
    assertThatThrownBy(() -> Keys.readPrivateKey(notPkcs8, "hello".toCharArray()))
        .isInstanceOf(KeyException.class)
        .hasMessage("The key decrypted from " + notPkcs8 + " does not hold a PKCS#8 private key");
    Path p384 = FIXTURES.resolve("cosign-ec-p384-sec1.pem");
    assertThatThrownBy(() -> Keys.readPrivateKey(p384, new char[0]))
        .isInstanceOf(KeyException.class)
        .hasMessage(p384 + " holds an ECDSA key on curve secp384r1; basalt signs with ECDSA P-256 keys only (cosign's default)");
    Path missing = dir.resolve("none.key");
    assertThatThrownBy(() -> Keys.readPrivateKey(missing, new char[0]))
        .isInstanceOf(KeyException.class)
        .hasMessage("Private key file " + missing + " does not exist. Check the path.")
        .extracting(e -> ((KeyException) e).exitCode()).isEqualTo(2);
    assertThatThrownBy(() -> Keys.parsePrivateKey("just text", new char[0], "notes.txt"))
        .isInstanceOf(KeyException.class)
        .hasMessage("notes.txt is not a PEM file: no '-----BEGIN ...-----' block in it");
    assertThatThrownBy(() -> Keys.parsePrivateKey(new Pem("CERTIFICATE", new byte[] {1}).encode(), new char[0], "c.pem"))
        .isInstanceOf(KeyException.class)
        .hasMessage("c.pem holds a 'CERTIFICATE' block, not a private key. Expected ENCRYPTED SIGSTORE PRIVATE KEY"
            + " (cosign generate-key-pair), PRIVATE KEY or EC PRIVATE KEY.");
  }

  @Test
  void writesAKeyPairThatReadsBackAndNeverOverwrites() throws Exception {
    SigningKey key = Keys.generate();
    Path privateKey = dir.resolve("cosign.key");
    Path publicKey = dir.resolve("cosign.pub");
    Keys.writeKeyPair(key, "correct horse".toCharArray(), privateKey, publicKey, new SecureRandom());

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateKey))).isEqualTo("rw-------");
    String privatePem = Files.readString(privateKey);
    assertThat(privatePem).startsWith("-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n")
        .endsWith("\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n");
    String json = new String(Pem.decode(privatePem, "cosign.key").bytes(), StandardCharsets.UTF_8);
    assertThat(json).startsWith("{\"kdf\":{\"name\":\"scrypt\",\"params\":{\"N\":65536,\"r\":8,\"p\":1},\"salt\":\"");
    assertThat(Files.readString(publicKey)).isEqualTo(key.publicKey().pem().encode());

    assertThat(Keys.readPrivateKey(privateKey, "correct horse".toCharArray()).publicKey()).isEqualTo(key.publicKey());
    assertThat(Keys.readPublicKey(publicKey)).isEqualTo(key.publicKey());

    Path otherPublic = dir.resolve("other.pub");
    assertThatThrownBy(() -> Keys.writeKeyPair(Keys.generate(), new char[0], privateKey, otherPublic, new SecureRandom()))
        .isInstanceOf(KeyException.class)
        .hasMessage(privateKey + " already exists. Remove it or choose another name; basalt never overwrites a key.");
    assertThat(Files.readString(privateKey)).isEqualTo(privatePem);
    assertThat(otherPublic).doesNotExist();
  }

  @Test
  void publicKeysOfOtherKindsAreRefused() throws Exception {
    Path rsa = dir.resolve("rsa.pub");
    // An RSA SubjectPublicKeyInfo (cosign's keys_test.go invalidrsawithpubkey).
    Files.writeString(rsa, """
        -----BEGIN PUBLIC KEY-----
        MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAx5piWVlE62NnZ0UzJ8Z6
        oKiKOC4dbOZ1HsNhIRtqkM+Oq4G+25yq6P+0JU/Qvr9veOGEb3R/J9u8JBo+hv2i
        5X8OtgvP2V2pi6f1s6vK7L0+6uRb4YTT/UdMshaVf97MgEqbq41Jf/cuvh+3AV0t
        Z1BpixZg4aXMKpY6HUP69lbsu27oSUN1myMv7TSgZiV4CYs3l/gkEfpysBptWlcH
        Ruw5RsB+C0RbjRtbJ/5VxmE/vd3Mlafd5t1WSpMb8yf0a84u5NFaXwZ7CweMfXeO
        ddS0yb19ShSuW3PPRadruBM1mq15js9GfagPxDS75Imcs+fA62lWvHxEujTGjYHx
        awIDAQAB
        -----END PUBLIC KEY-----
        """);
    assertThatThrownBy(() -> Keys.readPublicKey(rsa))
        .isInstanceOf(KeyException.class)
        .hasMessage(rsa + " holds an RSA key; basalt signs and verifies with ECDSA P-256 keys only (cosign's default)");
    Path privateAsPublic = FIXTURES.resolve("cosign-ec-p256-pkcs8.pem");
    assertThatThrownBy(() -> Keys.readPublicKey(privateAsPublic))
        .isInstanceOf(KeyException.class)
        .hasMessage(privateAsPublic + " holds a 'PRIVATE KEY' block, not a 'PUBLIC KEY'");
  }

  private static String hint(String fixture, String password) throws KeyException {
    return Keys.readPrivateKey(FIXTURES.resolve(fixture), password.toCharArray()).publicKey().hint();
  }
}
