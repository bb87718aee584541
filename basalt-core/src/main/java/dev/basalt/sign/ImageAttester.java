package dev.basalt.sign;

import dev.basalt.BasaltException;
import dev.basalt.cache.Digest;
import dev.basalt.image.ImageLocation;
import dev.basalt.image.ImageReadException;
import dev.basalt.image.LayoutIndex;
import dev.basalt.oci.AttachmentTags;
import dev.basalt.oci.Descriptor;
import dev.basalt.oci.OciLayoutWriter;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;

/**
 * Attaches an in-toto statement (a build's provenance) to the image in an OCI layout. Signed, it
 * goes where cosign puts attestations: a sigstore bundle v0.3 referrer holding the DSSE envelope
 * (cosign v3's default, annotated with the predicate type), and a layer of the
 * {@code sha256-<hex>.att} image holding the bare envelope ({@code cosign attest} before v3, still
 * what {@code cosign verify-attestation} reads from tags). Unsigned, it is only a referrer of type
 * {@code application/vnd.in-toto+json} carrying the statement: cosign's places hold signed
 * envelopes only, and an unsigned statement must not look like one.
 */
public final class ImageAttester {
  /** The annotation cosign puts on an {@code .att} layer, and Docker's on an unsigned statement. */
  static final String PREDICATE_TYPE_ANNOTATION = "predicateType";
  static final String IN_TOTO_PREDICATE_TYPE_ANNOTATION = "in-toto.io/predicate-type";

  /** What attaching did: the subject, the referrer written, the tag (null unsigned), and whether anything changed. */
  public record Result(Digest subject, Digest referrer, String tag, boolean changed) {}

  private ImageAttester() {}

  /**
   * Attaches {@code statement} to the image at {@code location}, signed by {@code key}, or
   * unsigned when {@code key} is null. Attaching the same statement again changes nothing.
   *
   * @throws IllegalArgumentException when the statement is not about the image's root digest
   * @throws ImageReadException when the layout or its image cannot be read
   * @throws SignException when the layout cannot be written
   */
  public static Result attach(ImageLocation.Layout location, InTotoStatement statement, SigningKey key)
      throws BasaltException {
    Objects.requireNonNull(statement, "statement == null");
    LayoutIndex index = LayoutIndex.read(location.dir());
    Descriptor root = SigningTargets.of(index, location.reference()).root().descriptor();
    try {
      statement.requireSubject(root.digest());
    } catch (VerificationException e) {
      throw new IllegalArgumentException("the statement is not about " + location.display() + ": " + e.getMessage(), e);
    }
    OciLayoutWriter writer = new OciLayoutWriter(location.dir());
    try {
      Result result = key == null ? unsigned(index, writer, root, statement) : signed(index, writer, root, statement, key);
      index.write();
      return result;
    } catch (IOException e) {
      throw new SignException("Cannot write the attestation into " + location.display() + ": " + e.getMessage()
          + ". Check that the layout is writable.", e);
    }
  }

  private static Result signed(LayoutIndex index, OciLayoutWriter writer, Descriptor root, InTotoStatement statement,
      SigningKey key) throws IOException, ImageReadException {
    DsseEnvelope envelope = DsseEnvelope.sign(SignatureTypes.IN_TOTO_PAYLOAD, statement.toJson(), key);
    byte[] bundle = new SigstoreBundle(key.publicKey().hint(), envelope).toJson();
    Descriptor referrer = writer.writeReferrer(root, SignatureTypes.SIGSTORE_BUNDLE_V03, bundle,
        SignatureTypes.SIGSTORE_BUNDLE_V03, ImageSigner.bundleAnnotations(statement.predicateType()));
    boolean added = index.addUntagged(referrer);

    byte[] envelopeJson = envelope.toJson();
    // cosign's static.NewAttestation passes an empty signature: the envelope carries its own.
    Descriptor layer = new Descriptor(SignatureTypes.DSSE_ENVELOPE, Digest.of(envelopeJson), envelopeJson.length,
        Map.of(PREDICATE_TYPE_ANNOTATION, statement.predicateType(), SignatureTypes.COSIGN_SIGNATURE_ANNOTATION, ""),
        null, null);
    String tag = AttachmentTags.attestation(root.digest());
    boolean tagChanged = CosignTagImage.attach(index, writer, tag, layer, envelopeJson);
    return new Result(root.digest(), referrer.digest(), tag, added || tagChanged);
  }

  private static Result unsigned(LayoutIndex index, OciLayoutWriter writer, Descriptor root, InTotoStatement statement)
      throws IOException {
    Descriptor referrer = writer.writeReferrer(root, SignatureTypes.IN_TOTO_PAYLOAD, statement.toJson(),
        SignatureTypes.IN_TOTO_PAYLOAD, Map.of(IN_TOTO_PREDICATE_TYPE_ANNOTATION, statement.predicateType()));
    return new Result(root.digest(), referrer.digest(), null, index.addUntagged(referrer));
  }
}
