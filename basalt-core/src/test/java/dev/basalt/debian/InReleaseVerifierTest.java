package dev.basalt.debian;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.testkit.TestPgpKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.openpgp.PGPKeyFlags;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class InReleaseVerifierTest {
  private static final String SOURCE = "http://deb.example.test/debian/dists/stable/InRelease";
  private static final Instant NOW = TestPgpKey.SIGNED.plus(Duration.ofDays(1));
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private static final String TEXT = String.join("\n",
      "Origin: Basalt",
      "Suite: stable",
      "Codename: trixie",
      "Date: Sun, 01 Jun 2025 00:00:00 UTC",
      "SHA256:",
      " e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 0 main/binary-amd64/Packages");
  private static final String SIGNED_TEXT = "Origin: Basalt\r\n"
      + "Suite: stable\r\n"
      + "Codename: trixie\r\n"
      + "Date: Sun, 01 Jun 2025 00:00:00 UTC\r\n"
      + "SHA256:\r\n"
      + " e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 0 main/binary-amd64/Packages";

  private static final String ADVICE_KEY = "Use an up-to-date keyring for this archive, as the archive "
      + "may have rotated its keys. Check this machine's clock.";
  private static final String ADVICE_CLOCK = "Check this machine's clock.";
  private static final String ADVICE_DIGEST = "The archive must sign with SHA256 or stronger; like apt, "
      + "basalt refuses weaker digests.";
  private static final String ADVICE_DOWNLOAD = "Download the file again; if this persists, the mirror is "
      + "serving a damaged or tampered file.";
  private static final String ACCEPTED_DIGESTS = "SHA256, SHA384, SHA512, SHA3-256, SHA3-512";

  private static final TestPgpKey RSA = TestPgpKey.rsa("RSA archive key <rsa@basalt.test>");
  private static final TestPgpKey RSA_WITH_SUBKEY = TestPgpKey.builder(TestPgpKey.Type.RSA_2048, "RSA subkey <sub@basalt.test>")
      .primaryFlags(PGPKeyFlags.CAN_CERTIFY)
      .signingSubkey()
      .build();
  private static final TestPgpKey EDDSA = TestPgpKey.ed25519("EdDSA archive key <eddsa@basalt.test>");
  private static final TestPgpKey STRANGER = TestPgpKey.ed25519("Someone else <stranger@basalt.test>");
  private static final TestPgpKey OTHER_STRANGER = TestPgpKey.ed25519("Someone else again <stranger2@basalt.test>");

  @Nested
  class KeyAlgorithms {
    @Test
    void acceptsRsaKey() throws Exception {
      assertThat(verify(keyring(RSA), RSA.clearSign(TEXT)))
          .isEqualTo(new VerifiedInRelease(SIGNED_TEXT, RSA.fingerprint(), RSA.keyId()));
    }

    @Test
    void acceptsLegacyEdDsaKeyAsDebianReleaseKeysUse() throws Exception {
      assertThat(verify(keyring(EDDSA), EDDSA.clearSign(TEXT)))
          .isEqualTo(new VerifiedInRelease(SIGNED_TEXT, EDDSA.fingerprint(), EDDSA.keyId()));
    }

    @Test
    void acceptsRfc9580Ed25519Key() throws Exception {
      TestPgpKey key = TestPgpKey.ed25519Rfc9580("Ed25519 <ed25519@basalt.test>");

      assertThat(verify(keyring(key), key.clearSign(TEXT, HashAlgorithmTags.SHA512)))
          .isEqualTo(new VerifiedInRelease(SIGNED_TEXT, key.fingerprint(), key.keyId()));
    }

    @Test
    void acceptsVersion6Ed25519KeyAndSignature() throws Exception {
      TestPgpKey key = TestPgpKey.builder(TestPgpKey.Type.ED25519_V6, "v6 <v6@basalt.test>").build();

      VerifiedInRelease verified = verify(keyring(key), key.clearSign(TEXT, HashAlgorithmTags.SHA512));

      assertThat(verified).isEqualTo(new VerifiedInRelease(SIGNED_TEXT, key.fingerprint(), key.keyId()));
      assertThat(verified.signerFingerprint()).hasSize(64);
    }

    @Test
    void acceptsVersion6Ed25519SigningSubkey() throws Exception {
      TestPgpKey key = TestPgpKey.builder(TestPgpKey.Type.ED25519_V6, "v6 sub <v6s@basalt.test>")
          .primaryFlags(PGPKeyFlags.CAN_CERTIFY)
          .signingSubkey()
          .build();

      VerifiedInRelease verified = verify(keyring(key), key.clearSign(TEXT, HashAlgorithmTags.SHA512));

      assertThat(verified).isEqualTo(new VerifiedInRelease(SIGNED_TEXT, key.fingerprint(), key.signingKeyId()));
    }

    @Test
    void refusesRsaKeyShorterThan2048Bits() throws Exception {
      TestPgpKey weak = TestPgpKey.builder(TestPgpKey.Type.RSA_1024, "Weak <weak@basalt.test>").build();

      assertThatThrownBy(() -> verify(keyring(weak), weak.clearSign(TEXT)))
          .isInstanceOf(SignatureVerificationException.class)
          .hasMessage(noTrustedSignature(weak.keyId(), "key " + weak.fingerprint()
              + " is a 1024-bit RSA key; at least 2048 bits are required") + ADVICE_KEY);
    }
  }

  @Nested
  class Subkeys {
    @Test
    void acceptsSignatureBySigningSubkeyAndNamesBothKeys() throws Exception {
      VerifiedInRelease verified = verify(keyring(RSA_WITH_SUBKEY), RSA_WITH_SUBKEY.clearSign(TEXT));

      assertThat(verified).isEqualTo(
          new VerifiedInRelease(SIGNED_TEXT, RSA_WITH_SUBKEY.fingerprint(), RSA_WITH_SUBKEY.signingKeyId()));
      assertThat(RSA_WITH_SUBKEY.signingKeyId()).isNotEqualTo(RSA_WITH_SUBKEY.keyId());
    }

    @Test
    void acceptsSignatureByPrimaryKeyMarkedForSigningThatAlsoHasSubkey() throws Exception {
      TestPgpKey key = TestPgpKey.builder(TestPgpKey.Type.ED25519_LEGACY, "Both <both@basalt.test>")
          .signingSubkey()
          .build();
      String document = TestPgpKey.clearSigner(TEXT).signedByPrimaryKeyOf(key).build();

      assertThat(verify(keyring(key), document))
          .isEqualTo(new VerifiedInRelease(SIGNED_TEXT, key.fingerprint(), key.keyId()));
    }

    @Test
    void refusesPrimaryKeyNotMarkedForSigning() throws Exception {
      TestPgpKey certifyOnly = TestPgpKey.builder(TestPgpKey.Type.ED25519_LEGACY, "Certify <c@basalt.test>")
          .primaryFlags(PGPKeyFlags.CAN_CERTIFY)
          .build();

      assertThatThrownBy(() -> verify(keyring(certifyOnly), certifyOnly.clearSign(TEXT)))
          .isInstanceOf(SignatureVerificationException.class)
          .hasMessage(noTrustedSignature(certifyOnly.keyId(), "key " + certifyOnly.fingerprint()
              + " is not marked for signing (its key flags lack 'sign')") + ADVICE_KEY);
    }

    @Test
    void refusesSubkeyNotMarkedForSigning() throws Exception {
      TestPgpKey key = TestPgpKey.builder(TestPgpKey.Type.ED25519_LEGACY, "Encrypt <e@basalt.test>")
          .signingSubkey()
          .subkeyFlags(PGPKeyFlags.CAN_ENCRYPT_COMMS | PGPKeyFlags.CAN_ENCRYPT_STORAGE)
          .build();

      assertThatThrownBy(() -> verify(keyring(key), key.clearSign(TEXT)))
          .isInstanceOf(SignatureVerificationException.class)
          .hasMessage(noTrustedSignature(key.signingKeyId(), subkey(key)
              + " is not marked for signing (its key flags lack 'sign')") + ADVICE_KEY);
    }

    @Test
    void refusesSigningSubkeyWithoutBackSignature() throws Exception {
      TestPgpKey key = TestPgpKey.builder(TestPgpKey.Type.ED25519_LEGACY, "No back <nb@basalt.test>")
          .signingSubkey()
          .subkeyWithoutBackSignature()
          .build();

      assertThatThrownBy(() -> verify(keyring(key), key.clearSign(TEXT)))
          .isInstanceOf(SignatureVerificationException.class)
          .hasMessage(noTrustedSignature(key.signingKeyId(), subkey(key) + " is not cross-certified: its "
              + "binding lacks a valid primary key binding signature made by the subkey") + ADVICE_KEY);
    }

    @Test
    void refusesSubkeyWhoseBindingUsesSha1() throws Exception {
      TestPgpKey key = TestPgpKey.builder(TestPgpKey.Type.RSA_2048, "SHA1 binding <s@basalt.test>")
          .signingSubkey()
          .selfSignatureHash(HashAlgorithmTags.SHA1)
          .build();

      assertThatThrownBy(() -> verify(keyring(key), key.clearSign(TEXT)))
          .isInstanceOf(SignatureVerificationException.class)
          .hasMessage(noTrustedSignature(key.signingKeyId(), "key " + key.fingerprint() + " has no valid "
              + "self-signature made with " + ACCEPTED_DIGESTS + " (an old SHA1 self-signature is not enough)")
              + ADVICE_KEY);
    }
  }

  @Nested
  class KeyValidity {
    @Test
    void acceptsKeyThatExpiresLater() throws Exception {
      TestPgpKey key = TestPgpKey.builder(TestPgpKey.Type.ED25519_LEGACY, "Valid <v@basalt.test>")
          .expiresAfter(Duration.ofDays(365))
          .build();

      assertThat(verify(keyring(key), key.clearSign(TEXT)).signerFingerprint()).isEqualTo(key.fingerprint());
    }

    @Test
    void refusesExpiredPrimaryKey() throws Exception {
      TestPgpKey expired = TestPgpKey.builder(TestPgpKey.Type.ED25519_LEGACY, "Expired <x@basalt.test>")
          .expiresAfter(Duration.ofDays(30))
          .build();
      String document = TestPgpKey.clearSigner(TEXT).signedBy(expired)
          .signedAt(TestPgpKey.CREATED.plus(Duration.ofDays(10)))
          .build();

      assertThatThrownBy(() -> verify(keyring(expired), document))
          .isInstanceOf(SignatureVerificationException.class)
          .hasMessage(noTrustedSignature(expired.keyId(), "key " + expired.fingerprint()
              + " expired on 2025-01-31T00:00:00Z") + ADVICE_KEY);
    }

    @Test
    void refusesExpiredSubkey() throws Exception {
      TestPgpKey key = TestPgpKey.builder(TestPgpKey.Type.ED25519_LEGACY, "Expired sub <xs@basalt.test>")
          .signingSubkey()
          .subkeyExpiresAfter(Duration.ofDays(30))
          .build();

      assertThatThrownBy(() -> verify(keyring(key), key.clearSign(TEXT)))
          .isInstanceOf(SignatureVerificationException.class)
          .hasMessage(noTrustedSignature(key.signingKeyId(), subkey(key) + " expired on 2025-01-31T00:00:00Z")
              + ADVICE_KEY);
    }

    @Test
    void refusesRevokedPrimaryKey() throws Exception {
      TestPgpKey revoked = TestPgpKey.builder(TestPgpKey.Type.ED25519_LEGACY, "Revoked <r@basalt.test>")
          .revoked()
          .build();

      assertThatThrownBy(() -> verify(keyring(revoked), revoked.clearSign(TEXT)))
          .isInstanceOf(SignatureVerificationException.class)
          .hasMessage(noTrustedSignature(revoked.keyId(), "key " + revoked.fingerprint()
              + " has been revoked (reason given: key retired)") + ADVICE_KEY);
    }

    @Test
    void refusesRevokedSubkey() throws Exception {
      TestPgpKey key = TestPgpKey.builder(TestPgpKey.Type.ED25519_LEGACY, "Revoked sub <rs@basalt.test>")
          .signingSubkey()
          .subkeyRevoked()
          .build();

      assertThatThrownBy(() -> verify(keyring(key), key.clearSign(TEXT)))
          .isInstanceOf(SignatureVerificationException.class)
          .hasMessage(noTrustedSignature(key.signingKeyId(), subkey(key)
              + " has been revoked (reason given: key retired)") + ADVICE_KEY);
    }

    @Test
    void refusesKeyRevokedInOneOfTwoCopiesInTheKeyring() throws Exception {
      TestPgpKey revoked = TestPgpKey.builder(TestPgpKey.Type.ED25519_LEGACY, "Twice <t@basalt.test>")
          .revoked()
          .build();
      PGPPublicKey primary = revoked.publicKeyring().getPublicKey();
      PGPSignature revocation = primary.getSignaturesOfType(PGPSignature.KEY_REVOCATION).next();
      PGPPublicKeyRing unrevokedCopy = new PGPPublicKeyRing(List.of(PGPPublicKey.removeCertification(primary, revocation)));
      ByteArrayOutputStream bothCopies = new ByteArrayOutputStream();
      unrevokedCopy.encode(bothCopies, true);
      revoked.publicKeyring().encode(bothCopies, true);

      assertThatThrownBy(() -> verify(Keyring.fromBytes(bothCopies.toByteArray(), "test keyring"), revoked.clearSign(TEXT)))
          .isInstanceOf(SignatureVerificationException.class)
          .hasMessage(noTrustedSignature(revoked.keyId(), "key " + revoked.fingerprint()
              + " has been revoked (reason given: key retired)") + ADVICE_KEY);
    }

    @Test
    void refusesKeyRevokedByDesignatedRevokerInKeyring() throws Exception {
      TestPgpKey revoker = TestPgpKey.ed25519("Revoker <revoker@basalt.test>");
      TestPgpKey key = TestPgpKey.builder(TestPgpKey.Type.ED25519_LEGACY, "Designated <d@basalt.test>")
          .designatedRevoker(revoker)
          .revokedBy(revoker)
          .build();

      assertThatThrownBy(() -> verify(keyring(key, revoker), key.clearSign(TEXT)))
          .isInstanceOf(SignatureVerificationException.class)
          .hasMessage(noTrustedSignature(key.keyId(), "key " + key.fingerprint() + " has been revoked by its "
              + "designated revoker " + revoker.fingerprint() + " (reason given: key retired)") + ADVICE_KEY);
    }

    @Test
    void refusesKeyWithRevocationByDesignatedRevokerThatCannotBeChecked() throws Exception {
      TestPgpKey revoker = TestPgpKey.ed25519("Revoker <revoker@basalt.test>");
      TestPgpKey key = TestPgpKey.builder(TestPgpKey.Type.ED25519_LEGACY, "Designated <d@basalt.test>")
          .designatedRevoker(revoker)
          .revokedBy(revoker)
          .build();

      assertThatThrownBy(() -> verify(keyring(key), key.clearSign(TEXT)))
          .isInstanceOf(SignatureVerificationException.class)
          .hasMessage(noTrustedSignature(key.keyId(), "key " + key.fingerprint() + " carries a revocation by "
              + "its designated revoker " + revoker.fingerprint() + ", which is not in the keyring to check it "
              + "(reason given: key retired)") + ADVICE_KEY);
    }

    @Test
    void ignoresRevocationByKeyThatIsNotDesignatedRevoker() throws Exception {
      TestPgpKey key = TestPgpKey.builder(TestPgpKey.Type.ED25519_LEGACY, "Not revoked <n@basalt.test>")
          .revokedBy(STRANGER)
          .build();

      assertThat(verify(keyring(key, STRANGER), key.clearSign(TEXT)))
          .isEqualTo(new VerifiedInRelease(SIGNED_TEXT, key.fingerprint(), key.keyId()));
    }

    @Test
    void refusesSignatureClaimingToPredateItsKey() throws Exception {
      String document = TestPgpKey.clearSigner(TEXT).signedBy(EDDSA)
          .signedAt(TestPgpKey.CREATED.minus(Duration.ofDays(1)))
          .build();

      assertThatThrownBy(() -> verify(keyring(EDDSA), document))
          .isInstanceOf(SignatureVerificationException.class)
          .hasMessage(noTrustedSignature(EDDSA.keyId(), "key " + EDDSA.fingerprint() + " was created on "
              + "2025-01-01T00:00:00Z, after the signature claims to have been made (2024-12-31T00:00:00Z)")
              + ADVICE_KEY);
    }
  }

  @Nested
  class SignatureProperties {
    @Test
    void refusesSha1Signature() throws Exception {
      assertThatThrownBy(() -> verify(keyring(RSA), RSA.clearSign(TEXT, HashAlgorithmTags.SHA1)))
          .isInstanceOf(SignatureVerificationException.class)
          .hasMessage(noTrustedSignature(RSA.keyId(), "digest SHA1 is too weak (accepted: " + ACCEPTED_DIGESTS
              + ")") + ADVICE_DIGEST);
    }

    @Test
    void refusesMd5Signature() throws Exception {
      assertThatThrownBy(() -> verify(keyring(RSA), RSA.clearSign(TEXT, HashAlgorithmTags.MD5)))
          .isInstanceOf(SignatureVerificationException.class)
          .hasMessage(noTrustedSignature(RSA.keyId(), "digest MD5 is too weak (accepted: " + ACCEPTED_DIGESTS
              + ")") + ADVICE_DIGEST);
    }

    @Test
    void acceptsSha512Signature() throws Exception {
      String document = RSA.clearSign(TEXT, HashAlgorithmTags.SHA512);

      assertThat(document).contains("\nHash: SHA512\n");
      assertThat(verify(keyring(RSA), document).signedText()).isEqualTo(SIGNED_TEXT);
    }

    @Test
    void refusesDigestThatTheHashHeaderDoesNotDeclare() throws Exception {
      String document = TestPgpKey.clearSigner(TEXT).signedBy(RSA, HashAlgorithmTags.SHA512).hashHeader("SHA256").build();

      assertThatThrownBy(() -> verify(keyring(RSA), document))
          .isInstanceOf(SignatureVerificationException.class)
          .hasMessage(noTrustedSignature(RSA.keyId(), "digest SHA512 is not declared by the message's 'Hash:' "
              + "header") + ADVICE_DOWNLOAD);
    }

    @Test
    void acceptsHashHeaderListingSeveralDigests() throws Exception {
      String document = TestPgpKey.clearSigner(TEXT)
          .signedBy(RSA, HashAlgorithmTags.SHA256)
          .signedBy(EDDSA, HashAlgorithmTags.SHA512)
          .build();

      assertThat(document).contains("\nHash: SHA256,SHA512\n");
      assertThat(verify(keyring(EDDSA), document))
          .isEqualTo(new VerifiedInRelease(SIGNED_TEXT, EDDSA.fingerprint(), EDDSA.keyId()));
    }

    @Test
    void acceptsMessageWithoutHashHeader() throws Exception {
      String document = TestPgpKey.clearSigner(TEXT).signedBy(EDDSA).withoutHashHeader().build();

      assertThat(verify(keyring(EDDSA), document).signedText()).isEqualTo(SIGNED_TEXT);
    }

    @Test
    void refusesBinaryDocumentSignature() throws Exception {
      String document = TestPgpKey.clearSigner(TEXT).signedBy(EDDSA)
          .signatureType(PGPSignature.BINARY_DOCUMENT)
          .build();

      assertThatThrownBy(() -> verify(keyring(EDDSA), document))
          .isInstanceOf(SignatureVerificationException.class)
          .hasMessage(noTrustedSignature(EDDSA.keyId(), "signature type 0x00 is not the text signature type "
              + "(0x01) that the cleartext framework requires") + ADVICE_DOWNLOAD);
    }

    @Test
    void refusesSignatureFromTheFuture() throws Exception {
      String document = TestPgpKey.clearSigner(TEXT).signedBy(EDDSA).signedAt(NOW.plus(Duration.ofHours(1))).build();

      assertThatThrownBy(() -> verify(keyring(EDDSA), document))
          .isInstanceOf(SignatureVerificationException.class)
          .hasMessage(noTrustedSignature(EDDSA.keyId(), "made at 2025-06-02T01:00:00Z, more than 5 minutes in "
              + "the future (clock: 2025-06-02T00:00:00Z)") + ADVICE_CLOCK);
    }

    @Test
    void toleratesSmallClockSkew() throws Exception {
      String document = TestPgpKey.clearSigner(TEXT).signedBy(EDDSA).signedAt(NOW.plus(Duration.ofMinutes(4))).build();

      assertThat(verify(keyring(EDDSA), document).signerFingerprint()).isEqualTo(EDDSA.fingerprint());
    }

    @Test
    void refusesExpiredSignature() throws Exception {
      String document = TestPgpKey.clearSigner(TEXT).signedBy(EDDSA).signatureExpiresAfter(Duration.ofHours(12)).build();

      assertThatThrownBy(() -> verify(keyring(EDDSA), document))
          .isInstanceOf(SignatureVerificationException.class)
          .hasMessage(noTrustedSignature(EDDSA.keyId(), "signature expired on 2025-06-01T12:00:00Z") + ADVICE_CLOCK);
    }

    @Test
    void refusesSignatureWithUnknownCriticalSubpacket() throws Exception {
      String document = TestPgpKey.clearSigner(TEXT).signedBy(EDDSA).withCriticalNotation("policy@basalt.test").build();

      assertThatThrownBy(() -> verify(keyring(EDDSA), document))
          .isInstanceOf(SignatureVerificationException.class)
          .hasMessage(noTrustedSignature(EDDSA.keyId(), "critical subpacket 20 is not understood") + ADVICE_CLOCK);
    }
  }

  @Nested
  class SeveralSignatures {
    @Test
    void skipsSignatureByUnknownKeyWhenAnotherIsTrusted() throws Exception {
      String document = TestPgpKey.clearSigner(TEXT).signedBy(STRANGER).signedBy(RSA_WITH_SUBKEY).build();

      assertThat(verify(keyring(RSA_WITH_SUBKEY), document)).isEqualTo(
          new VerifiedInRelease(SIGNED_TEXT, RSA_WITH_SUBKEY.fingerprint(), RSA_WITH_SUBKEY.signingKeyId()));
    }

    @Test
    void reportsTheFirstTrustedSignatureAndEveryTrustedSigner() throws Exception {
      String document = TestPgpKey.clearSigner(TEXT).signedBy(EDDSA).signedBy(RSA).build();

      assertThat(verify(keyring(RSA, EDDSA), document)).isEqualTo(new VerifiedInRelease(
          SIGNED_TEXT, EDDSA.fingerprint(), EDDSA.keyId(), List.of(EDDSA.fingerprint(), RSA.fingerprint())));
    }

    @Test
    void skipsSignatureByExpiredKeyWhenAnotherIsTrusted() throws Exception {
      TestPgpKey expired = TestPgpKey.builder(TestPgpKey.Type.ED25519_LEGACY, "Old <old@basalt.test>")
          .expiresAfter(Duration.ofDays(30))
          .build();
      String document = TestPgpKey.clearSigner(TEXT).signedBy(expired).signedBy(EDDSA)
          .signedAt(TestPgpKey.CREATED.plus(Duration.ofDays(1)))
          .build();

      assertThat(verify(keyring(expired, EDDSA), document))
          .isEqualTo(new VerifiedInRelease(SIGNED_TEXT, EDDSA.fingerprint(), EDDSA.keyId()));
    }

    @Test
    void refusesMessageSignedOnlyByUnknownKeysAndNamesThem() throws Exception {
      String document = TestPgpKey.clearSigner(TEXT).signedBy(STRANGER).signedBy(OTHER_STRANGER).build();

      assertThatThrownBy(() -> verify(keyring(RSA, EDDSA), document))
          .isInstanceOf(SignatureVerificationException.class)
          .hasMessage(SOURCE + " is signed only by keys that are not in test keyring (signing key IDs: "
              + STRANGER.keyId() + ", " + OTHER_STRANGER.keyId() + "). Use the keyring that belongs to this "
              + "archive and suite, or add the archive's signing key to your keyring.");
    }

    @Test
    void listsEverySignatureWhenNoneIsTrusted() throws Exception {
      TestPgpKey expired = TestPgpKey.builder(TestPgpKey.Type.ED25519_LEGACY, "Old <old@basalt.test>")
          .expiresAfter(Duration.ofDays(30))
          .build();
      String document = TestPgpKey.clearSigner(TEXT).signedBy(STRANGER).signedBy(expired)
          .signedAt(TestPgpKey.CREATED.plus(Duration.ofDays(1)))
          .build();

      assertThatThrownBy(() -> verify(keyring(expired), document))
          .isInstanceOf(SignatureVerificationException.class)
          .hasMessage(SOURCE + " has no signature that test keyring can vouch for: signature by key "
              + STRANGER.keyId() + ": key not in the keyring; signature by key " + expired.keyId() + ": key "
              + expired.fingerprint() + " expired on 2025-01-31T00:00:00Z. Refusing to trust it. " + ADVICE_KEY);
    }

    @Test
    void refusesMessageWithBadSignatureByKnownKeyEvenWhenAnotherIsGood() throws Exception {
      String document = TestPgpKey.clearSigner(TEXT).signedBy(EDDSA).signedOverOtherText(RSA, TEXT + "\nExtra: 1").build();

      assertThatThrownBy(() -> verify(keyring(RSA, EDDSA), document))
          .isInstanceOf(SignatureVerificationException.class)
          .hasMessage(badSignature(RSA.keyId()));
    }
  }

  @Nested
  class TamperedText {
    @Test
    void refusesChangedText() throws Exception {
      String tampered = RSA.clearSign(TEXT).replace("Suite: stable", "Suite: unstable");

      assertThatThrownBy(() -> verify(keyring(RSA), tampered))
          .isInstanceOf(SignatureVerificationException.class)
          .hasMessage(badSignature(RSA.keyId()));
    }

    @Test
    void refusesAddedLine() throws Exception {
      String tampered = EDDSA.clearSign(TEXT).replace("Codename: trixie\n", "Codename: trixie\nNo-Verify: yes\n");

      assertThatThrownBy(() -> verify(keyring(EDDSA), tampered))
          .isInstanceOf(SignatureVerificationException.class)
          .hasMessage(badSignature(EDDSA.keyId()));
    }

    @Test
    void refusesTextMovedAcrossLineBreak() throws Exception {
      String tampered = EDDSA.clearSign(TEXT).replace("Suite: stable\nCodename: trixie", "Suite: stable Codename: trixie");

      assertThatThrownBy(() -> verify(keyring(EDDSA), tampered))
          .isInstanceOf(SignatureVerificationException.class)
          .hasMessage(badSignature(EDDSA.keyId()));
    }

    @Test
    void ignoresTrailingWhitespaceAddedAfterSigningBecauseItIsNotSigned() throws Exception {
      String padded = EDDSA.clearSign(TEXT).replace("Suite: stable\n", "Suite: stable \t \n");

      assertThat(verify(keyring(EDDSA), padded).signedText()).isEqualTo(SIGNED_TEXT);
    }
  }

  @Nested
  class CleartextFramework {
    @Test
    void removesDashEscapingAndTrailingWhitespace() throws Exception {
      String text = "Origin: Basalt  \n-----BEGIN PGP SIGNATURE-----\n- item\n--\n\t\nLast: line\t";
      String document = EDDSA.clearSign(text);

      assertThat(document).contains("\n- -----BEGIN PGP SIGNATURE-----\n- - item\n- --\n");
      VerifiedInRelease verified = verify(keyring(EDDSA), document);
      assertThat(verified.signedText())
          .isEqualTo("Origin: Basalt\r\n-----BEGIN PGP SIGNATURE-----\r\n- item\r\n--\r\n\r\nLast: line");
      assertThat(verified.lines())
          .containsExactly("Origin: Basalt", "-----BEGIN PGP SIGNATURE-----", "- item", "--", "", "Last: line");
    }

    @Test
    void keepsFinalLineBreakThatWasSigned() throws Exception {
      String document = EDDSA.clearSign("Origin: Basalt\n");

      assertThat(document).contains("\nOrigin: Basalt\n\n-----BEGIN PGP SIGNATURE-----\n");
      assertThat(verify(keyring(EDDSA), document).signedText()).isEqualTo("Origin: Basalt\r\n");
    }

    @Test
    void acceptsCrLfLineEndings() throws Exception {
      String document = EDDSA.clearSign(TEXT).replace("\n", "\r\n");

      assertThat(verify(keyring(EDDSA), document).signedText()).isEqualTo(SIGNED_TEXT);
    }

    @Test
    void acceptsBlankLinesAroundTheMessage() throws Exception {
      String document = "\n \n" + EDDSA.clearSign(TEXT) + "\n\t\n";

      assertThat(verify(keyring(EDDSA), document).signedText()).isEqualTo(SIGNED_TEXT);
    }

    @Test
    void refusesPlainText() {
      assertThatThrownBy(() -> verify(keyring(EDDSA), TEXT))
          .isInstanceOf(SignatureVerificationException.class)
          .hasMessage(notClearsigned());
    }

    @Test
    void refusesEmptyFile() {
      assertThatThrownBy(() -> verify(keyring(EDDSA), ""))
          .isInstanceOf(SignatureVerificationException.class)
          .hasMessage(notClearsigned());
    }

    @Test
    void refusesTextBeforeTheSignedMessage() {
      String document = "Origin: Evil\n" + EDDSA.clearSign(TEXT);

      assertThatThrownBy(() -> verify(keyring(EDDSA), document))
          .isInstanceOf(SignatureVerificationException.class)
          .hasMessage(notClearsigned());
    }

    @Test
    void refusesTextAfterTheSignature() {
      String document = EDDSA.clearSign(TEXT) + "\nOrigin: Evil\n";
      int evilLine = (int) document.lines().count();

      assertThatThrownBy(() -> verify(keyring(EDDSA), document))
          .isInstanceOf(SignatureVerificationException.class)
          .hasMessage(malformed("line " + evilLine + " follows the signature block; nothing but blank lines may "
              + "follow '-----END PGP SIGNATURE-----'"));
    }

    @Test
    void refusesSecondSignedMessageAfterTheFirst() {
      String document = EDDSA.clearSign(TEXT) + EDDSA.clearSign("Origin: Evil");
      int secondStart = (int) EDDSA.clearSign(TEXT).lines().count() + 1;

      assertThatThrownBy(() -> verify(keyring(EDDSA), document))
          .isInstanceOf(SignatureVerificationException.class)
          .hasMessage(malformed("line " + secondStart + " follows the signature block; nothing but blank lines "
              + "may follow '-----END PGP SIGNATURE-----'"));
    }

    @Test
    void refusesMessageWithoutSignatureBlock() {
      String signed = EDDSA.clearSign(TEXT);
      String truncated = signed.substring(0, signed.indexOf("-----BEGIN PGP SIGNATURE-----"));

      assertThatThrownBy(() -> verify(keyring(EDDSA), truncated))
          .isInstanceOf(SignatureVerificationException.class)
          .hasMessage(SOURCE + " has no signature: no '-----BEGIN PGP SIGNATURE-----' line follows the signed "
              + "text. The file is truncated or unsigned; download it again, and if this persists do not trust "
              + "the mirror.");
    }

    @Test
    void refusesSignatureBlockWithoutEnd() {
      String signed = EDDSA.clearSign(TEXT);
      String truncated = signed.substring(0, signed.indexOf("-----END PGP SIGNATURE-----"));

      assertThatThrownBy(() -> verify(keyring(EDDSA), truncated))
          .isInstanceOf(SignatureVerificationException.class)
          .hasMessage(malformed("the signature block has no '-----END PGP SIGNATURE-----' line"));
    }

    @Test
    void refusesLineStartingWithDashThatIsNotEscaped() {
      String document = EDDSA.clearSign(TEXT).replace("SHA256:\n", "SHA256:\n-Evil: yes\n");

      assertThatThrownBy(() -> verify(keyring(EDDSA), document))
          .isInstanceOf(SignatureVerificationException.class)
          .hasMessage(malformed("line 9 ('-Evil: yes') starts with '-' but is not dash-escaped"));
    }

    @Test
    void refusesArmorHeaderOtherThanHash() {
      String document = EDDSA.clearSign(TEXT).replace("Hash: SHA256\n", "Hash: SHA256\nComment: trust me\n");

      assertThatThrownBy(() -> verify(keyring(EDDSA), document))
          .isInstanceOf(SignatureVerificationException.class)
          .hasMessage(malformed("line 3 is the armor header 'Comment: trust me'; a signed message may only carry "
              + "'Hash:' headers"));
    }

    @Test
    void refusesUnknownDigestInHashHeader() {
      String document = TestPgpKey.clearSigner(TEXT).signedBy(EDDSA).hashHeader("SHA256\u000bOrigin: Evil").build();

      assertThatThrownBy(() -> verify(keyring(EDDSA), document))
          .isInstanceOf(SignatureVerificationException.class)
          .hasMessage(malformed("line 2 names the unknown digest 'SHA256?Origin: Evil' in its 'Hash:' header"));
    }

    @Test
    void refusesCarriageReturnInsideLine() {
      String document = EDDSA.clearSign(TEXT).replace("Suite: stable\n", "Suite: stable\rCodename: sid\n");

      assertThatThrownBy(() -> verify(keyring(EDDSA), document))
          .isInstanceOf(SignatureVerificationException.class)
          .hasMessage(malformed("line 5 contains a carriage return that does not end the line"));
    }

    @Test
    void refusesSignedTextThatIsNotUtf8() {
      byte[] document = EDDSA.clearSign(TEXT).replace("Origin: Basalt", "Origin: Basalt?").getBytes(UTF_8);
      document[new String(document, UTF_8).indexOf('?')] = (byte) 0xff;

      assertThatThrownBy(() -> new InReleaseVerifier(keyring(EDDSA), CLOCK).verify(document, SOURCE))
          .isInstanceOf(SignatureVerificationException.class)
          .hasMessage(malformed("the signed text is not valid UTF-8"));
    }

    @Test
    void refusesCorruptedArmorChecksum() {
      String signed = EDDSA.clearSign(TEXT);
      int base64 = signed.indexOf("-----BEGIN PGP SIGNATURE-----") + "-----BEGIN PGP SIGNATURE-----\n\n".length();
      char original = signed.charAt(base64 + 10);
      String corrupted = signed.substring(0, base64 + 10) + (original == 'A' ? 'B' : 'A') + signed.substring(base64 + 11);

      assertThatThrownBy(() -> verify(keyring(EDDSA), corrupted))
          .isInstanceOf(SignatureVerificationException.class)
          .hasMessage(malformed("the signature block is not valid ASCII armor (crc check failed in armored message)"));
    }

    @Test
    void refusesSignatureBlockCarryingSomethingOtherThanSignatures() {
      String document = "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n" + TEXT + "\n"
          + "-----BEGIN PGP SIGNATURE-----\n\n"
          + Base64.getMimeEncoder(64, "\n".getBytes(UTF_8)).encodeToString(EDDSA.publicKeyringBinary()) + "\n"
          + "-----END PGP SIGNATURE-----\n";

      assertThatThrownBy(() -> verify(keyring(EDDSA), document))
          .isInstanceOf(SignatureVerificationException.class)
          .hasMessage(malformed("the signature block contains a PGPPublicKeyRing; only signature packets are allowed"));
    }

    @Test
    void refusesEmptySignatureBlock() {
      String document = "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n" + TEXT + "\n"
          + "-----BEGIN PGP SIGNATURE-----\n\n-----END PGP SIGNATURE-----\n";

      assertThatThrownBy(() -> verify(keyring(EDDSA), document))
          .isInstanceOf(SignatureVerificationException.class)
          .hasMessage(malformed("the signature block is not valid ASCII armor (invalid armor)"));
    }
  }

  /** Files signed by GnuPG 2.2.40, so that the framework rules are not only checked against our own signer. */
  @Nested
  class GnuPgSignedFixture {
    private final Clock afterSigning = Clock.fixed(Instant.parse("2026-11-28T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void verifiesDashEscapedAndWhitespacePaddedTextSignedByGnuPg() throws Exception {
      Keyring keyring = Keyring.fromBytes(resource("gpg-ed25519-key.asc"), "gpg-ed25519-key.asc");

      VerifiedInRelease verified = new InReleaseVerifier(keyring, afterSigning)
          .verify(resource("gpg-two-signers-InRelease"), "gpg-two-signers-InRelease");

      assertThat(verified).isEqualTo(new VerifiedInRelease(
          "Origin: Basalt Test\r\n"
              + "Label: dash-escaping and whitespace\r\n"
              + "Suite: test\r\n"
              + "-----BEGIN PGP SIGNATURE-----\r\n"
              + "- already dashed\r\n"
              + "--\r\n"
              + "-\r\n"
              + "\r\n"
              + "From the archive\r\n"
              + "Description: \u00dcn\u00efc\u00f6d\u00e9 text\r\n"
              + " trailing-space-only-line:\r\n"
              + "\r\n"
              + "Last: line",
          "B3AE132BA189687DC18F2BC413EB6DCA5AA63CA1", "13EB6DCA5AA63CA1"));
    }

    @Test
    void verifiesGnuPgSigningSubkeyWithBackSignatureInUnhashedArea() throws Exception {
      Keyring keyring = Keyring.fromBytes(resource("gpg-rsa-subkey-key.asc"), "gpg-rsa-subkey-key.asc");

      VerifiedInRelease verified = new InReleaseVerifier(keyring, afterSigning)
          .verify(resource("gpg-two-signers-InRelease"), "gpg-two-signers-InRelease");

      assertThat(verified.signerFingerprint()).isEqualTo("E9C3046D5AA8F6D55D47C3615C12BB16B0D1CD61");
      assertThat(verified.signingKeyId()).isEqualTo("B48616CF3594FF29");
    }
  }

  /** Real files from deb.debian.org, fetched on 2026-11-27; see README.txt beside them. */
  @Nested
  class RealDebianFiles {
    private static final String TRIXIE = "http://deb.debian.org/debian/dists/trixie/InRelease";
    private static final String TRIXIE_SECURITY = "http://deb.debian.org/debian-security/dists/trixie-security/InRelease";
    private final Clock trixieDate = Clock.fixed(Instant.parse("2026-11-21T09:15:44Z"), ZoneOffset.UTC);
    private final Clock trixieSecurityDate = Clock.fixed(Instant.parse("2026-11-25T22:33:13Z"), ZoneOffset.UTC);

    @Test
    void verifiesTrixieWithBundledTrixieKeyring() throws Exception {
      VerifiedInRelease verified = new InReleaseVerifier(Keyring.named("debian-trixie"), trixieDate)
          .verify(resource("trixie-InRelease"), TRIXIE);

      assertThat(verified.signerFingerprint()).isEqualTo("04B54C3CDCA79751B16BC6B5225629DF75B188BD");
      assertThat(verified.signingKeyId()).isEqualTo("78DBA3BC47EF2265");
      assertThat(verified.signerFingerprints()).as("the archive key and the stable release key both signed it")
          .containsExactly("04B54C3CDCA79751B16BC6B5225629DF75B188BD", "41587F7DB8C774BCCF131416762F67A0B2C39DE4");
      assertThat(verified.lines()).hasSize(1454);
      assertThat(verified.lines().subList(0, 5))
          .containsExactly("Origin: Debian", "Label: Debian", "Suite: stable", "Version: 13.8", "Codename: trixie");
      assertThat(sha256(verified.signedText()))
          .isEqualTo("f010e68f600f270b59471f0ed093f237c63fcb0ba486f54bc16def874033810e");
    }

    @Test
    void verifiesTrixieSecurityWithBundledTrixieSecurityKeyring() throws Exception {
      VerifiedInRelease verified = new InReleaseVerifier(Keyring.named("debian-trixie-security"), trixieSecurityDate)
          .verify(resource("trixie-security-InRelease"), TRIXIE_SECURITY);

      assertThat(verified.signerFingerprint()).isEqualTo("5E04A1E3223A19A20706E20F9904613D4CCE68C6");
      assertThat(verified.signingKeyId()).isEqualTo("8E9F831205B4BA95");
      assertThat(verified.lines()).hasSize(384);
      assertThat(sha256(verified.signedText()))
          .isEqualTo("f99a666363af93a345d547b791b241bcfb3cde950411f44bbf6753fbcd07487d");
    }

    @Test
    void verifiesTrixieByRealLegacyEdDsaStableReleaseKey() throws Exception {
      Path stableKey = Path.of(InReleaseVerifierTest.class.getResource("debian-archive-trixie-stable.gpg").toURI());

      VerifiedInRelease verified = new InReleaseVerifier(Keyring.fromFile(stableKey), trixieDate)
          .verify(resource("trixie-InRelease"), TRIXIE);

      assertThat(verified.signerFingerprint()).isEqualTo("41587F7DB8C774BCCF131416762F67A0B2C39DE4");
      assertThat(verified.signingKeyId()).isEqualTo("762F67A0B2C39DE4");
    }

    @Test
    void verifiesTrixieWithBookwormKeyringBecauseDebianSignsWithBothAutomaticKeys() throws Exception {
      VerifiedInRelease verified = new InReleaseVerifier(Keyring.named("debian-bookworm"), trixieDate)
          .verify(resource("trixie-InRelease"), TRIXIE);

      assertThat(verified.signerFingerprint()).isEqualTo("B8B80B5B623EAB6AD8775C45B7C5D7D6350947F8");
      assertThat(verified.signingKeyId()).isEqualTo("6ED0E7B82643E131");
    }

    @Test
    void refusesTrixieSecurityWithMainArchiveKeyring() {
      assertThatThrownBy(() -> new InReleaseVerifier(Keyring.named("debian-trixie"), trixieSecurityDate)
          .verify(resource("trixie-security-InRelease"), TRIXIE_SECURITY))
          .isInstanceOf(SignatureVerificationException.class)
          .hasMessage(TRIXIE_SECURITY + " is signed only by keys that are not in bundled keyring debian-trixie "
              + "(signing key IDs: BDE6D2B9216EC7A8, 8E9F831205B4BA95). Use the keyring that belongs to this "
              + "archive and suite, or add the archive's signing key to your keyring.");
    }

    @Test
    void refusesTrixieOnceTheBundledKeysHaveExpired() {
      Clock in2036 = Clock.fixed(Instant.parse("2036-01-01T00:00:00Z"), ZoneOffset.UTC);

      assertThatThrownBy(() -> new InReleaseVerifier(Keyring.named("debian-trixie"), in2036)
          .verify(resource("trixie-InRelease"), TRIXIE))
          .isInstanceOf(SignatureVerificationException.class)
          .hasMessage(TRIXIE + " has no signature that bundled keyring debian-trixie can vouch for: "
              + "signature by key 6ED0E7B82643E131: key not in the keyring; "
              + "signature by key 78DBA3BC47EF2265: key 04B54C3CDCA79751B16BC6B5225629DF75B188BD expired on "
              + "2035-03-28T12:50:29Z; "
              + "signature by key 762F67A0B2C39DE4: key 41587F7DB8C774BCCF131416762F67A0B2C39DE4 expired on "
              + "2033-03-22T18:56:21Z. Refusing to trust it. " + ADVICE_KEY);
    }

    @Test
    void refusesTamperedTrixie() {
      byte[] tampered = new String(resource("trixie-InRelease"), UTF_8)
          .replace("Suite: stable", "Suite: testing")
          .getBytes(UTF_8);

      assertThatThrownBy(() -> new InReleaseVerifier(Keyring.named("debian-trixie"), trixieDate).verify(tampered, TRIXIE))
          .isInstanceOf(SignatureVerificationException.class)
          .hasMessage(TRIXIE + " has a BAD signature by key 78DBA3BC47EF2265, 762F67A0B2C39DE4 from bundled "
              + "keyring debian-trixie: the signed text or the signature was altered after signing. Do not use "
              + "this file. " + ADVICE_DOWNLOAD);
    }
  }

  @Test
  void rejectsNullArguments() throws Exception {
    InReleaseVerifier verifier = new InReleaseVerifier(keyring(EDDSA), CLOCK);

    assertThatThrownBy(() -> verifier.verify(null, SOURCE))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("inRelease == null");
    assertThatThrownBy(() -> verifier.verify(new byte[0], null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("source == null");
  }

  private static String noTrustedSignature(String keyId, String reason) {
    return SOURCE + " has no signature that test keyring can vouch for: signature by key " + keyId + ": "
        + reason + ". Refusing to trust it. ";
  }

  private static String badSignature(String keyId) {
    return SOURCE + " has a BAD signature by key " + keyId + " from test keyring: the signed text or the "
        + "signature was altered after signing. Do not use this file. " + ADVICE_DOWNLOAD;
  }

  private static String notClearsigned() {
    return SOURCE + " is not a clearsigned OpenPGP message: it does not start with '-----BEGIN PGP SIGNED "
        + "MESSAGE-----'. An InRelease file is signed inline; check that the URL names InRelease (not "
        + "Release) and that no proxy replaced the file.";
  }

  private static String malformed(String what) {
    return SOURCE + " is not a well-formed clearsigned message: " + what + ". " + ADVICE_DOWNLOAD;
  }

  private static String subkey(TestPgpKey key) {
    return "subkey " + key.signingKeyId() + " of key " + key.fingerprint();
  }

  private static VerifiedInRelease verify(Keyring keyring, String document) throws SignatureVerificationException {
    return new InReleaseVerifier(keyring, CLOCK).verify(document.getBytes(UTF_8), SOURCE);
  }

  private static Keyring keyring(TestPgpKey... keys) throws ArchiveException {
    return Keyring.fromBytes(TestPgpKey.keyringArmored(keys), "test keyring");
  }

  private static byte[] resource(String name) {
    try (InputStream in = InReleaseVerifierTest.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(UTF_8)));
  }
}
