package dev.basalt.sign;

import dev.basalt.cache.Digest;
import dev.basalt.image.ArtifactManifest;
import dev.basalt.image.ImageReadException;
import dev.basalt.image.LayoutIndex;
import dev.basalt.oci.Descriptor;
import dev.basalt.sign.VerificationException.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The sigstore bundles a layout lists as OCI 1.1 referrers (index.json entries with a bundle
 * {@code artifactType}), read once. A referrer whose manifest does not match its digest cannot say
 * what it refers to; it is kept as a failure that counts against every digest, but only when no
 * other bundle verifies.
 */
final class BundleReferrers {
  private static final String BUNDLE_TYPE_PREFIX = "application/vnd.dev.sigstore.bundle";

  private final LayoutIndex index;
  private final List<ArtifactManifest> manifests;
  private final List<VerificationException> unreadable;

  private BundleReferrers(LayoutIndex index, List<ArtifactManifest> manifests, List<VerificationException> unreadable) {
    this.index = index;
    this.manifests = manifests;
    this.unreadable = unreadable;
  }

  static BundleReferrers of(LayoutIndex index) {
    List<ArtifactManifest> manifests = new ArrayList<>();
    List<VerificationException> unreadable = new ArrayList<>();
    for (Descriptor d : index.descriptors()) {
      if (d.artifactType() == null || !d.artifactType().startsWith(BUNDLE_TYPE_PREFIX)) {
        continue;
      }
      try {
        manifests.add(ArtifactManifest.read(index, d));
      } catch (ImageReadException e) {
        unreadable.add(new VerificationException(Reason.ALTERED, "The sigstore bundle referrer " + d.digest()
            + " cannot be read: " + e.getMessage(), e));
      }
    }
    return new BundleReferrers(index, manifests, unreadable);
  }

  /**
   * Verifies the bundles that refer to {@code subject} and hold (or may hold: the annotation is
   * optional) a statement of {@code predicateType}; returns the statement of the first that
   * verifies with {@code key}.
   *
   * @throws VerificationException the most telling failure; {@link Reason#NO_SIGNATURE} when
   *     there is no such bundle
   */
  InTotoStatement verify(Digest subject, String predicateType, VerificationKey key) throws VerificationException {
    List<VerificationException> failures = new ArrayList<>(unreadable);
    boolean found = false;
    for (ArtifactManifest m : manifests) {
      String annotated = m.annotations().get(SignatureTypes.BUNDLE_PREDICATE_TYPE_ANNOTATION);
      if (!subject.equals(m.subject()) || (annotated != null && !annotated.equals(predicateType))) {
        continue;
      }
      found = true;
      try {
        return SigstoreBundle.fromJson(bundleBytes(m)).verifyStatement(key, predicateType, subject);
      } catch (VerificationException e) {
        failures.add(new VerificationException(e.reason(), "Bundle referrer " + m.manifest().digest() + ": "
            + e.getMessage(), e));
      }
    }
    if (!found && failures.isEmpty()) {
      throw new VerificationException(Reason.NO_SIGNATURE, index.display() + " lists no sigstore bundle referrer"
          + " for " + subject + " with predicate type " + predicateType + ".");
    }
    throw SignatureReport.mostTelling(failures);
  }

  private byte[] bundleBytes(ArtifactManifest m) throws VerificationException {
    Optional<Descriptor> layer = m.layers().stream()
        .filter(l -> l.mediaType().startsWith(BUNDLE_TYPE_PREFIX)).findFirst();
    if (layer.isEmpty()) {
      throw new VerificationException(Reason.MALFORMED, "it holds no layer of a sigstore bundle media type.");
    }
    try {
      return index.readBlob(layer.get());
    } catch (ImageReadException e) {
      throw new VerificationException(Reason.ALTERED, "its bundle blob was altered: " + e.getMessage(), e);
    }
  }
}
