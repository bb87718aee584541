package dev.basalt.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key pairs on disk and where their passwords come from. */
class KeyFilesTest {
  @TempDir Path dir;

  /** A terminal that answers from a list and records the prompts. */
  static final class ScriptedTerminal implements PasswordSource.Terminal {
    final List<String> prompts = new ArrayList<>();
    final List<String> answers;

    ScriptedTerminal(String... answers) {
      this.answers = new ArrayList<>(List.of(answers));
    }

    @Override
    public char[] readPassword(String prompt) {
      prompts.add(prompt);
      return answers.isEmpty() ? null : answers.remove(0).toCharArray();
    }
  }

  @Test
  void theEnvironmentComesFirstBasaltsVariableBeforeCosignsAndAnEmptyValueCounts() throws Exception {
    ScriptedTerminal terminal = new ScriptedTerminal("typed");
    assertThat(PasswordSource.standard(Map.of("BASALT_PASSWORD", "b", "COSIGN_PASSWORD", "c")::get, terminal)
        .password("k", true)).isEqualTo("b".toCharArray());
    assertThat(PasswordSource.standard(Map.of("COSIGN_PASSWORD", "c")::get, terminal).password("k", true))
        .isEqualTo("c".toCharArray());
    assertThat(PasswordSource.standard(Map.of("COSIGN_PASSWORD", "")::get, terminal).password("k", false)).isEmpty();
    assertThat(terminal.prompts).isEmpty();
    assertThat(PasswordSource.standard(Map.<String, String>of()::get, terminal).password("the key k", false))
        .isEqualTo("typed".toCharArray());
    assertThat(terminal.prompts).containsExactly("Password for the key k: ");
  }

  @Test
  void aNewPasswordIsAskedTwiceAndMustMatchAndWithoutATerminalTheErrorSaysWhatToSet() {
    ScriptedTerminal terminal = new ScriptedTerminal("one", "two");
    assertThatThrownBy(() -> PasswordSource.standard(Map.<String, String>of()::get, terminal).password("the key k", true))
        .isInstanceOf(KeyException.class)
        .hasMessage("The two passwords for the key k differ; nothing was written. Try again.");
    assertThat(terminal.prompts).containsExactly("Password for the key k: ", "Password for the key k again: ");
    assertThatThrownBy(() -> PasswordSource.standard(Map.<String, String>of()::get, null).password("the key k", false))
        .isInstanceOf(KeyException.class)
        .hasMessage("No password for the key k: set BASALT_PASSWORD (or COSIGN_PASSWORD) in the environment, or run"
            + " basalt on a terminal to be asked for it.")
        .satisfies(e -> assertThat(((KeyException) e).exitCode()).isEqualTo(2));
  }

  @Test
  void aKeyPairIsWrittenOnceOwnerOnlyAndReadBackWithItsPasswordOnly() throws Exception {
    KeyFiles.Pair pair = KeyFiles.Pair.of(dir.resolve("release").toString());
    PasswordSource right = (purpose, confirm) -> "s3cret".toCharArray();
    VerificationKey publicKey = KeyFiles.generate(pair, right, new SecureRandom());
    assertThat(pair.privateKey()).isEqualTo(dir.resolve("release.key"));
    assertThat(Files.readString(pair.privateKey())).startsWith("-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pair.privateKey()))).isEqualTo("rw-------");
    assertThat(Keys.readPublicKey(pair.publicKey())).isEqualTo(publicKey);
    assertThat(KeyFiles.readPrivateKey(pair.privateKey(), right).publicKey()).isEqualTo(publicKey);

    assertThatThrownBy(() -> KeyFiles.readPrivateKey(pair.privateKey(), (p, c) -> "wrong".toCharArray()))
        .isInstanceOf(WrongPasswordException.class)
        .hasMessageStartingWith("Wrong password for " + pair.privateKey() + ":")
        .satisfies(e -> assertThat(((KeyException) e).exitCode()).isEqualTo(2));
    byte[] before = Files.readAllBytes(pair.privateKey());
    assertThatThrownBy(() -> KeyFiles.generate(pair, (p, c) -> {
      throw new AssertionError("no password is asked before the files are checked");
    }, new SecureRandom())).isInstanceOf(KeyException.class)
        .hasMessage(pair.privateKey() + " already exists. Remove it or choose another --out; basalt never overwrites a key.");
    assertThat(Files.readAllBytes(pair.privateKey())).isEqualTo(before);
  }

  @Test
  void aPlainKeyNeedsNoPassword() throws Exception {
    SigningKey key = SigningKey.generate(new SecureRandom());
    Path file = dir.resolve("plain.key");
    Files.writeString(file, new Pem(Keys.PKCS8_PEM_TYPE, key.pkcs8()).encode());
    assertThat(KeyFiles.readPrivateKey(file, (p, c) -> {
      throw new AssertionError("a plain key asks for no password");
    }).publicKey()).isEqualTo(key.publicKey());
    assertThatThrownBy(() -> KeyFiles.readPrivateKey(dir.resolve("missing.key"), (p, c) -> new char[0]))
        .isInstanceOf(KeyException.class)
        .hasMessage("Private key file " + dir.resolve("missing.key") + " does not exist. Check the path.");
  }
}
