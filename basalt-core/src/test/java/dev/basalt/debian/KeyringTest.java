package dev.basalt.debian;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.testkit.TestPgpKey;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyringTest {
  private static final String HOW_TO_EXPORT =
      "Export the public key with 'gpg --export KEYID > key.gpg' or 'gpg --export --armor KEYID > key.asc'.";

  private static final TestPgpKey FIRST = TestPgpKey.ed25519("First <first@basalt.test>");
  private static final TestPgpKey SECOND = TestPgpKey.ed25519("Second <second@basalt.test>");

  @TempDir Path temp;

  @Test
  void listsBundledNamesSorted() {
    assertThat(Keyring.bundledNames()).containsExactly(
        "debian-bookworm", "debian-bookworm-security", "debian-trixie", "debian-trixie-security");
  }

  // Fingerprints as 'gpg --show-keys' prints them for debian-archive-keyring 2023.3+deb12u2.
  @Test
  void bookwormHoldsTheBookwormAutomaticAndStableReleaseKeys() throws Exception {
    Keyring keyring = Keyring.named("debian-bookworm");

    assertThat(keyring.source()).isEqualTo("bundled keyring debian-bookworm");
    assertThat(keyring.fingerprints()).containsExactly(
        "B8B80B5B623EAB6AD8775C45B7C5D7D6350947F8", "4D64FEC119C2029067D6E791F8D2585B8783D481");
  }

  @Test
  void bookwormSecurityHoldsTheBookwormSecurityAutomaticKey() throws Exception {
    Keyring keyring = Keyring.named("debian-bookworm-security");

    assertThat(keyring.source()).isEqualTo("bundled keyring debian-bookworm-security");
    assertThat(keyring.fingerprints()).containsExactly("05AB90340C0C5E797F44A8C8254CF3B5AEC0A8F0");
  }

  @Test
  void trixieHoldsTheTrixieAutomaticAndStableReleaseKeys() throws Exception {
    Keyring keyring = Keyring.named("debian-trixie");

    assertThat(keyring.source()).isEqualTo("bundled keyring debian-trixie");
    assertThat(keyring.fingerprints()).containsExactly(
        "04B54C3CDCA79751B16BC6B5225629DF75B188BD", "41587F7DB8C774BCCF131416762F67A0B2C39DE4");
  }

  @Test
  void trixieSecurityHoldsTheTrixieSecurityAutomaticKey() throws Exception {
    Keyring keyring = Keyring.named("debian-trixie-security");

    assertThat(keyring.source()).isEqualTo("bundled keyring debian-trixie-security");
    assertThat(keyring.fingerprints()).containsExactly("5E04A1E3223A19A20706E20F9904613D4CCE68C6");
  }

  @Test
  void refusesUnknownNameAndListsTheKnownOnes() {
    assertThatThrownBy(() -> Keyring.named("debian-sid"))
        .isInstanceOf(ArchiveException.class)
        .hasMessage("Unknown keyring 'debian-sid'. Bundled keyrings: debian-bookworm, debian-bookworm-security, "
            + "debian-trixie, debian-trixie-security. Use one of these, or give the path of a key file.");
  }

  @Test
  void loadsBinaryKeyFileAsDebianShipsIt() throws Exception {
    Path file = Path.of(KeyringTest.class.getResource("debian-archive-trixie-stable.gpg").toURI());

    Keyring keyring = Keyring.fromFile(file);

    assertThat(keyring.source()).isEqualTo(file.toString());
    assertThat(keyring.fingerprints()).containsExactly("41587F7DB8C774BCCF131416762F67A0B2C39DE4");
  }

  @Test
  void loadsArmoredKeyFile() throws Exception {
    Path file = Files.write(temp.resolve("archive.asc"), FIRST.publicKeyringArmored());

    Keyring keyring = Keyring.fromFile(file);

    assertThat(keyring.source()).isEqualTo(file.toString());
    assertThat(keyring.fingerprints()).containsExactly(FIRST.fingerprint());
  }

  @Test
  void loadsSeveralKeysInFileOrderFromArmoredAndBinaryBytes() throws Exception {
    Keyring armored = Keyring.fromBytes(TestPgpKey.keyringArmored(SECOND, FIRST), "armored");
    Keyring binary = Keyring.fromBytes(TestPgpKey.keyringBinary(SECOND, FIRST), "binary");

    assertThat(armored.fingerprints()).containsExactly(SECOND.fingerprint(), FIRST.fingerprint());
    assertThat(binary.fingerprints()).containsExactly(SECOND.fingerprint(), FIRST.fingerprint());
    assertThat(armored.source()).isEqualTo("armored");
  }

  @Test
  void loadsConcatenatedArmorBlocks() throws Exception {
    ByteArrayOutputStream concatenated = new ByteArrayOutputStream();
    concatenated.writeBytes("\n".getBytes(US_ASCII));
    concatenated.writeBytes(FIRST.publicKeyringArmored());
    concatenated.writeBytes("\n".getBytes(US_ASCII));
    concatenated.writeBytes(SECOND.publicKeyringArmored());

    Keyring keyring = Keyring.fromBytes(concatenated.toByteArray(), "cat first.asc second.asc");

    assertThat(keyring.fingerprints()).containsExactly(FIRST.fingerprint(), SECOND.fingerprint());
  }

  @Test
  void mergesRepeatedCopiesOfOneKey() throws Exception {
    Keyring keyring = Keyring.fromBytes(TestPgpKey.keyringBinary(FIRST, SECOND, FIRST), "repeated");

    assertThat(keyring.fingerprints()).containsExactly(FIRST.fingerprint(), SECOND.fingerprint());
  }

  @Test
  void refusesBinaryGarbageAndNamesTheFile() throws Exception {
    Path file = Files.write(temp.resolve("garbage.gpg"), new byte[] {(byte) 0x99, 0x00, 0x07, 0x01, 0x02, 0x03});

    assertThatThrownBy(() -> Keyring.fromFile(file))
        .isInstanceOf(ArchiveException.class)
        .hasMessageStartingWith("Keyring " + file + " is not a valid OpenPGP public key file (")
        .hasMessageEndingWith("). " + HOW_TO_EXPORT);
  }

  @Test
  void refusesTextThatIsNotAKeyAndNamesTheFile() throws Exception {
    Path file = Files.writeString(temp.resolve("notes.txt"), "my key is on the keyserver\n");

    assertThatThrownBy(() -> Keyring.fromFile(file))
        .isInstanceOf(ArchiveException.class)
        .hasMessage("Keyring " + file + " is neither an ASCII-armored nor a binary OpenPGP key file. " + HOW_TO_EXPORT);
  }

  @Test
  void refusesTruncatedArmoredKey() throws Exception {
    String armored = new String(FIRST.publicKeyringArmored(), US_ASCII);
    Path file = Files.writeString(temp.resolve("cut.asc"), armored.substring(0, armored.length() / 2));

    assertThatThrownBy(() -> Keyring.fromFile(file))
        .isInstanceOf(ArchiveException.class)
        .hasMessageStartingWith("Keyring " + file + " is not a valid OpenPGP public key file (")
        .hasMessageEndingWith("). " + HOW_TO_EXPORT);
  }

  @Test
  void refusesArmorOfAnotherKind() throws Exception {
    String signed = FIRST.clearSign("Origin: Basalt");
    String signatureBlock = signed.substring(signed.indexOf("-----BEGIN PGP SIGNATURE-----"));

    assertThatThrownBy(() -> Keyring.fromBytes(signatureBlock.getBytes(US_ASCII), "signature.asc"))
        .isInstanceOf(ArchiveException.class)
        .hasMessage("Keyring signature.asc is not an armored public key block: found '-----BEGIN PGP SIGNATURE-----' "
            + "where '-----BEGIN PGP PUBLIC KEY BLOCK-----' was expected. " + HOW_TO_EXPORT);
  }

  @Test
  void refusesArmoredSecretKey() {
    assertThatThrownBy(() -> Keyring.fromBytes(FIRST.secretKeyringArmored(), "secret.asc"))
        .isInstanceOf(ArchiveException.class)
        .hasMessage("Keyring secret.asc contains a secret key; basalt needs only public keys, and secret keys "
            + "should not be passed around. " + HOW_TO_EXPORT);
  }

  @Test
  void refusesBinarySecretKey() {
    assertThatThrownBy(() -> Keyring.fromBytes(FIRST.secretKeyringBinary(), "secret.gpg"))
        .isInstanceOf(ArchiveException.class)
        .hasMessage("Keyring secret.gpg contains a secret key; basalt needs only public keys, and secret keys "
            + "should not be passed around. " + HOW_TO_EXPORT);
  }

  @Test
  void refusesEmptyFile() throws Exception {
    Path file = Files.write(temp.resolve("empty.gpg"), new byte[0]);

    assertThatThrownBy(() -> Keyring.fromFile(file))
        .isInstanceOf(ArchiveException.class)
        .hasMessage("Keyring " + file + " contains no public keys. " + HOW_TO_EXPORT);
  }

  @Test
  void refusesMissingFile() {
    Path file = temp.resolve("missing.asc");

    assertThatThrownBy(() -> Keyring.fromFile(file))
        .isInstanceOf(ArchiveException.class)
        .hasMessage("Keyring file " + file + " does not exist. Check the path.");
  }

  @Test
  void rejectsNullArguments() {
    assertThatThrownBy(() -> Keyring.named(null)).isInstanceOf(NullPointerException.class).hasMessage("name == null");
    assertThatThrownBy(() -> Keyring.fromFile(null)).isInstanceOf(NullPointerException.class).hasMessage("file == null");
    assertThatThrownBy(() -> Keyring.fromBytes(null, "x")).isInstanceOf(NullPointerException.class)
        .hasMessage("bytes == null");
    assertThatThrownBy(() -> Keyring.fromBytes(new byte[0], null)).isInstanceOf(NullPointerException.class)
        .hasMessage("source == null");
  }
}
