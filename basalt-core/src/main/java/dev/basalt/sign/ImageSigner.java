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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Signs the image in an OCI layout the two ways cosign reads signatures, for the root digest and
 * each platform manifest: a simple signing payload in the {@code sha256-<hex>.sig} image
 * (cosign's tag scheme) and a sigstore bundle v0.3 as an OCI 1.1 referrer, as cosign v3 writes by
 * default. Signatures are deterministic, so signing again with the same key and reference writes
 * nothing new; another key's signatures are kept beside basalt's.
 */
public final class ImageSigner {
  /** Annotations cosign v3 puts on a bundle referrer ({@code WriteAttestationNewBundleFormat}). */
  static final String BUNDLE_CONTENT_DSSE = "dsse-envelope";

  /**
   * A repository as the distribution spec names one, optionally with a registry host:
   * {@code base}, {@code acme/base}, {@code ghcr.io/acme/base}, {@code localhost:5000/base}.
   */
  private static final Pattern REPOSITORY = Pattern.compile(
      "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?/)?"
          + "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");

  /** What signing did for one digest. */
  public record Signed(String label, Digest digest, String tag, Digest bundleManifest, boolean changed) {}

  /** What signing did: the repository the payloads name, and each digest signed, root first. */
  public record Result(String image, String dockerReference, List<Signed> signed) {
    public Result {
      signed = List.copyOf(signed);
    }

    /** Whether anything was added to the layout (false when it was already signed so). */
    public boolean changed() {
      return signed.stream().anyMatch(Signed::changed);
    }
  }

  private ImageSigner() {}

  /**
   * Signs the image at {@code location} with {@code key}.
   *
   * @param dockerReference the repository the simple signing payloads name, or null for the
   *     default (see {@link #dockerReference})
   * @throws ImageReadException when the layout or its image cannot be read
   * @throws ReferenceException when the repository is malformed or cannot be told
   * @throws SignException when the layout cannot be written
   */
  public static Result sign(ImageLocation.Layout location, SigningKey key, String dockerReference)
      throws BasaltException {
    Objects.requireNonNull(key, "key == null");
    LayoutIndex index = LayoutIndex.read(location.dir());
    SigningTargets targets = SigningTargets.of(index, location.reference());
    String repository = dockerReference(dockerReference, targets.refName(), targets.title());
    OciLayoutWriter writer = new OciLayoutWriter(location.dir());
    List<Signed> signed = new ArrayList<>();
    try {
      for (SigningTargets.Target target : targets.all()) {
        signed.add(signOne(index, writer, target, repository, key));
      }
      index.write();
    } catch (IOException e) {
      throw new SignException("Cannot write the signatures into " + location.display() + ": " + e.getMessage()
          + ". Check that the layout is writable.", e);
    }
    return new Result(location.display(), repository, signed);
  }

  private static Signed signOne(LayoutIndex index, OciLayoutWriter writer, SigningTargets.Target target,
      String repository, SigningKey key) throws IOException, ImageReadException {
    Digest digest = target.descriptor().digest();
    byte[] payload = new SimpleSigningPayload(repository, digest, null).toJson();
    Descriptor layer = new Descriptor(SignatureTypes.COSIGN_SIMPLE_SIGNING, Digest.of(payload), payload.length,
        Map.of(SignatureTypes.COSIGN_SIGNATURE_ANNOTATION, SignJson.base64(key.sign(payload))), null, null);
    String tag = AttachmentTags.signature(digest);
    boolean tagChanged = CosignTagImage.attach(index, writer, tag, layer, payload);

    byte[] bundle = SigstoreBundle.sign(InTotoStatement.cosignSignature(digest, Map.of()), key).toJson();
    Descriptor referrer = writer.writeReferrer(target.descriptor(), SignatureTypes.SIGSTORE_BUNDLE_V03, bundle,
        SignatureTypes.SIGSTORE_BUNDLE_V03, bundleAnnotations(SignatureTypes.COSIGN_SIGN_PREDICATE));
    boolean referrerAdded = index.addUntagged(referrer);
    return new Signed(target.label(), digest, tag, referrer.digest(), tagChanged || referrerAdded);
  }

  /**
   * What cosign v3 annotates a bundle referrer with, less {@code org.opencontainers.image.created}:
   * cosign writes the signing time there, which would make signing irreproducible.
   */
  static Map<String, String> bundleAnnotations(String predicateType) {
    return Map.of(SignatureTypes.BUNDLE_CONTENT_ANNOTATION, BUNDLE_CONTENT_DSSE,
        SignatureTypes.BUNDLE_PREDICATE_TYPE_ANNOTATION, predicateType);
  }

  /**
   * The repository the payloads name ({@code critical.identity.docker-reference}; cosign's own
   * verification does not check it). In order: {@code given}; the layout's ref name when it is a
   * full image name ({@code ghcr.io/acme/base:1.0}, as some tools tag), without tag or digest; the
   * image's {@code org.opencontainers.image.title} (a basalt build's spec name). A plain tag such
   * as {@code latest} names no repository. Names are written as given, not expanded to Docker Hub:
   * a layout has no registry, and {@code --reference} names the one it is pushed to.
   *
   * @throws ReferenceException when {@code given} is not a repository, or nothing names one
   */
  static String dockerReference(String given, String refName, String title) throws ReferenceException {
    if (given != null) {
      if (!REPOSITORY.matcher(given).matches()) {
        throw new ReferenceException("--reference must name a repository without tag or digest, such as"
            + " ghcr.io/acme/base, not '" + given + "'");
      }
      return given;
    }
    if (refName != null && refName.contains("/")) {
      String repository = refName;
      int at = repository.indexOf('@');
      if (at >= 0) {
        repository = repository.substring(0, at);
      }
      int colon = repository.lastIndexOf(':');
      if (colon > repository.lastIndexOf('/')) {
        repository = repository.substring(0, colon);
      }
      if (REPOSITORY.matcher(repository).matches()) {
        return repository;
      }
    }
    if (title != null && REPOSITORY.matcher(title).matches()) {
      return title;
    }
    throw new ReferenceException("Cannot tell which repository the signature is for: the image has no"
        + " org.opencontainers.image.title and its ref name " + (refName == null ? "(none)" : "'" + refName + "'")
        + " is not a repository. Name it with --reference REPO (the repository you push to, e.g. ghcr.io/acme/base).");
  }
}
