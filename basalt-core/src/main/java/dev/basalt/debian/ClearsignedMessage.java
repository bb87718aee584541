package dev.basalt.debian;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.bouncycastle.bcpg.ArmoredInputStream;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;

/**
 * A message in the OpenPGP cleartext signature framework (RFC 9580 section 7), split into the
 * canonical text its signatures cover and the signatures themselves. Parsing is strict: anything
 * the framework does not allow is refused, because every byte we tolerate outside the signed text
 * is a byte an attacker can use to make unsigned content look signed.
 */
final class ClearsignedMessage {
  static final String MESSAGE_HEADER = "-----BEGIN PGP SIGNED MESSAGE-----";
  static final String SIGNATURE_HEADER = "-----BEGIN PGP SIGNATURE-----";
  static final String SIGNATURE_FOOTER = "-----END PGP SIGNATURE-----";
  private static final String HASH_HEADER_PREFIX = "Hash: ";
  private static final String DASH_ESCAPE = "- ";
  private static final byte[] CANONICAL_LINE_BREAK = {'\r', '\n'};
  private static final int MAX_QUOTED_LENGTH = 60;
  static final String ADVICE_DOWNLOAD =
      "Download the file again; if this persists, the mirror is serving a damaged or tampered file.";

  private final byte[] signedBytes;
  private final String signedText;
  private final Set<Integer> declaredHashes;
  private final List<PGPSignature> signatures;

  private ClearsignedMessage(
      byte[] signedBytes, String signedText, Set<Integer> declaredHashes, List<PGPSignature> signatures) {
    this.signedBytes = signedBytes;
    this.signedText = signedText;
    this.declaredHashes = declaredHashes;
    this.signatures = signatures;
  }

  /** The canonical signed text as UTF-8 bytes: the exact input of every signature's digest. */
  byte[] signedBytes() {
    return signedBytes.clone();
  }

  String signedText() {
    return signedText;
  }

  /** Digests named by "Hash:" headers; empty if the message has none. */
  Set<Integer> declaredHashes() {
    return declaredHashes;
  }

  /** The signatures in the order they appear. Never empty. */
  List<PGPSignature> signatures() {
    return signatures;
  }

  static ClearsignedMessage parse(byte[] document, String source) throws SignatureVerificationException {
    List<Line> lines = Line.split(document);
    int i = 0;
    while (i < lines.size() && lines.get(i).isBlank()) {
      i++;
    }
    if (i == lines.size() || !lines.get(i).isMarker(MESSAGE_HEADER)) {
      throw new SignatureVerificationException(source + " is not a clearsigned OpenPGP message: it does "
          + "not start with '" + MESSAGE_HEADER + "'. An InRelease file is signed inline; check that "
          + "the URL names InRelease (not Release) and that no proxy replaced the file.");
    }
    i++;

    Set<Integer> declaredHashes = new LinkedHashSet<>();
    for (; i < lines.size() && !lines.get(i).isEmptyLine(); i++) {
      declaredHashes.addAll(parseHashHeader(lines.get(i), source));
    }
    if (i == lines.size()) {
      throw malformed(source, "the armor headers after '" + MESSAGE_HEADER + "' never end");
    }
    i++;

    ByteArrayOutputStream canonical = new ByteArrayOutputStream();
    boolean firstLine = true;
    for (; i < lines.size() && !lines.get(i).isMarker(SIGNATURE_HEADER); i++) {
      if (!firstLine) {
        canonical.writeBytes(CANONICAL_LINE_BREAK);
      }
      firstLine = false;
      canonical.writeBytes(textLine(lines.get(i), source));
    }
    if (i == lines.size()) {
      throw new SignatureVerificationException(source + " has no signature: no '" + SIGNATURE_HEADER
          + "' line follows the signed text. The file is truncated or unsigned; download it again, and "
          + "if this persists do not trust the mirror.");
    }

    int signatureStart = i;
    while (i < lines.size() && !lines.get(i).isMarker(SIGNATURE_FOOTER)) {
      i++;
    }
    if (i == lines.size()) {
      throw malformed(source, "the signature block has no '" + SIGNATURE_FOOTER + "' line");
    }
    int signatureEnd = i;
    for (i++; i < lines.size(); i++) {
      if (!lines.get(i).isBlank()) {
        throw malformed(source, "line " + (i + 1) + " follows the signature block; nothing but "
            + "blank lines may follow '" + SIGNATURE_FOOTER + "'");
      }
    }

    byte[] signedBytes = canonical.toByteArray();
    List<PGPSignature> signatures = readSignatures(lines.subList(signatureStart, signatureEnd + 1), source);
    return new ClearsignedMessage(signedBytes, decodeUtf8(signedBytes, source),
        Collections.unmodifiableSet(declaredHashes), List.copyOf(signatures));
  }

