package dev.basalt.sign;

import dev.basalt.cache.Digest;
import dev.basalt.image.ArtifactManifest;
import dev.basalt.image.ImageLocation;
import dev.basalt.image.ImageReadException;
import dev.basalt.image.LayoutIndex;
import dev.basalt.oci.AttachmentTags;
import dev.basalt.oci.Descriptor;
import dev.basalt.sign.SignatureReport.DigestResult;
import dev.basalt.sign.SignatureReport.Form;
import dev.basalt.sign.SignatureReport.FormResult;
import dev.basalt.sign.VerificationException.Reason;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks that a key signed the image in an OCI layout, in either form {@link ImageSigner} (and
 * cosign) writes: a simple signing payload in the {@code sha256-<hex>.sig} image, or a sigstore
 * bundle referrer whose statement names the digest. A signature counts only for the exact digest
 * its signed payload names; the tag or referrer that leads to it proves nothing, as anyone can
 * write those.
 */
public final class ImageVerifier {
  private ImageVerifier() {}

  /**
   * Verifies the image at {@code location} against {@code key}; see
   * {@link SignatureReport#requireVerified()} for the verdict.
   *
   * @throws ImageReadException when the layout or its image cannot be read at all
   */
  public static SignatureReport verify(ImageLocation.Layout location, VerificationKey key) throws ImageReadException {
    Objects.requireNonNull(key, "key == null");
    LayoutIndex index = LayoutIndex.read(location.dir());
    SigningTargets targets = SigningTargets.of(index, location.reference());
    BundleReferrers bundles = BundleReferrers.of(index);
    List<DigestResult> results = new ArrayList<>();
    for (SigningTargets.Target target : targets.all()) {
      Digest digest = target.descriptor().digest();
      results.add(new DigestResult(target.label(), digest, List.of(
          new FormResult(Form.COSIGN_TAG, failureOf(() -> verifyTag(index, digest, key))),
          new FormResult(Form.SIGSTORE_BUNDLE,
              failureOf(() -> bundles.verify(digest, SignatureTypes.COSIGN_SIGN_PREDICATE, key))))));
    }
    return new SignatureReport(location.display(), results.get(0), results.subList(1, results.size()));
  }

  /**
   * Returns normally if a layer of {@code digest}'s {@code .sig} image is a payload that names
   * {@code digest}, signed by {@code key}.
   */
  static void verifyTag(LayoutIndex index, Digest digest, VerificationKey key) throws VerificationException {
    String tag = AttachmentTags.signature(digest);
    Optional<Descriptor> image = index.tagged(tag);
    if (image.isEmpty()) {
      throw new VerificationException(Reason.NO_SIGNATURE, index.display() + " has no cosign signature tag " + tag + ".");
    }
    List<Descriptor> layers;
    try {
      layers = ArtifactManifest.read(index, image.get()).layers();
    } catch (ImageReadException e) {
      throw new VerificationException(Reason.ALTERED, "The signature image " + tag + " was altered: " + e.getMessage(), e);
    }
    List<VerificationException> failures = new ArrayList<>();
    for (Descriptor layer : layers) {
      if (!layer.mediaType().equals(SignatureTypes.COSIGN_SIMPLE_SIGNING)) {
        continue;
      }
      try {
        SimpleSigningPayload.verify(payload(index, layer), signature(layer), key, digest);
        return;
      } catch (VerificationException e) {
        failures.add(new VerificationException(e.reason(), tag + " layer " + layer.digest() + ": " + e.getMessage(), e));
      }
    }
    if (failures.isEmpty()) {
      throw new VerificationException(Reason.NO_SIGNATURE, "The signature image " + tag + " holds no "
          + SignatureTypes.COSIGN_SIMPLE_SIGNING + " layer.");
    }
    throw SignatureReport.mostTelling(failures);
  }

  private static byte[] payload(LayoutIndex index, Descriptor layer) throws VerificationException {
    try {
      return index.readBlob(layer);
    } catch (ImageReadException e) {
      throw new VerificationException(Reason.ALTERED, "the signed payload was altered: " + e.getMessage(), e);
    }
  }

  private static byte[] signature(Descriptor layer) throws VerificationException {
    String b64 = layer.annotations().get(SignatureTypes.COSIGN_SIGNATURE_ANNOTATION);
    if (b64 == null || b64.isEmpty()) {
      throw new VerificationException(Reason.NO_SIGNATURE, "the layer carries no "
          + SignatureTypes.COSIGN_SIGNATURE_ANNOTATION + " annotation.");
    }
    try {
      return Base64.getDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      throw new VerificationException(Reason.MALFORMED, "its " + SignatureTypes.COSIGN_SIGNATURE_ANNOTATION
          + " annotation is not base64.", e);
    }
  }

  @FunctionalInterface
  private interface Check {
    void run() throws VerificationException;
  }

  private static VerificationException failureOf(Check check) {
    try {
      check.run();
      return null;
    } catch (VerificationException e) {
      return e;
    }
  }
}
