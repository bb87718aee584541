package dev.basalt.debian;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.bouncycastle.bcpg.ArmoredInputStream;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPMarker;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;

/**
 * The OpenPGP public keys trusted to sign archive metadata: one of the Debian keyrings bundled
 * with basalt, or a key file the user supplies. Immutable.
 */
public final class Keyring {
  private static final String BUNDLED_RESOURCE_DIRECTORY = "/dev/basalt/debian/keyrings/";
  private static final String BUNDLED_RESOURCE_SUFFIX = ".asc";
  private static final Set<String> BUNDLED_NAMES = Collections.unmodifiableSet(new TreeSet<>(List.of(
      "debian-bookworm",
      "debian-bookworm-security",
      "debian-trixie",
      "debian-trixie-security")));
  private static final String PUBLIC_KEY_ARMOR_HEADER = "-----BEGIN PGP PUBLIC KEY BLOCK-----";
  private static final String SECRET_KEY_ARMOR_HEADER = "-----BEGIN PGP PRIVATE KEY BLOCK-----";
  private static final String HOW_TO_EXPORT =
      "Export the public key with 'gpg --export KEYID > key.gpg' or 'gpg --export --armor KEYID > key.asc'.";

  private final String source;
  private final List<PGPPublicKeyRing> keys;

  private Keyring(String source, List<PGPPublicKeyRing> keys) {
    this.source = source;
    this.keys = List.copyOf(keys);
  }

  /**
   * One of the bundled keyrings: debian-bookworm, debian-bookworm-security, debian-trixie,
   * debian-trixie-security.
   *
   * @throws ArchiveException for an unknown name; the message lists the known names
   */
  public static Keyring named(String name) throws ArchiveException {
    Objects.requireNonNull(name, "name == null");
    Keyring loaded = BUNDLED_LOADED.get(name);
    if (loaded != null) {
      return loaded;
    }
    loaded = loadBundled(name);
    Keyring raced = BUNDLED_LOADED.putIfAbsent(name, loaded);
    return raced != null ? raced : loaded;
  }