  private static Set<Integer> parseHashHeader(Line line, String source)
      throws SignatureVerificationException {
    String header = line.withoutTrailingWhitespace().ascii();
    if (!header.startsWith(HASH_HEADER_PREFIX)) {
      throw malformed(source, "line " + line.number() + " is the armor header '" + quote(header)
          + "'; a signed message may only carry 'Hash:' headers");
    }
    Set<Integer> hashes = new LinkedHashSet<>();
    for (String name : header.substring(HASH_HEADER_PREFIX.length()).split(",", -1)) {
      Integer hash = OpenPgpPolicy.HASH_HEADER_NAMES.get(name.strip().toUpperCase(Locale.ROOT));
      if (hash == null) {
        throw malformed(source, "line " + line.number() + " names the unknown digest '" + quote(name)
            + "' in its 'Hash:' header");
      }
      hashes.add(hash);
    }
    return hashes;
  }

  /** Undoes dash-escaping and drops trailing whitespace, which the framework leaves unsigned. */
  private static byte[] textLine(Line line, String source) throws SignatureVerificationException {
    Line content = line;
    if (line.startsWith("-")) {
      if (!line.startsWith(DASH_ESCAPE)) {
        throw malformed(source, "line " + line.number() + " ('" + quote(line.ascii()) + "') starts "
            + "with '-' but is not dash-escaped");
      }
      content = line.from(DASH_ESCAPE.length());
    }
    if (content.containsCarriageReturn()) {
      // Canonical text turns a lone CR into a line break; refusing it keeps the text we return
      // identical to the text that was signed.
      throw malformed(source, "line " + line.number() + " contains a carriage return that does not "
          + "end the line");
    }
    return content.withoutTrailingWhitespace().bytes();
  }

  private static List<PGPSignature> readSignatures(List<Line> block, String source)
      throws SignatureVerificationException {
    ByteArrayOutputStream armor = new ByteArrayOutputStream();
    for (Line line : block) {
      armor.writeBytes(line.bytes());
      armor.write('\n');
    }
    byte[] packets;
    try (InputStream in = ArmoredInputStream.builder().build(new ByteArrayInputStream(armor.toByteArray()))) {
      packets = in.readAllBytes();
    } catch (IOException | RuntimeException e) {
      throw malformed(source, "the signature block is not valid ASCII armor (" + e.getMessage() + ")", e);
    }

    List<PGPSignature> signatures = new ArrayList<>();
    try {
      BcPGPObjectFactory factory = new BcPGPObjectFactory(packets);
      Object next;
      while ((next = factory.nextObject()) != null) {
        if (!(next instanceof PGPSignatureList)) {
          throw malformed(source, "the signature block contains a " + next.getClass().getSimpleName()
              + "; only signature packets are allowed");
        }
        for (PGPSignature signature : (PGPSignatureList) next) {
          signatures.add(signature);
        }
      }
    } catch (IOException | RuntimeException e) {
      // Bouncy Castle reports malformed packets with assorted unchecked exceptions.
      throw malformed(source, "the signature block holds malformed OpenPGP packets ("
          + e.getMessage() + ")", e);
    }
    if (signatures.isEmpty()) {
      throw malformed(source, "the signature block contains no signatures");
    }
    return signatures;
  }

