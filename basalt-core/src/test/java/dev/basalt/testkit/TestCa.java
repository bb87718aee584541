package dev.basalt.testkit;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * A throwaway certificate authority (P-256) made with Bouncy Castle's ASN.1 classes: its root, and
 * server certificates it issues for loopback names, valid for a day, written as PEM for Go
 * servers and for {@code --ca-file}.
 */
public final class TestCa {
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());
  private static final long DAY_MILLIS = 24L * 3600 * 1000;

  private final String name;
  private final KeyPair keys;
  private final X509Certificate certificate;

  /** A certificate and its private key. */
  public record Issued(X509Certificate certificate, PrivateKey key) {
    /** Writes {@code cert.pem} and {@code key.pem} (PKCS#8) into {@code dir}. */
    public void write(Path certFile, Path keyFile) throws IOException {
      Files.writeString(certFile, pem("CERTIFICATE", der(certificate)));
      Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()));
    }
  }

  private TestCa(String name, KeyPair keys, X509Certificate certificate) {
    this.name = name;
    this.keys = keys;
    this.certificate = certificate;
  }

  public static TestCa create(String commonName) {
    KeyPair keys = newKeys();
    X509Certificate root = sign(commonName, commonName, keys.getPublic().getEncoded(), keys.getPrivate(), true,
        List.of(), List.of());
    return new TestCa(commonName, keys, root);
  }

  public X509Certificate certificate() {
    return certificate;
  }

  public PrivateKey key() {
    return keys.getPrivate();
  }

  /** The root as PEM. */
  public String pem() {
    return pem("CERTIFICATE", der(certificate));
  }

  public Path writePem(Path file) throws IOException {
    Files.writeString(file, pem());
    return file;
  }

  /** A server certificate for {@code ips} and {@code dnsNames}, issued by this CA. */
  public Issued issueServer(String commonName, List<String> ips, List<String> dnsNames) {
    KeyPair leaf = newKeys();
    return new Issued(sign(commonName, name, leaf.getPublic().getEncoded(), keys.getPrivate(), false, ips, dnsNames),
        leaf.getPrivate());
  }

  private static KeyPair newKeys() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static X509Certificate sign(String subject, String issuer, byte[] publicKey, PrivateKey issuerKey, boolean ca,
      List<String> ips, List<String> dnsNames) {
    try {
      AlgorithmIdentifier algorithm = new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
      V3TBSCertificateGenerator g = new V3TBSCertificateGenerator();
      g.setSerialNumber(new ASN1Integer(BigInteger.valueOf(SERIAL.incrementAndGet())));
      g.setIssuer(new X500Name("CN=" + issuer));
      g.setSubject(new X500Name("CN=" + subject));
      long now = System.currentTimeMillis();
      g.setStartDate(new Time(new Date(now - 3600_000)));
      g.setEndDate(new Time(new Date(now + DAY_MILLIS)));
      g.setSubjectPublicKeyInfo(SubjectPublicKeyInfo.getInstance(publicKey));
      g.setSignature(algorithm);
      ExtensionsGenerator ext = new ExtensionsGenerator();
      ext.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
      ext.addExtension(Extension.keyUsage, true, new KeyUsage(ca
          ? KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature : KeyUsage.digitalSignature));
      if (!ca) {
        ext.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        List<GeneralName> names = new ArrayList<>();
        ips.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
        dnsNames.forEach(dns -> names.add(new GeneralName(GeneralName.dNSName, dns)));
        ext.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(new GeneralName[0])));
      }
      g.setExtensions(ext.generate());
      TBSCertificate tbs = g.generateTBSCertificate();
      Signature signer = Signature.getInstance("SHA256withECDSA");
      signer.initSign(issuerKey);
      signer.update(tbs.getEncoded(ASN1Encoding.DER));
      ASN1EncodableVector v = new ASN1EncodableVector();
      v.add(tbs);
      v.add(algorithm);
      v.add(new DERBitString(signer.sign()));
      byte[] der = new DERSequence(v).getEncoded(ASN1Encoding.DER);
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] der(X509Certificate c) {
    try {
      return c.getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }
}
