package dev.basalt.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyPacket;
import org.bouncycastle.bcpg.sig.RevocationReasonTags;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyFlags;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPKeyPair;

/**
 * Throwaway OpenPGP keys, and clearsigned documents made with them, for tests that need a
 * signature they control: expired, revoked, weak, signed by a subkey, and so on. Generating RSA
 * keys takes a moment, so tests keep the keys they reuse in static fields.
 */
public final class TestPgpKey {
  /** Default creation time of keys: fixed so that expiry dates in assertions are exact. */
  public static final Instant CREATED = Instant.parse("2025-01-01T00:00:00Z");
  /** Default creation time of document signatures. Verify with a clock after this. */
  public static final Instant SIGNED = Instant.parse("2025-06-01T00:00:00Z");
  /** The revocation reason written into revocation signatures. */
  public static final String REVOCATION_REASON = "key retired";

  private static final int KEY_SIGNATURE_HASH = HashAlgorithmTags.SHA512;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Key algorithms, including the weak ones a verifier must refuse. */
  public enum Type {
    RSA_1024, RSA_2048, RSA_3072,
    /** EdDSA (algorithm 22) in a version 4 key, as GnuPG and Debian's release keys use. */
    ED25519_LEGACY,
    /** Ed25519 (algorithm 27) of RFC 9580 in a version 4 key. */
    ED25519,
    /** Ed25519 in a version 6 key of RFC 9580, making version 6 signatures. */
    ED25519_V6
  }

  private final String userId;
  private final PGPKeyPair primary;
  private final PGPKeyPair subkey;
  private final PGPPublicKeyRing publicKeys;
  private final int version;

  private TestPgpKey(String userId, PGPKeyPair primary, PGPKeyPair subkey, PGPPublicKeyRing publicKeys, int version) {
    this.userId = userId;
    this.primary = primary;
    this.subkey = subkey;
    this.publicKeys = publicKeys;
    this.version = version;
  }

  /** A 2048-bit RSA key that signs with its primary key. */
  public static TestPgpKey rsa(String userId) {
    return builder(Type.RSA_2048, userId).build();
  }

  /** A legacy EdDSA (algorithm 22) Ed25519 key, as Debian's stable release keys are. */
  public static TestPgpKey ed25519(String userId) {
    return builder(Type.ED25519_LEGACY, userId).build();
  }

  /** An RFC 9580 Ed25519 (algorithm 27) key in a version 4 key. */
  public static TestPgpKey ed25519Rfc9580(String userId) {
    return builder(Type.ED25519, userId).build();
  }

  public static Builder builder(Type type, String userId) {
    return new Builder(type, userId);
  }

  public String userId() {
    return userId;
  }

  /** Fingerprint of the primary key, uppercase hex. */
  public String fingerprint() {
    return hex(primary.getPublicKey().getFingerprint());
  }

  /** Key ID of the primary key, 16 uppercase hex digits. */
  public String keyId() {
    return keyId(primary.getPublicKey());
  }

  /** Key ID of the key that {@link #clearSign} uses: the subkey if there is one. */
  public String signingKeyId() {
    return keyId(signingKeyPair().getPublicKey());
  }

  public PGPPublicKeyRing publicKeyring() {
    return publicKeys;
  }

  public byte[] publicKeyringBinary() {
    return keyringBinary(this);
  }

  public byte[] publicKeyringArmored() {
    return keyringArmored(this);
  }