  private static String decodeUtf8(byte[] bytes, String source) throws SignatureVerificationException {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw malformed(source, "the signed text is not valid UTF-8", e);
    }
  }

  private static SignatureVerificationException malformed(String source, String what) {
    return malformed(source, what, null);
  }

  private static SignatureVerificationException malformed(String source, String what, Exception cause) {
    String message = source + " is not a well-formed clearsigned message: " + what + ". " + ADVICE_DOWNLOAD;
    return cause == null
        ? new SignatureVerificationException(message)
        : new SignatureVerificationException(message, cause);
  }

  /** Makes untrusted text safe to show: printable ASCII only, and short. */
  private static String quote(String text) {
    StringBuilder quoted = new StringBuilder();
    for (char c : text.toCharArray()) {
      quoted.append(c >= 0x20 && c < 0x7f ? c : '?');
      if (quoted.length() == MAX_QUOTED_LENGTH) {
        return quoted + "...";
      }
    }
    return quoted.toString();
  }

  /** One line of the document: a slice of its bytes without the LF or CR LF that ends it. */
  private static final class Line {
    private final byte[] document;
    private final int start;
    private final int end;
    private final int number;

    private Line(byte[] document, int start, int end, int number) {
      this.document = document;
      this.start = start;
      this.end = end;
      this.number = number;
    }

    static List<Line> split(byte[] document) {
      List<Line> lines = new ArrayList<>();
      int start = 0;
      for (int i = 0; i < document.length; i++) {
        if (document[i] == '\n') {
          int end = i > start && document[i - 1] == '\r' ? i - 1 : i;
          lines.add(new Line(document, start, end, lines.size() + 1));
          start = i + 1;
        }
      }
      if (start < document.length) {
        lines.add(new Line(document, start, document.length, lines.size() + 1));
      }
      return lines;
    }

    int number() {
      return number;
    }

    boolean isEmptyLine() {
      return withoutTrailingWhitespace().start == end;
    }

    boolean isBlank() {
      for (int i = start; i < end; i++) {
        if (!isWhitespace(document[i]) && document[i] != '\r') {
          return false;
        }
      }
      return true;
    }

    /** An armor line such as '-----BEGIN PGP SIGNATURE-----', ignoring trailing whitespace. */
    boolean isMarker(String marker) {
      return withoutTrailingWhitespace().ascii().equals(marker);
    }

    boolean startsWith(String prefix) {
      if (end - start < prefix.length()) {
        return false;
      }
      for (int i = 0; i < prefix.length(); i++) {
        if (document[start + i] != prefix.charAt(i)) {
          return false;
        }
      }
      return true;
    }

    boolean containsCarriageReturn() {
      for (int i = start; i < end; i++) {
        if (document[i] == '\r') {
          return true;
        }
      }
      return false;
    }

    Line from(int offset) {
      return new Line(document, start + offset, end, number);
    }

    /** RFC 9580 section 7.2: trailing spaces and tabs are not part of the signed text. */
    Line withoutTrailingWhitespace() {
      int newEnd = end;
      while (newEnd > start && isWhitespace(document[newEnd - 1])) {
        newEnd--;
      }
      return new Line(document, start, newEnd, number);
    }

    byte[] bytes() {
      byte[] bytes = new byte[end - start];
      System.arraycopy(document, start, bytes, 0, bytes.length);
      return bytes;
    }

    String ascii() {
      return new String(document, start, end - start, StandardCharsets.ISO_8859_1);
    }

    private static boolean isWhitespace(byte b) {
      return b == ' ' || b == '\t';
    }
  }
}
