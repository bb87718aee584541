package dev.basalt.effects;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x509.Certificate;

/**
 * OpenSSL's subject-name hash ({@code X509_NAME_hash_ex}, what {@code openssl rehash} names
 * {@code /etc/ssl/certs/<hash>.0} after): SHA-1 over the name's canonical encoding, first four
 * bytes little-endian. The canonical encoding is OpenSSL's {@code x509_name_canon}: each RDN
 * encoded as a DER SET on its own, no outer SEQUENCE, and every value of a text string type
 * turned into a UTF8String with leading and trailing whitespace dropped, inner whitespace runs
 * made one space and ASCII letters lower-cased.
 */
final class SubjectHash {
  private static final int TAG_SEQUENCE = 0x30;
  private static final int TAG_SET = 0x31;
  private static final int TAG_UTF8 = 0x0c;
  private static final int TAG_PRINTABLE = 0x13;
  private static final int TAG_T61 = 0x14;
  private static final int TAG_IA5 = 0x16;
  private static final int TAG_VISIBLE = 0x1a;
  private static final int TAG_UNIVERSAL = 0x1c;
  private static final int TAG_BMP = 0x1e;

  private SubjectHash() {}

  /** The hash of a DER certificate's subject, as the eight hex digits OpenSSL prints. */
  static String ofCertificate(byte[] der) throws IOException {
    Certificate cert;
    try (ASN1InputStream in = new ASN1InputStream(der)) {
      cert = Certificate.getInstance(in.readObject());
    } catch (IOException | RuntimeException e) {
      // Bouncy Castle reports malformed DER with a mix of checked and unchecked exceptions.
      throw new IOException("not an X.509 certificate", e);
    }
    if (cert == null) {
      throw new IOException("not an X.509 certificate");
    }
    byte[] canonical;
    try {
      canonical = canonical(cert.getSubject().getRDNs());
    } catch (RuntimeException e) {
      throw new IOException("certificate has a malformed subject", e);
    }
    byte[] md = sha1(canonical);
    long h = (md[0] & 0xffL) | (md[1] & 0xffL) << 8 | (md[2] & 0xffL) << 16 | (md[3] & 0xffL) << 24;
    return String.format("%08x", h);
  }

  static byte[] canonical(RDN[] rdns) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (RDN rdn : rdns) {
      List<byte[]> entries = new ArrayList<>();
      for (AttributeTypeAndValue atv : rdn.getTypesAndValues()) {
        byte[] oid = atv.getType().getEncoded(ASN1Encoding.DER);
        byte[] value = canonicalValue(atv.getValue().toASN1Primitive());
        entries.add(tlv(TAG_SEQUENCE, concat(oid, value)));
      }
      if (entries.isEmpty()) {
        continue;
      }
      entries.sort(SubjectHash::derOrder);
      out.write(tlv(TAG_SET, concat(entries.toArray(byte[][]::new))));
    }
    return out.toByteArray();
  }

  private static byte[] canonicalValue(ASN1Primitive value) throws IOException {
    byte[] der = value.getEncoded(ASN1Encoding.DER);
    int tag = der[0] & 0xff;
    String text;
    switch (tag) {
      case TAG_UTF8 -> text = strictUtf8(contents(der));
      case TAG_PRINTABLE, TAG_T61, TAG_IA5, TAG_VISIBLE -> text = new String(contents(der), StandardCharsets.ISO_8859_1);
      case TAG_BMP -> text = new String(contents(der), StandardCharsets.UTF_16BE);
      case TAG_UNIVERSAL -> text = ucs4(contents(der));
      default -> {
        return der;
      }
    }
    return tlv(TAG_UTF8, canon(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** OpenSSL's {@code asn1_string_canon} on UTF-8 bytes. */
  static byte[] canon(byte[] utf8) {
    int from = 0;
    int to = utf8.length;
    while (from < to && isSpace(utf8[from])) {
      from++;
    }
    while (to > from && isSpace(utf8[to - 1])) {
      to--;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
    for (int i = from; i < to; ) {
      byte b = utf8[i];
      if (b < 0) {
        out.write(b);
        i++;
      } else if (isSpace(b)) {
        out.write(' ');
        while (isSpace(utf8[i])) {
          i++;
        }
      } else {
        out.write(b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b);
        i++;
      }
    }
    return out.toByteArray();
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || (b >= '\t' && b <= '\r');
  }

  private static String strictUtf8(byte[] bytes) throws IOException {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IOException("subject has a UTF8String that is not UTF-8", e);
    }
  }

  private static String ucs4(byte[] bytes) throws IOException {
    if (bytes.length % 4 != 0) {
      throw new IOException("subject has a UniversalString of " + bytes.length + " bytes");
    }
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < bytes.length; i += 4) {
      int cp = ByteBuffer.wrap(bytes, i, 4).getInt();
      if (!Character.isValidCodePoint(cp)) {
        throw new IOException("subject has a UniversalString with code point " + Integer.toHexString(cp));
      }
      s.appendCodePoint(cp);
    }
    return s.toString();
  }

  /** The contents octets of a DER TLV with a one-byte tag. */
  private static byte[] contents(byte[] der) {
    int first = der[1] & 0xff;
    int offset = 2;
    if (first >= 0x80) {
      offset += first & 0x7f;
    }
    return Arrays.copyOfRange(der, offset, der.length);
  }

  private static byte[] tlv(int tag, byte[] contents) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(contents.length + 6);
    out.write(tag);
    int len = contents.length;
    if (len < 0x80) {
      out.write(len);
    } else {
      int bytes = (32 - Integer.numberOfLeadingZeros(len) + 7) / 8;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) {
        out.write(len >>> (8 * i));
      }
    }
    out.writeBytes(contents);
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /** DER's SET OF order, as OpenSSL's {@code der_cmp}: bytes unsigned, then the shorter first. */
  private static int derOrder(byte[] a, byte[] b) {
    int c = Arrays.compareUnsigned(a, 0, Math.min(a.length, b.length), b, 0, Math.min(a.length, b.length));
    return c != 0 ? c : a.length - b.length;
  }

  private static byte[] sha1(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-1").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-1", e);
    }
  }
}
