package dev.basalt.effects;

import dev.basalt.fs.Content;
import dev.basalt.fs.FileEntry;
import dev.basalt.fs.FileTree;
import dev.basalt.fs.Paths;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What ca-certificates-java's postinst and trigger do: put the certificate behind each
 * {@code /etc/ssl/certs/<name>.pem} link into {@code /etc/ssl/certs/java/cacerts} as
 * {@code debian:<name>.pem} (lower case, as the JDK keeps aliases), a JKS keystore with the
 * password {@code changeit} that Debian's OpenJDKs read as their {@code lib/security/cacerts}.
 * Runs after {@link CaBundleEffect}, which makes the links.
 */
public final class JavaCacertsEffect implements Effect {
  public static final String PACKAGE = "ca-certificates-java";
  public static final String CACERTS = CaBundleEffect.ETC_CERTS_DIR + "/java/cacerts";
  public static final String JVM_DIR = "/usr/lib/jvm";
  /** ca-certificates-java's default; the {@code /etc/default/cacerts} it ships leaves it so. */
  public static final String STORE_PASSWORD = "changeit";
  static final String ALIAS_PREFIX = "debian:";

  /** Where a {@code .pem} link must point for the postinst to take its certificate. */
  private static final List<String> CERT_SOURCES =
      List.of(CaBundleEffect.CERTS_DIR + "/", "/usr/local/share/ca-certificates/");
  private static final Pattern JDK_CACERTS = Pattern.compile(Pattern.quote(JVM_DIR) + "/[^/]+/lib/security/cacerts");
  private static final int MAX_CERT_FILE = 1 << 20;

  @Override
  public EffectResult apply(FileTree tree, EffectContext ctx) throws EffectException {
    EffectResult.Builder result = EffectResult.builder(PACKAGE);
    if (!installed(ctx) && !jdkReadsCacerts(tree)) {
      return result.build();
    }
    SortedMap<String, byte[]> byAlias = new TreeMap<>(CaBundleEffect.C_LOCALE);
    Map<String, String> sources = new TreeMap<>();
    CertificateFactory x509 = x509();
    for (String link : pemLinks(tree)) {
      String alias = ALIAS_PREFIX + Paths.name(link).toLowerCase(Locale.ENGLISH);
      byte[] der = certificate(tree, link, x509, result);
      if (der == null) {
        continue;
      }
      // The postinst feeds the links in sorted order; the JDK replaces an entry whose alias comes again.
      String earlier = sources.put(alias, link);
      if (earlier != null) {
        result.note(earlier + " is not in " + CACERTS + ": " + link + " has the same alias " + alias);
      }
      byAlias.put(alias, der);
    }
    dropDuplicates(byAlias, result);
    if (byAlias.isEmpty()) {
      return result.note("no certificates linked from " + CaBundleEffect.ETC_CERTS_DIR + ": no " + CACERTS).build();
    }
    byte[] keystore = JksWriter.write(byAlias, STORE_PASSWORD.toCharArray(), ctx.epoch() * 1000);
    result.put(tree, new FileEntry.RegularFile(CACERTS, 0644, 0, 0, ctx.epoch(), null, Content.Inline.of(keystore)));
    return result.note(byAlias.size() + " certificates in " + CACERTS).build();
  }

  private static boolean installed(EffectContext ctx) {
    return ctx.packages().stream().anyMatch(p -> p.name().equals(PACKAGE));
  }

  /** Whether some JDK under {@link #JVM_DIR} has its {@code cacerts} as a link to {@link #CACERTS}. */
  static boolean jdkReadsCacerts(FileTree tree) {
    for (FileEntry e : tree.below(JVM_DIR)) {
      if (e instanceof FileEntry.Symlink link && JDK_CACERTS.matcher(e.path()).matches()
          && lexicalTarget(link).equals(CACERTS)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The absolute path a link names, {@code ..} taken textually: the keystore it names does not
   * exist yet, so the link cannot be followed through the tree.
   */
  private static String lexicalTarget(FileEntry.Symlink link) {
    String joined = link.target().startsWith("/") ? link.target() : Paths.parent(link.path()) + "/" + link.target();
    Deque<String> parts = new ArrayDeque<>();
    for (String part : joined.split("/")) {
      if (part.equals("..")) {
        parts.pollLast();
      } else if (!part.isEmpty() && !part.equals(".")) {
        parts.addLast(part);
      }
    }
    return "/" + String.join("/", parts);
  }

  /**
   * {@code find /etc/ssl/certs -type l -name '*.pem' | sort}, keeping the links that point into
   * a certificate directory, as the postinst's {@code find_pem_files}.
   */
  private static List<String> pemLinks(FileTree tree) {
    List<String> links = new ArrayList<>();
    for (FileEntry e : tree.below(CaBundleEffect.ETC_CERTS_DIR)) {
      if (e instanceof FileEntry.Symlink link && Paths.name(link.path()).endsWith(".pem")
          && CERT_SOURCES.stream().anyMatch(link.target()::startsWith)) {
        links.add(link.path());
      }
    }
    links.sort(CaBundleEffect.C_LOCALE);
    return links;
  }

  /**
   * The DER encoding of the first certificate in the file a link leads to, read by the JDK as
   * ca-certificates-java reads it; null, with a note, when there is none it can read.
   */
  private static byte[] certificate(FileTree tree, String link, CertificateFactory x509, EffectResult.Builder result)
      throws EffectException {
    FileEntry.RegularFile file = TreeFiles.regularFile(tree, link).orElse(null);
    if (file == null) {
      result.note(link + " is not in " + CACERTS + ": it does not lead to a file");
      return null;
    }
    if (file.size() > MAX_CERT_FILE) {
      result.note(link + " is not in " + CACERTS + ": " + file.size() + " bytes is too large for a certificate");
      return null;
    }
    byte[] bytes = TreeFiles.readSmall(file.content(), link, MAX_CERT_FILE);
    try {
      return x509.generateCertificate(new ByteArrayInputStream(bytes)).getEncoded();
    } catch (CertificateException e) {
      result.note(link + " is not in " + CACERTS + ": it holds no X.509 certificate the JDK can read");
      return null;
    }
  }

  /**
   * Keeps each certificate once, under the first of its aliases. ca-certificates-java would list
   * it under every alias; two names for one root (a local copy of a Mozilla root, say) trust
   * nothing more, and one entry per certificate keeps the keystore a plain function of the set.
   */
  private static void dropDuplicates(SortedMap<String, byte[]> byAlias, EffectResult.Builder result) {
    Map<ByteBuffer, String> kept = new HashMap<>();
    for (Iterator<Map.Entry<String, byte[]>> it = byAlias.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, byte[]> e = it.next();
      String first = kept.putIfAbsent(ByteBuffer.wrap(e.getValue()), e.getKey());
      if (first != null) {
        result.note(e.getKey() + " is not in " + CACERTS + ": the same certificate is there as " + first);
        it.remove();
      }
    }
  }

  private static CertificateFactory x509() {
    try {
      return CertificateFactory.getInstance("X.509");
    } catch (CertificateException e) {
      throw new IllegalStateException("every JDK has an X.509 certificate factory", e);
    }
  }
}
