package dev.basalt.oci;

import dev.basalt.cache.Digest;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * cosign's tag scheme for what it attaches to an image: {@code sha256-<hex>.sig} for signatures,
 * {@code .att} for attestations, {@code .sbom} for SBOMs (cosign's SIGNATURE_SPEC, "Tag-based
 * Discovery"). In a layout these tags name attachments, never images, so readers that look for
 * "the" image of a layout pass over them.
 */
public final class AttachmentTags {
  public static final String SIGNATURE_SUFFIX = ".sig";
  public static final String ATTESTATION_SUFFIX = ".att";
  private static final Pattern ATTACHMENT = Pattern.compile(Digest.ALGORITHM + "-[0-9a-f]{64}\\.(sig|att|sbom)");

  private AttachmentTags() {}

  /** {@code sha256-<hex>.sig}: where cosign looks for the signatures of {@code digest}. */
  public static String signature(Digest digest) {
    return tag(digest, SIGNATURE_SUFFIX);
  }

  /** {@code sha256-<hex>.att}: where cosign looks for the attestations about {@code digest}. */
  public static String attestation(Digest digest) {
    return tag(digest, ATTESTATION_SUFFIX);
  }

  /** Whether {@code ref} is a cosign attachment tag rather than an image's tag. */
  public static boolean isAttachment(String ref) {
    return ref != null && ATTACHMENT.matcher(ref).matches();
  }

  private static String tag(Digest digest, String suffix) {
    Objects.requireNonNull(digest, "digest == null");
    return Digest.ALGORITHM + "-" + digest.hex() + suffix;
  }
}