  /** Several keys in one binary keyring, as 'gpg --export' writes them. */
  public static byte[] keyringBinary(TestPgpKey... keys) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      for (TestPgpKey key : keys) {
        key.publicKeys.encode(out, true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Several keys in one armored keyring, as 'gpg --export --armor' writes them. */
  public static byte[] keyringArmored(TestPgpKey... keys) {
    return armor(keyringBinary(keys));
  }

  /** The primary secret key, unprotected: something a keyring must never accept. */
  public byte[] secretKeyringBinary() {
    try {
      // SHA-1 is what RFC 4880 prescribes for the checksum of an unprotected secret key.
      PGPSecretKey secret = new PGPSecretKey(primary.getPrivateKey(), publicKeys.getPublicKey(),
          new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA1), true, null);
      return new PGPSecretKeyRing(List.of(secret)).getEncoded();
    } catch (PGPException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public byte[] secretKeyringArmored() {
    return armor(secretKeyringBinary());
  }

  /** An InRelease-like clearsigned document with one SHA256 signature made at {@link #SIGNED}. */
  public String clearSign(String text) {
    return clearSigner(text).signedBy(this).build();
  }

  public String clearSign(String text, int hashAlgorithm) {
    return clearSigner(text).signedBy(this, hashAlgorithm).build();
  }

  /** Starts a clearsigned document with any number of signatures. */
  public static ClearSigner clearSigner(String text) {
    return new ClearSigner(text);
  }

  /**
   * A signature over exactly these bytes, with no canonicalisation beyond Bouncy Castle's own
   * line-ending handling for text signatures.
   */
  public PGPSignature sign(byte[] data, int signatureType, int hashAlgorithm, Instant signedAt, boolean withPrimary) {
    return sign(data, signatureType, hashAlgorithm, signedAt, withPrimary, hashed -> { });
  }

  private PGPSignature sign(byte[] data, int signatureType, int hashAlgorithm, Instant signedAt, boolean withPrimary,
      Consumer<PGPSignatureSubpacketGenerator> extraSubpackets) {
    PGPKeyPair signer = withPrimary ? primary : signingKeyPair();
    try {
      PGPSignatureGenerator generator = generator(signer, hashAlgorithm, version);
      generator.init(signatureType, signer.getPrivateKey());
      PGPSignatureSubpacketGenerator hashed = basics(signer.getPublicKey(), signedAt);
      extraSubpackets.accept(hashed);
      generator.setHashedSubpackets(hashed.generate());
      generator.update(data);
      return generator.generate();
    } catch (PGPException e) {
      throw new IllegalStateException(e);
    }
  }

  private PGPKeyPair signingKeyPair() {
    return subkey != null ? subkey : primary;
  }

  /** Builds a clearsigned document as 'gpg --clearsign' lays it out. */
  public static final class ClearSigner {
    private final String text;
    private final List<Signer> signers = new ArrayList<>();
    private Instant signedAt = SIGNED;
    private String hashHeader;
    private boolean withoutHashHeader;
    private int signatureType = PGPSignature.CANONICAL_TEXT_DOCUMENT;
    private Duration signatureValidity;
    private String criticalNotation;

    private record Signer(TestPgpKey key, int hashAlgorithm, boolean withPrimary, String signedText) {}

    private ClearSigner(String text) {
      this.text = Objects.requireNonNull(text, "text == null");
    }

    public ClearSigner signedBy(TestPgpKey key) {
      return signedBy(key, HashAlgorithmTags.SHA256);
    }

    public ClearSigner signedBy(TestPgpKey key, int hashAlgorithm) {
      signers.add(new Signer(key, hashAlgorithm, false, null));
      return this;
    }

    /** Signs with the primary key even though the key has a signing subkey. */
    public ClearSigner signedByPrimaryKeyOf(TestPgpKey key) {
      signers.add(new Signer(key, HashAlgorithmTags.SHA256, true, null));
      return this;
    }

    /** Adds a signature by {@code key} over other text: a signature that does not match. */
    public ClearSigner signedOverOtherText(TestPgpKey key, String otherText) {
      signers.add(new Signer(key, HashAlgorithmTags.SHA256, false, otherText));
      return this;
    }

    /** Gives the signatures a signature expiration time, this long after their creation. */
    public ClearSigner signatureExpiresAfter(Duration validity) {
      this.signatureValidity = validity;
      return this;
    }

    /** Adds a critical notation, which a verifier cannot understand and must refuse. */
    public ClearSigner withCriticalNotation(String name) {
      this.criticalNotation = name;
      return this;
    }

    public ClearSigner signedAt(Instant time) {
      this.signedAt = time;
      return this;
    }

    /** Replaces the "Hash:" header value, which otherwise lists the digests used. */
    public ClearSigner hashHeader(String value) {
      this.hashHeader = value;
      return this;
    }

    public ClearSigner withoutHashHeader() {
      this.withoutHashHeader = true;
      return this;
    }

    /** Makes the signatures of another type than the text signatures (0x01) the framework uses. */
    public ClearSigner signatureType(int type) {
      this.signatureType = type;
      return this;
    }

    public String build() {
      String[] lines = text.split("\n", -1);
      ByteArrayOutputStream signatures = new ByteArrayOutputStream();
      Set<String> hashNames = new LinkedHashSet<>();
      byte[] canonical = canonicalText(lines);
      for (Signer signer : signers) {
        byte[] signed = signer.signedText() == null ? canonical : canonicalText(signer.signedText().split("\n", -1));
        PGPSignature signature = signer.key().sign(
            signed, signatureType, signer.hashAlgorithm(), signedAt, signer.withPrimary(), this::extraSubpackets);
        hashNames.add(hashName(signer.hashAlgorithm()));
        try {
          signature.encode(signatures, true);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }

      StringBuilder document = new StringBuilder("-----BEGIN PGP SIGNED MESSAGE-----\n");
      if (!withoutHashHeader) {
        document.append("Hash: ").append(hashHeader != null ? hashHeader : String.join(",", hashNames)).append('\n');
      }
      document.append('\n');
      for (String line : lines) {
        document.append(line.startsWith("-") ? "- " + line : line).append('\n');
      }
      document.append(new String(armor(signatures.toByteArray()), StandardCharsets.US_ASCII));
      return document.toString();
    }

    private void extraSubpackets(PGPSignatureSubpacketGenerator hashed) {
      if (signatureValidity != null) {
        hashed.setSignatureExpirationTime(false, signatureValidity.toSeconds());
      }
      if (criticalNotation != null) {
        hashed.addNotationData(true, true, criticalNotation, "set");
      }
    }

    /** RFC 9580 section 7.2: trailing spaces and tabs dropped, lines joined with CR LF. */
    private static byte[] canonicalText(String[] lines) {
      List<String> stripped = new ArrayList<>();
      for (String line : lines) {
        stripped.add(line.replaceAll("[ \t]+$", ""));
      }
      return String.join("\r\n", stripped).getBytes(StandardCharsets.UTF_8);
    }
  }

  /** Options for one key; every option left alone gives a valid, unexpired, unrevoked key. */
  public static final class Builder {
    private final Type type;
    private final String userId;
    private Instant createdAt = CREATED;
    private Duration expiresAfter;
    private int primaryFlags = PGPKeyFlags.CAN_CERTIFY | PGPKeyFlags.CAN_SIGN;
    private int selfSignatureHash = KEY_SIGNATURE_HASH;
    private boolean signingSubkey;
    private int subkeyFlags = PGPKeyFlags.CAN_SIGN;
    private Duration subkeyExpiresAfter;
    private boolean subkeyBackSignature = true;
    private boolean revoked;
    private boolean subkeyRevoked;
    private TestPgpKey designatedRevoker;
    private TestPgpKey revokedBy;

    private Builder(Type type, String userId) {
      this.type = Objects.requireNonNull(type, "type == null");
      this.userId = Objects.requireNonNull(userId, "userId == null");
    }

    public Builder createdAt(Instant time) {
      this.createdAt = time;
      return this;
    }

    /** The primary key expires this long after its creation, per its self-signature. */
    public Builder expiresAfter(Duration validity) {
      this.expiresAfter = validity;
      return this;
    }

    /** Key flags of the primary key; {@link PGPKeyFlags} constants. Default: certify and sign. */
    public Builder primaryFlags(int flags) {
      this.primaryFlags = flags;
      return this;
    }

    /** Digest of the self-signatures and binding signatures. Default SHA512. */
    public Builder selfSignatureHash(int hashAlgorithm) {
      this.selfSignatureHash = hashAlgorithm;
      return this;
    }

    /** Adds a subkey of the same type, marked for signing, which then makes the signatures. */
    public Builder signingSubkey() {
      this.signingSubkey = true;
      return this;
    }

    /** Key flags of the subkey. Default: sign. */
    public Builder subkeyFlags(int flags) {
      this.subkeyFlags = flags;
      return this;
    }

    public Builder subkeyExpiresAfter(Duration validity) {
      this.subkeyExpiresAfter = validity;
      return this;
    }

    /** Omits the subkey's primary key binding signature (the "back signature"). */
    public Builder subkeyWithoutBackSignature() {
      this.subkeyBackSignature = false;
      return this;
    }

    /** Adds a revocation of the primary key, made by itself. */
    public Builder revoked() {
      this.revoked = true;
      return this;
    }

    public Builder subkeyRevoked() {
      this.subkeyRevoked = true;
      return this;
    }

    /** Names another key as allowed to revoke this one, in a direct-key signature. */
    public Builder designatedRevoker(TestPgpKey revoker) {
      this.designatedRevoker = revoker;
      return this;
    }

    /** Adds a revocation of the primary key made by another key's primary key. */
    public Builder revokedBy(TestPgpKey revoker) {
      this.revokedBy = revoker;
      return this;
    }

    public TestPgpKey build() {
      try {
        return buildKey();
      } catch (PGPException | IOException e) {
        throw new IllegalStateException("cannot build test key", e);
      }
    }

    // RFC 9580 deprecates designated revokers, but Debian's archive keys still use them.
    @SuppressWarnings("deprecation")
    private TestPgpKey buildKey() throws PGPException, IOException {
      int version = type == Type.ED25519_V6 ? PublicKeyPacket.VERSION_6 : PublicKeyPacket.VERSION_4;
      PGPKeyPair primaryPair = generate(type, version, createdAt);
      PGPPublicKey primaryKey = primaryPair.getPublicKey();

      if (version == PublicKeyPacket.VERSION_6 || designatedRevoker != null) {
        PGPSignatureSubpacketGenerator hashed = basics(primaryKey, createdAt);
        if (version == PublicKeyPacket.VERSION_6) {
          keyProperties(hashed, primaryFlags, expiresAfter);
        }
        if (designatedRevoker != null) {
          PGPPublicKey revoker = designatedRevoker.primary.getPublicKey();
          hashed.addRevocationKey(false, revoker.getAlgorithm(), revoker.getFingerprint());
        }
        PGPSignatureGenerator generator = keySignatureGenerator(primaryPair, PGPSignature.DIRECT_KEY, hashed, version);
        primaryKey = PGPPublicKey.addCertification(primaryKey, generator.generateCertification(primaryKey));
      }

      PGPSignatureSubpacketGenerator certification = basics(primaryKey, createdAt);
      keyProperties(certification, primaryFlags, expiresAfter);
      certification.setPrimaryUserID(false, true);
      PGPSignatureGenerator certifier =
          keySignatureGenerator(primaryPair, PGPSignature.POSITIVE_CERTIFICATION, certification, version);
      primaryKey = PGPPublicKey.addCertification(primaryKey, userId, certifier.generateCertification(userId, primaryKey));

      if (revoked) {
        primaryKey = PGPPublicKey.addCertification(primaryKey, revocation(primaryPair, primaryKey, null, version));
      }
      if (revokedBy != null) {
        primaryKey = PGPPublicKey.addCertification(
            primaryKey, revocation(revokedBy.primary, primaryKey, null, revokedBy.version));
      }

      List<PGPPublicKey> keys = new ArrayList<>(List.of(primaryKey));
      PGPKeyPair subkeyPair = null;
      if (signingSubkey) {
        subkeyPair = generate(type, version, createdAt).asSubkey(new BcKeyFingerprintCalculator());
        PGPPublicKey subkey = subkeyPair.getPublicKey();
        PGPSignatureSubpacketGenerator binding = basics(primaryKey, createdAt);
        keyProperties(binding, subkeyFlags, subkeyExpiresAfter);
        if (subkeyBackSignature) {
          PGPSignatureGenerator backSigner = keySignatureGenerator(
              subkeyPair, PGPSignature.PRIMARYKEY_BINDING, basics(subkey, createdAt), version);
          binding.addEmbeddedSignature(false, backSigner.generateCertification(primaryKey, subkey));
        }
        PGPSignatureGenerator binder = keySignatureGenerator(primaryPair, PGPSignature.SUBKEY_BINDING, binding, version);
        subkey = PGPPublicKey.addCertification(subkey, binder.generateCertification(primaryKey, subkey));
        if (subkeyRevoked) {
          subkey = PGPPublicKey.addCertification(subkey, revocation(primaryPair, primaryKey, subkey, version));
        }
        keys.add(subkey);
      }
      PGPKeyPair primaryWithSignatures = new PGPKeyPair(primaryKey, primaryPair.getPrivateKey());
      return new TestPgpKey(userId, primaryWithSignatures, subkeyPair, new PGPPublicKeyRing(keys), version);
    }

    private PGPSignatureGenerator keySignatureGenerator(
        PGPKeyPair signer, int signatureType, PGPSignatureSubpacketGenerator hashed, int version)
        throws PGPException {
      PGPSignatureGenerator generator = generator(signer, selfSignatureHash, version);
      generator.init(signatureType, signer.getPrivateKey());
      generator.setHashedSubpackets(hashed.generate());
      return generator;
    }

    private PGPSignature revocation(PGPKeyPair revoker, PGPPublicKey primaryKey, PGPPublicKey subkey, int version)
        throws PGPException {
      PGPSignatureSubpacketGenerator hashed = basics(revoker.getPublicKey(), createdAt.plus(Duration.ofHours(1)));
      hashed.setRevocationReason(false, RevocationReasonTags.KEY_RETIRED, REVOCATION_REASON);
      int signatureType = subkey == null ? PGPSignature.KEY_REVOCATION : PGPSignature.SUBKEY_REVOCATION;
      PGPSignatureGenerator generator = generator(revoker, KEY_SIGNATURE_HASH, version);
      generator.init(signatureType, revoker.getPrivateKey());
      generator.setHashedSubpackets(hashed.generate());
      return subkey == null
          ? generator.generateCertification(primaryKey)
          : generator.generateCertification(primaryKey, subkey);
    }

    private void keyProperties(PGPSignatureSubpacketGenerator hashed, int flags, Duration validity) {
      hashed.setKeyFlags(false, flags);
      if (validity != null) {
        hashed.setKeyExpirationTime(false, validity.toSeconds());
      }
    }
  }

  private static PGPSignatureGenerator generator(PGPKeyPair signer, int hashAlgorithm, int version) {
    int signatureVersion = version == PublicKeyPacket.VERSION_6 ? 6 : 4;
    return new PGPSignatureGenerator(
        new BcPGPContentSignerBuilder(signer.getPublicKey().getAlgorithm(), hashAlgorithm).setSecureRandom(RANDOM),
        signer.getPublicKey(), signatureVersion);
  }

  private static PGPSignatureSubpacketGenerator basics(PGPPublicKey issuer, Instant time) {
    PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
    hashed.setSignatureCreationTime(false, Date.from(time));
    hashed.setIssuerFingerprint(false, issuer);
    return hashed;
  }

  private static PGPKeyPair generate(Type type, int version, Instant createdAt) throws PGPException {
    Date created = Date.from(createdAt);
    switch (type) {
      case RSA_1024:
        return rsa(1024, created);
      case RSA_2048:
        return rsa(2048, created);
      case RSA_3072:
        return rsa(3072, created);
      case ED25519_LEGACY:
        return new BcPGPKeyPair(version, PublicKeyAlgorithmTags.EDDSA_LEGACY, ed25519(), created);
      case ED25519:
      case ED25519_V6:
        return new BcPGPKeyPair(version, PublicKeyAlgorithmTags.Ed25519, ed25519(), created);
      default:
        throw new IllegalArgumentException("unknown key type " + type);
    }
  }

  /** The JDK's RSA generator is several times faster than Bouncy Castle's lightweight one. */
  private static PGPKeyPair rsa(int bits, Date created) throws PGPException {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(bits, RANDOM);
      return new JcaPGPKeyPair(PublicKeyPacket.VERSION_4, PublicKeyAlgorithmTags.RSA_GENERAL,
          generator.generateKeyPair(), created);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static org.bouncycastle.crypto.AsymmetricCipherKeyPair ed25519() {
    Ed25519KeyPairGenerator generator = new Ed25519KeyPairGenerator();
    generator.init(new Ed25519KeyGenerationParameters(RANDOM));
    return generator.generateKeyPair();
  }

  private static byte[] armor(byte[] binary) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ArmoredOutputStream armored = ArmoredOutputStream.builder().clearHeaders().build(out)) {
      armored.write(binary);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static String hashName(int hashAlgorithm) {
    switch (hashAlgorithm) {
      case HashAlgorithmTags.MD5:
        return "MD5";
      case HashAlgorithmTags.SHA1:
        return "SHA1";
      case HashAlgorithmTags.SHA256:
        return "SHA256";
      case HashAlgorithmTags.SHA384:
        return "SHA384";
      case HashAlgorithmTags.SHA512:
        return "SHA512";
      default:
        throw new IllegalArgumentException("no Hash header name for digest " + hashAlgorithm);
    }
  }

  private static String keyId(PGPPublicKey key) {
    return String.format("%016X", key.getKeyID());
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().withUpperCase().formatHex(bytes);
  }
}
