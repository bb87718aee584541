package dev.basalt.sign;

import dev.basalt.cache.Digest;
import dev.basalt.image.ArtifactManifest;
import dev.basalt.image.ImageLocation;
import dev.basalt.image.ImageReadException;
import dev.basalt.image.LayoutIndex;
import dev.basalt.lock.LockFile;
import dev.basalt.oci.AttachmentTags;
import dev.basalt.oci.Descriptor;
import dev.basalt.sign.SignatureReport.Form;
import dev.basalt.sign.VerificationException.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks the SLSA provenance attached to the image in a layout: signed by the key, a statement
 * about the image's exact root digest, and, given the lock file the image is said to be built
 * from, stating exactly the packages and InReleases that lock pins.
 */
public final class ProvenanceVerifier {
  /**
   * A verified provenance.
   *
   * @param form where the verified statement was found
   */
  public record Result(String image, Digest subject, Form form, InTotoStatement statement,
      List<SlsaProvenance.Dependency> dependencies) {
    public Result {
      dependencies = List.copyOf(dependencies);
    }
  }

  private ProvenanceVerifier() {}

  /**
   * Verifies the provenance of the image at {@code location}.
   *
   * @param lock the lock to compare the dependencies with, or null not to compare
   * @throws ImageReadException when the layout or its image cannot be read
   * @throws VerificationException when no signed provenance about the image verifies (the most telling failure)
   * @throws ProvenanceMismatchException when it verifies but states other dependencies than {@code lock}
   */
  public static Result verify(ImageLocation.Layout location, VerificationKey key, LockFile lock)
      throws ImageReadException, VerificationException, ProvenanceMismatchException {
    Objects.requireNonNull(key, "key == null");
    LayoutIndex index = LayoutIndex.read(location.dir());
    Digest root = SigningTargets.of(index, location.reference()).root().descriptor().digest();
    List<VerificationException> failures = new ArrayList<>();
    InTotoStatement statement = null;
    Form form = null;
    try {
      statement = BundleReferrers.of(index).verify(root, SlsaProvenance.PREDICATE_TYPE, key);
      form = Form.SIGSTORE_BUNDLE;
    } catch (VerificationException e) {
      failures.add(e);
      try {
        statement = verifyTag(index, root, key);
        form = Form.COSIGN_TAG;
      } catch (VerificationException tagFailure) {
        failures.add(tagFailure);
      }
    }
    if (statement == null) {
      VerificationException failure = SignatureReport.mostTelling(failures);
      throw new VerificationException(failure.reason(), location.display() + " (" + root + ") has no verified"
          + " provenance: " + failure.getMessage(), failure);
    }
    List<SlsaProvenance.Dependency> dependencies = SlsaProvenance.resolvedDependencies(statement);
    if (lock != null) {
      List<String> differences = SlsaProvenance.differences(dependencies, SlsaProvenance.dependencies(lock));
      if (!differences.isEmpty()) {
        throw new ProvenanceMismatchException("The provenance of " + location.display() + " verifies, but its "
            + "resolved dependencies differ from the lock for " + lock.spec() + " (" + differences.size()
            + " differences):\n  " + String.join("\n  ", differences), differences);
      }
    }
    return new Result(location.display(), root, form, statement, dependencies);
  }

  /** The statement of a layer of the {@code .att} image that verifies, as cosign v2 stores attestations. */
  static InTotoStatement verifyTag(LayoutIndex index, Digest root, VerificationKey key) throws VerificationException {
    String tag = AttachmentTags.attestation(root);
    Optional<Descriptor> image = index.tagged(tag);
    if (image.isEmpty()) {
      throw new VerificationException(Reason.NO_SIGNATURE, index.display() + " has no cosign attestation tag " + tag + ".");
    }
    List<Descriptor> layers;
    try {
      layers = ArtifactManifest.read(index, image.get()).layers();
    } catch (ImageReadException e) {
      throw new VerificationException(Reason.ALTERED, "The attestation image " + tag + " was altered: " + e.getMessage(), e);
    }
    List<VerificationException> failures = new ArrayList<>();
    for (Descriptor layer : layers) {
      String annotated = layer.annotations().get(ImageAttester.PREDICATE_TYPE_ANNOTATION);
      if (!layer.mediaType().equals(SignatureTypes.DSSE_ENVELOPE)
          || (annotated != null && !annotated.equals(SlsaProvenance.PREDICATE_TYPE))) {
        continue;
      }
      try {
        return statementOf(index, layer, root, key);
      } catch (VerificationException e) {
        failures.add(new VerificationException(e.reason(), tag + " layer " + layer.digest() + ": " + e.getMessage(), e));
      }
    }
    if (failures.isEmpty()) {
      throw new VerificationException(Reason.NO_SIGNATURE, "The attestation image " + tag + " holds no SLSA provenance.");
    }
    throw SignatureReport.mostTelling(failures);
  }

  private static InTotoStatement statementOf(LayoutIndex index, Descriptor layer, Digest root, VerificationKey key)
      throws VerificationException {
    byte[] json;
    try {
      json = index.readBlob(layer);
    } catch (ImageReadException e) {
      throw new VerificationException(Reason.ALTERED, "the envelope was altered: " + e.getMessage(), e);
    }
    DsseEnvelope envelope = DsseEnvelope.fromJson(json);
    byte[] payload = envelope.verify(key);
    if (!SignatureTypes.IN_TOTO_PAYLOAD.equals(envelope.payloadType())) {
      throw new VerificationException(Reason.UNEXPECTED_PAYLOAD, "the envelope's payload is of type '"
          + envelope.payloadType() + "', not '" + SignatureTypes.IN_TOTO_PAYLOAD + "'.");
    }
    InTotoStatement statement = InTotoStatement.fromJson(payload);
    if (!SlsaProvenance.PREDICATE_TYPE.equals(statement.predicateType())) {
      throw new VerificationException(Reason.UNEXPECTED_PAYLOAD, "the signed statement's predicate type is '"
          + statement.predicateType() + "', not '" + SlsaProvenance.PREDICATE_TYPE + "'.");
    }
    statement.requireSubject(root);
    return statement;
  }
}
