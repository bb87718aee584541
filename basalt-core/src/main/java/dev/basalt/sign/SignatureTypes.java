package dev.basalt.sign;

/** The media types, payload types and type URIs of signed documents, in one place. */
public final class SignatureTypes {
  private SignatureTypes() {}

  /** A sigstore bundle, the format cosign v3 writes by default. */
  public static final String SIGSTORE_BUNDLE_V03 = "application/vnd.dev.sigstore.bundle.v0.3+json";
  /** A bare DSSE envelope, as cosign v2 stores attestations. */
  public static final String DSSE_ENVELOPE = "application/vnd.dsse.envelope.v1+json";
  /** The payload type of a DSSE envelope holding an in-toto statement. */
  public static final String IN_TOTO_PAYLOAD = "application/vnd.in-toto+json";
  /** The media type of a cosign "simple signing" payload (cosign's tag-based signatures). */
  public static final String COSIGN_SIMPLE_SIGNING = "application/vnd.dev.cosign.simplesigning.v1+json";

  public static final String IN_TOTO_STATEMENT_V1 = "https://in-toto.io/Statement/v1";
  /** The predicate type of cosign v3's image signature statement (its predicate is empty). */
  public static final String COSIGN_SIGN_PREDICATE = "https://sigstore.dev/cosign/sign/v1";
  /** {@code critical.type} of a simple signing payload. */
  public static final String COSIGN_SIMPLE_SIGNING_TYPE = "cosign container image signature";

  /** Annotations cosign v3 puts on the OCI manifest that carries a bundle as a referrer. */
  public static final String BUNDLE_CONTENT_ANNOTATION = "dev.sigstore.bundle.content";
  public static final String BUNDLE_PREDICATE_TYPE_ANNOTATION = "dev.sigstore.bundle.predicateType";
  /** Annotation cosign v2 puts on a simple signing layer: the base64 signature. */
  public static final String COSIGN_SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";
}
