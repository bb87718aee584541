package dev.basalt.effects;

import static dev.basalt.testkit.Trees.bytes;
import static dev.basalt.testkit.Trees.dir;
import static dev.basalt.testkit.Trees.file;
import static dev.basalt.testkit.Trees.link;
import static dev.basalt.testkit.Trees.resource;
import static dev.basalt.testkit.Trees.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.fs.FileEntry;
import dev.basalt.fs.FileTree;
import dev.basalt.spec.ImageSpec;
import dev.basalt.testkit.ExternalTool;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaCacertsEffectTest {
  private static final long EPOCH = 1_700_000_000L;
  private static final ImageSpec.Accounts ACCOUNTS = new ImageSpec.Accounts("nonroot");
  private static final EffectContext CTX = new EffectContext("amd64", EPOCH, List.of(), ACCOUNTS);
  private static final String CA = "ca-certificates";
  private static final String JRE = "openjdk-21-jre-headless";
  private static final String MOZILLA = "/usr/share/ca-certificates/mozilla/";
  private static final String JDK_CACERTS = "/usr/lib/jvm/java-21-openjdk-amd64/lib/security/cacerts";
  private static final char[] CHANGEIT = "changeit".toCharArray();

  /** SHA-256 of the keystore made from {@link #fixtureTree} at {@link #EPOCH}. */
  private static final String GOLDEN_SHA256 = "9feb876b94f3e6510dc8fc16a1978ec085dce2c0519c5676c6898f7cc47faba3";

  private static final List<String> FIXTURE_ALIASES = List.of("debian:alpha-again.pem", "debian:beta.pem",
      "debian:café_racer.pem", "debian:gamma.pem", "debian:gamma_2.pem");

  /**
   * The fixture certificates as ca-certificates ships them, the CA bundle effect applied, and a
   * Debian JDK whose cacerts links to the keystore. {@code alpha-again} is {@code alpha} once more.
   */
  private static FileTree fixtureTree(FileEntry... extra) throws EffectException {
    FileTree tree = tree(dir("/etc/ssl/certs", CA), link(JDK_CACERTS, "/etc/ssl/certs/java/cacerts", JRE));
    tree.putWithParents(cert(MOZILLA + "alpha.crt", "alpha"), 1000);
    tree.putWithParents(cert("/usr/share/ca-certificates/extra/alpha-again.crt", "alpha"), 1000);
    tree.putWithParents(cert(MOZILLA + "Beta.crt", "beta"), 1000);
    tree.putWithParents(cert(MOZILLA + "Café Racer.crt", "cafe"), 1000);
    tree.putWithParents(cert(MOZILLA + "gamma.crt", "gamma"), 1000);
    tree.putWithParents(cert(MOZILLA + "gamma_2.crt", "gamma_2"), 1000);
    for (FileEntry e : extra) {
      tree.putWithParents(e, 1000);
    }
    new CaBundleEffect().apply(tree, CTX);
    return tree;
  }

  private static FileEntry.RegularFile cert(String path, String fixture) {
    return file(path, 0644, resource("/effects/" + fixture + ".crt"), CA);
  }

  private static byte[] keystore(FileTree tree, EffectContext ctx) throws EffectException {
    new JavaCacertsEffect().apply(tree, ctx);
    return bytes(tree, JavaCacertsEffect.CACERTS);
  }

  private static KeyStore load(String type, byte[] jks, char[] password) throws Exception {
    KeyStore ks = KeyStore.getInstance(type);
    ks.load(new ByteArrayInputStream(jks), password);
    return ks;
  }

  private static Certificate fixtureCertificate(String fixture) throws Exception {
    return CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(resource("/effects/" + fixture + ".crt")));
  }

  @Test
  void writesEveryLinkedCertificateOnceUnderItsDebianAlias() throws Exception {
    FileTree tree = fixtureTree();

    EffectResult result = new JavaCacertsEffect().apply(tree, CTX);

    assertThat(result.effect()).isEqualTo("ca-certificates-java");
    assertThat(result.created()).containsExactly("/etc/ssl/certs/java", "/etc/ssl/certs/java/cacerts");
    assertThat(result.replaced()).isEmpty();
    assertThat(result.notes()).containsExactly(
        "debian:alpha.pem is not in /etc/ssl/certs/java/cacerts: the same certificate is there as debian:alpha-again.pem",
        "5 certificates in /etc/ssl/certs/java/cacerts");
    assertThat(tree.get("/etc/ssl/certs/java").orElseThrow())
        .isEqualTo(new FileEntry.Directory("/etc/ssl/certs/java", 0755, 0, 0, EPOCH, null));
    FileEntry cacerts = tree.get("/etc/ssl/certs/java/cacerts").orElseThrow();
    assertThat(cacerts).isInstanceOf(FileEntry.RegularFile.class);
    assertThat(List.of(cacerts.mode(), cacerts.uid(), cacerts.gid())).containsExactly(0644, 0, 0);
    assertThat(cacerts.mtime()).isEqualTo(EPOCH);
    assertThat(cacerts.owner()).isNull();

    byte[] jks = bytes(tree, JavaCacertsEffect.CACERTS);
    assertThat(Arrays.copyOf(jks, 12)).isEqualTo(HexFormat.of().parseHex("feedfeed0000000200000005"));
    List<String> fixtures = List.of("alpha", "beta", "cafe", "gamma", "gamma_2");
    for (String type : List.of("JKS", KeyStore.getDefaultType())) {
      KeyStore ks = load(type, jks, CHANGEIT);
      assertThat(ks.getType()).isEqualTo(type);
      assertThat(Collections.list(ks.aliases())).containsExactlyInAnyOrderElementsOf(FIXTURE_ALIASES);
      for (int i = 0; i < FIXTURE_ALIASES.size(); i++) {
        String alias = FIXTURE_ALIASES.get(i);
        assertThat(ks.isCertificateEntry(alias)).isTrue();
        assertThat(ks.getCertificate(alias)).isEqualTo(fixtureCertificate(fixtures.get(i)));
        assertThat(ks.getCreationDate(alias).getTime()).isEqualTo(EPOCH * 1000);
      }
    }
  }

  @Test
  void keystoreBytesAreReproducibleAndPinned() throws Exception {
    byte[] first = keystore(fixtureTree(), CTX);
    byte[] second = keystore(fixtureTree(), CTX);

    assertThat(second).isEqualTo(first);
    assertThat(first.length).isEqualTo(1790);
    assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(first))).isEqualTo(GOLDEN_SHA256);
  }

  @Test
  void anotherEpochChangesOnlyTheCreationDatesAndTheDigest() throws Exception {
    long later = EPOCH + 86_400;
    byte[] atEpoch = keystore(fixtureTree(), CTX);
    byte[] atLater = keystore(fixtureTree(), new EffectContext("amd64", later, List.of(), ACCOUNTS));

    List<Integer> dates = dateOffsets(atEpoch);
    assertThat(dates).hasSize(5);
    ByteBuffer expected = ByteBuffer.wrap(atEpoch.clone());
    for (int offset : dates) {
      assertThat(expected.getLong(offset)).isEqualTo(EPOCH * 1000);
      expected.putLong(offset, later * 1000);
    }
    MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
    sha1.update("changeit".getBytes(StandardCharsets.UTF_16BE));
    sha1.update("Mighty Aphrodite".getBytes(StandardCharsets.UTF_8));
    sha1.update(expected.array(), 0, atEpoch.length - 20);
    expected.put(atEpoch.length - 20, sha1.digest());

    assertThat(atLater).isEqualTo(expected.array());
    assertThat(load("JKS", atLater, CHANGEIT).getCreationDate("debian:beta.pem").getTime()).isEqualTo(later * 1000);
  }

  @Test
  void theJdkWritesTheSameBytesForTheSameEntry() throws Exception {
    FileTree tree = tree(dir("/etc/ssl/certs", CA), link(JDK_CACERTS, "/etc/ssl/certs/java/cacerts", JRE),
        cert(MOZILLA + "beta.crt", "beta"));
    new CaBundleEffect().apply(tree, CTX);
    byte[] ours = keystore(tree, CTX);

    KeyStore ks = load("JKS", ours, CHANGEIT);
    ByteArrayOutputStream theirs = new ByteArrayOutputStream();
    ks.store(theirs, CHANGEIT);

    assertThat(theirs.toByteArray()).isEqualTo(ours);
  }

  @Test
  void theIntegrityCheckRejectsAWrongPasswordAndChangedBytes() throws Exception {
    byte[] jks = keystore(fixtureTree(), CTX);

    for (String type : List.of("JKS", KeyStore.getDefaultType())) {
      assertThatThrownBy(() -> load(type, jks, "changeme".toCharArray()))
          .isInstanceOf(IOException.class)
          .hasMessage("Keystore was tampered with, or password was incorrect");
    }
    byte[] tampered = jks.clone();
    tampered[dateOffsets(jks).get(2) + 7] ^= 1;
    assertThatThrownBy(() -> load("JKS", tampered, CHANGEIT))
        .isInstanceOf(IOException.class)
        .hasMessage("Keystore was tampered with, or password was incorrect");
  }

  @Test
  void keytoolOfThisJdkListsTheEntries(@TempDir Path dir) throws Exception {
    assertKeytoolLists(ExternalTool.requireAt(Path.of(System.getProperty("java.home"), "bin", "keytool")), dir);
  }

  @Test
  void keytoolOfTemurin25ListsTheEntries(@TempDir Path dir) throws Exception {
    assertKeytoolLists(ExternalTool.requireAt(Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/keytool")), dir);
  }

  /** Run by another JDK: prints each entry of a cacerts file as the KeyStore API reads it. */
  private static final String LOAD_CACERTS = """
      import java.io.FileInputStream;
      import java.security.KeyStore;
      import java.security.MessageDigest;
      import java.util.HexFormat;
      import java.util.TreeSet;

      public class LoadCacerts {
        public static void main(String[] args) throws Exception {
          for (String type : new String[] {KeyStore.getDefaultType(), "JKS"}) {
            KeyStore ks = KeyStore.getInstance(type);
            try (FileInputStream in = new FileInputStream(args[0])) {
              ks.load(in, "changeit".toCharArray());
            }
            for (String alias : new TreeSet<>(java.util.Collections.list(ks.aliases()))) {
              byte[] der = ks.getCertificate(alias).getEncoded();
              System.out.println(type + " " + alias + " " + ks.getCreationDate(alias).getTime() + " "
                  + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der)));
            }
          }
        }
      }
      """;

  @Test
  void theKeyStoreApiOfTemurin25ReadsItAsDefaultTypeAndAsJks(@TempDir Path dir) throws Exception {
    ExternalTool java = ExternalTool.requireAt(Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java"));
    Path file = dir.resolve("cacerts");
    Files.write(file, keystore(fixtureTree(), CTX));
    Path program = dir.resolve("LoadCacerts.java");
    Files.writeString(program, LOAD_CACERTS);

    ExternalTool.Result run = java.run("-Dstdout.encoding=UTF-8", program.toString(), file.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    List<String> fixtures = List.of("alpha", "beta", "cafe", "gamma", "gamma_2");
    StringBuilder expected = new StringBuilder();
    for (String type : List.of("pkcs12", "JKS")) {
      for (int i = 0; i < FIXTURE_ALIASES.size(); i++) {
        byte[] der = fixtureCertificate(fixtures.get(i)).getEncoded();
        expected.append(type).append(' ').append(FIXTURE_ALIASES.get(i)).append(' ').append(EPOCH * 1000).append(' ')
            .append(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der))).append('\n');
      }
    }
    assertThat(run.stdout()).isEqualTo(expected.toString());
  }

  private static void assertKeytoolLists(ExternalTool keytool, Path dir) throws Exception {
    Path file = dir.resolve("cacerts");
    Files.write(file, keystore(fixtureTree(), CTX));

    ExternalTool.Result run = keytool.run("-J-Duser.language=en", "-J-Duser.country=US", "-J-Duser.timezone=UTC",
        "-list", "-keystore", file.toString(), "-storepass", "changeit");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.stdout()).contains("Keystore type: JKS\n", "Your keystore contains 5 entries\n");
    List<String> listed = new ArrayList<>();
    Matcher m = Pattern.compile("(?m)^(debian:[^,]+), Nov 14, 2023, trustedCertEntry,").matcher(run.stdout());
    while (m.find()) {
      listed.add(m.group(1));
    }
    assertThat(listed).containsExactlyInAnyOrderElementsOf(FIXTURE_ALIASES);
  }

  @Test
  void doesNothingWithoutAJdkThatReadsTheKeystore() throws Exception {
    FileTree tree = tree(dir("/etc/ssl/certs", CA), cert(MOZILLA + "gamma.crt", "gamma"),
        // A JDK with its own cacerts, as Temurin ships it, and one whose link leads elsewhere.
        file("/usr/lib/jvm/temurin-25-jdk-amd64/lib/security/cacerts", "not a keystore\n", "temurin-25-jdk"),
        link("/usr/lib/jvm/java-17-openjdk-amd64/lib/security/cacerts", "/etc/java-17-openjdk/security/cacerts", JRE),
        link("/usr/lib/jvm/java-17-openjdk-amd64/lib/security/cacerts.bak", "/etc/ssl/certs/java/cacerts", JRE));
    new CaBundleEffect().apply(tree, CTX);
    List<FileEntry> before = List.copyOf(tree.entries());

    EffectResult result = new JavaCacertsEffect().apply(tree, CTX);

    assertThat(result).isEqualTo(new EffectResult("ca-certificates-java", List.of(), List.of(), List.of()));
    assertThat(tree.entries()).containsExactlyElementsOf(before);
  }

  @Test
  void aRelativeJdkLinkCounts() throws Exception {
    FileTree tree = tree(dir("/etc/ssl/certs", CA), cert(MOZILLA + "gamma.crt", "gamma"),
        link(JDK_CACERTS, "../../../../../../etc/ssl/./certs/java/cacerts", JRE));
    new CaBundleEffect().apply(tree, CTX);

    assertThat(JavaCacertsEffect.jdkReadsCacerts(tree)).isTrue();
    assertThat(load("JKS", keystore(tree, CTX), CHANGEIT).getCertificate("debian:gamma.pem"))
        .isEqualTo(fixtureCertificate("gamma"));
  }

  @Test
  void theInstalledPackageIsEnoughWithoutAJdk() throws Exception {
    FileTree tree = tree(dir("/etc/ssl/certs/java", "ca-certificates-java"), cert(MOZILLA + "gamma.crt", "gamma"));
    new CaBundleEffect().apply(tree, CTX);
    EffectContext ctx = new EffectContext("amd64", EPOCH, List.of(new InstalledPackage("ca-certificates-java",
        "20240118", "all", "Package: ca-certificates-java\n", null, List.of("postinst"))), ACCOUNTS);

    EffectResult result = new JavaCacertsEffect().apply(tree, ctx);

    assertThat(result.created()).containsExactly("/etc/ssl/certs/java/cacerts");
    assertThat(Collections.list(load("JKS", bytes(tree, JavaCacertsEffect.CACERTS), CHANGEIT).aliases()))
        .containsExactly("debian:gamma.pem");
  }

  @Test
  void linksWithoutAReadableCertificateAreLeftOutWithANote() throws Exception {
    FileTree tree = fixtureTree(
        file(MOZILLA + "fake.crt", "-----BEGIN CERTIFICATE-----\nQUFBQQ==\n-----END CERTIFICATE-----\n", CA),
        link("/etc/ssl/certs/gone.pem", MOZILLA + "gone.crt", null),
        link("/etc/ssl/certs/Gamma.pem", MOZILLA + "gamma_2.crt", null),
        link("/etc/ssl/certs/elsewhere.pem", "/opt/elsewhere.crt", null));

    EffectResult result = new JavaCacertsEffect().apply(tree, CTX);

    assertThat(result.notes()).containsExactly(
        "/etc/ssl/certs/fake.pem is not in /etc/ssl/certs/java/cacerts: it holds no X.509 certificate the JDK can read",
        "/etc/ssl/certs/Gamma.pem is not in /etc/ssl/certs/java/cacerts: /etc/ssl/certs/gamma.pem has the same alias debian:gamma.pem",
        "/etc/ssl/certs/gone.pem is not in /etc/ssl/certs/java/cacerts: it does not lead to a file",
        "debian:alpha.pem is not in /etc/ssl/certs/java/cacerts: the same certificate is there as debian:alpha-again.pem",
        "5 certificates in /etc/ssl/certs/java/cacerts");
    KeyStore ks = load("JKS", bytes(tree, JavaCacertsEffect.CACERTS), CHANGEIT);
    assertThat(Collections.list(ks.aliases())).containsExactlyInAnyOrderElementsOf(FIXTURE_ALIASES);
    assertThat(ks.getCertificate("debian:gamma.pem")).isEqualTo(fixtureCertificate("gamma"));
  }

  @Test
  void withoutCertificatesThereIsNoKeystore() throws Exception {
    FileTree tree = tree(dir("/etc/ssl/certs", "openssl"), link(JDK_CACERTS, "/etc/ssl/certs/java/cacerts", JRE));

    EffectResult result = new JavaCacertsEffect().apply(tree, CTX);

    assertThat(result.created()).isEmpty();
    assertThat(result.notes()).containsExactly("no certificates linked from /etc/ssl/certs: no /etc/ssl/certs/java/cacerts");
    assertThat(tree.contains("/etc/ssl/certs/java")).isFalse();
  }

  @Test
  void aliasesThatAreNotLowerCaseAreRefused() {
    assertThatThrownBy(() -> JksWriter.write(new TreeMap<>(Map.of("Debian:x.pem", new byte[1])),
        CHANGEIT, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("JKS alias is not lower case: Debian:x.pem");
  }

  /** Where each entry's creation date sits in a keystore of trusted certificates. */
  private static List<Integer> dateOffsets(byte[] jks) {
    ByteBuffer b = ByteBuffer.wrap(jks);
    int count = b.getInt(8);
    b.position(12);
    List<Integer> offsets = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      assertThat(b.getInt()).isEqualTo(2);
      int aliasLength = Short.toUnsignedInt(b.getShort());
      b.position(b.position() + aliasLength);
      offsets.add(b.position());
      b.getLong();
      int typeLength = Short.toUnsignedInt(b.getShort());
      b.position(b.position() + typeLength);
      int certLength = b.getInt();
      b.position(b.position() + certLength);
    }
    assertThat(b.remaining()).isEqualTo(20);
    return offsets;
  }
}