  /** Bundled keyrings are immutable resources: each is parsed once per process. */
  private static final java.util.concurrent.ConcurrentMap<String, Keyring> BUNDLED_LOADED =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static Keyring loadBundled(String name) throws ArchiveException {
    if (!BUNDLED_NAMES.contains(name)) {
      throw new ArchiveException("Unknown keyring '" + name + "'. Bundled keyrings: "
          + String.join(", ", BUNDLED_NAMES) + ". Use one of these, or give the path of a key file.");
    }
    String resource = BUNDLED_RESOURCE_DIRECTORY + name + BUNDLED_RESOURCE_SUFFIX;
    try (InputStream in = Keyring.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("bundled keyring resource missing from the build: " + resource);
      }
      return read(in, "bundled keyring " + name);
    } catch (IOException e) {
      throw new IllegalStateException("bundled keyring resource unreadable: " + resource, e);
    }
  }

  /**
   * A key file, ASCII-armored (.asc) or binary (.gpg), holding one or more public keys.
   *
   * @throws ArchiveException if the file cannot be read or holds no usable public key; the message
   *     names the file
   */
  public static Keyring fromFile(Path file) throws ArchiveException {
    Objects.requireNonNull(file, "file == null");
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString());
    } catch (NoSuchFileException e) {
      throw new ArchiveException("Keyring file " + file + " does not exist. Check the path.", e);
    } catch (IOException e) {
      throw new ArchiveException("Cannot read keyring file " + file + ": " + e.getMessage()
          + ". Check that the file exists and is readable.", e);
    }
  }

  /**
   * Keys from armored or binary bytes.
   *
   * @param source names the bytes in error messages and in {@link #source()}
   */
  public static Keyring fromBytes(byte[] bytes, String source) throws ArchiveException {
    Objects.requireNonNull(bytes, "bytes == null");
    Objects.requireNonNull(source, "source == null");
    try {
      return read(new ByteArrayInputStream(bytes), source);
    } catch (IOException e) {
      throw new AssertionError("reading from memory cannot fail", e);
    }
  }

  /** Names accepted by {@link #named(String)}, sorted. */
  public static Set<String> bundledNames() {
    return BUNDLED_NAMES;
  }

  /** Where the keys came from: "bundled keyring debian-trixie" or the key file's path. */
  public String source() {
    return source;
  }

  /** Fingerprints of the primary keys, uppercase hex, in file order. */
  public List<String> fingerprints() {
    List<String> fingerprints = new ArrayList<>();
    for (PGPPublicKeyRing ring : keys) {
      fingerprints.add(fingerprint(ring.getPublicKey()));
    }
    return Collections.unmodifiableList(fingerprints);
  }

  @Override
  public String toString() {
    return "Keyring{" + source + ", " + fingerprints() + "}";
  }

  /** The certificates (primary key with its subkeys and signatures), in file order. */
  List<PGPPublicKeyRing> certificates() {
    return keys;
  }

  /** The certificate whose primary key has this fingerprint, if the keyring holds it. */
  Optional<PGPPublicKeyRing> certificateWithPrimary(byte[] fingerprint) {
    for (PGPPublicKeyRing ring : keys) {
      if (Arrays.equals(ring.getPublicKey().getFingerprint(), fingerprint)) {
        return Optional.of(ring);
      }
    }
    return Optional.empty();
  }

  static String fingerprint(PGPPublicKey key) {
    return fingerprint(key.getFingerprint());
  }

  static String fingerprint(byte[] fingerprint) {
    return HexFormat.of().withUpperCase().formatHex(fingerprint);
  }

  static String keyId(long keyId) {
    return String.format("%016X", keyId);
  }

  private static Keyring read(InputStream raw, String source) throws IOException, ArchiveException {
    BufferedInputStream in = new BufferedInputStream(raw);
    Map<String, PGPPublicKeyRing> byFingerprint = new LinkedHashMap<>();
    try {
      switch (detectFormat(in)) {
        case ARMORED:
          readArmoredBlocks(in, source, byFingerprint);
          break;
        case BINARY:
          readPackets(in, source, byFingerprint);
          break;
        case EMPTY:
          break;
        default:
          throw new ArchiveException("Keyring " + source + " is neither an ASCII-armored nor a binary "
              + "OpenPGP key file. " + HOW_TO_EXPORT);
      }
    } catch (IOException | PGPException | RuntimeException e) {
      // Bouncy Castle reports malformed packets with assorted unchecked exceptions; any of them
      // means the file is not a key file we can trust.
      throw new ArchiveException("Keyring " + source + " is not a valid OpenPGP public key file ("
          + e.getMessage() + "). " + HOW_TO_EXPORT, e);
    }
    if (byFingerprint.isEmpty()) {
      throw new ArchiveException("Keyring " + source + " contains no public keys. " + HOW_TO_EXPORT);
    }
    return new Keyring(source, new ArrayList<>(byFingerprint.values()));
  }

  private enum Format { ARMORED, BINARY, EMPTY, UNKNOWN }

  private static Format detectFormat(BufferedInputStream in) throws IOException {
    if (!skipWhitespace(in)) {
      return Format.EMPTY;
    }
    in.mark(1);
    int first = in.read();
    in.reset();
    if (first == '-') {
      return Format.ARMORED;
    }
    // Every binary OpenPGP packet starts with a tag byte whose high bit is set.
    if ((first & 0x80) != 0) {
      return Format.BINARY;
    }
    return Format.UNKNOWN;
  }

  /** Reads one or more concatenated armor blocks, as 'cat a.asc b.asc' produces. */
  private static void readArmoredBlocks(
      BufferedInputStream in, String source, Map<String, PGPPublicKeyRing> byFingerprint)
      throws IOException, PGPException, ArchiveException {
    while (skipWhitespace(in)) {
      ArmoredInputStream armored = ArmoredInputStream.builder().build(in);
      String header = armored.getArmorHeaderLine();
      if (SECRET_KEY_ARMOR_HEADER.equals(header)) {
        throw containsSecretKey(source);
      }
      if (!PUBLIC_KEY_ARMOR_HEADER.equals(header)) {
        throw new ArchiveException("Keyring " + source + " is not an armored public key block: found "
            + (header == null ? "no armor header line" : "'" + header + "'") + " where '"
            + PUBLIC_KEY_ARMOR_HEADER + "' was expected. " + HOW_TO_EXPORT);
      }
      // Not closed: closing would close the file, and the next block may follow.
      readPackets(armored, source, byFingerprint);
    }
  }

  private static boolean skipWhitespace(BufferedInputStream in) throws IOException {
    while (true) {
      in.mark(1);
      int c = in.read();
      if (c < 0) {
        return false;
      }
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
        in.reset();
        return true;
      }
    }
  }

  private static void readPackets(
      InputStream in, String source, Map<String, PGPPublicKeyRing> byFingerprint)
      throws IOException, PGPException, ArchiveException {
    BcPGPObjectFactory factory = new BcPGPObjectFactory(in);
    Object next;
    while ((next = factory.nextObject()) != null) {
      if (next instanceof PGPPublicKeyRing ring) {
        add(ring, byFingerprint);
      } else if (next instanceof PGPSecretKeyRing) {
        throw containsSecretKey(source);
      } else if (!(next instanceof PGPMarker)) {
        throw new ArchiveException("Keyring " + source + " contains a " + next.getClass().getSimpleName()
            + " where only public keys were expected. " + HOW_TO_EXPORT);
      }
    }
  }

  private static ArchiveException containsSecretKey(String source) {
    return new ArchiveException("Keyring " + source + " contains a secret key; basalt needs only public "
        + "keys, and secret keys should not be passed around. " + HOW_TO_EXPORT);
  }

  /**
   * Merges repeated copies of one certificate, so that a revocation carried by one copy cannot be
   * bypassed by a signature check that happens to look at the other.
   */
  private static void add(PGPPublicKeyRing ring, Map<String, PGPPublicKeyRing> byFingerprint)
      throws PGPException {
    String fingerprint = fingerprint(ring.getPublicKey());
    PGPPublicKeyRing previous = byFingerprint.get(fingerprint);
    byFingerprint.put(fingerprint, previous == null ? ring : PGPPublicKeyRing.join(previous, ring));
  }
}
