package dev.basalt.sign;

import dev.basalt.cache.Digest;
import dev.basalt.sign.VerificationException.Reason;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * What verifying a layout's signatures found: for the root and each platform manifest, whether
 * each form of signature verified, and if not, why. The image verifies when the root does; the
 * platforms are reported so that a user sees what a client resolving one of them would find.
 */
public record SignatureReport(String image, DigestResult root, List<DigestResult> platforms) {
  /**
   * How much a failure tells, most first: a valid signature for another image outranks one by
   * another key, which outranks one that does not hold, ... , which outranks finding none.
   */
  static final List<Reason> MOST_TELLING_FIRST = List.of(Reason.DIGEST_MISMATCH, Reason.OTHER_KEY, Reason.ALTERED,
      Reason.UNEXPECTED_PAYLOAD, Reason.MALFORMED, Reason.NO_SIGNATURE);

  /** The two places cosign keeps image signatures. */
  public enum Form {
    COSIGN_TAG("cosign signature tag"),
    SIGSTORE_BUNDLE("sigstore bundle referrer");

    private final String label;

    Form(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** One form's outcome: verified when {@code failure} is null. */
  public record FormResult(Form form, VerificationException failure) {
    public FormResult {
      Objects.requireNonNull(form, "form == null");
    }

    public boolean verified() {
      return failure == null;
    }
  }

  /** One digest's outcome in every form. */
  public record DigestResult(String label, Digest digest, List<FormResult> forms) {
    public DigestResult {
      Objects.requireNonNull(label, "label == null");
      Objects.requireNonNull(digest, "digest == null");
      forms = List.copyOf(forms);
    }

    /** Whether at least one form verified: either is enough, as either is enough for cosign. */
    public boolean verified() {
      return forms.stream().anyMatch(FormResult::verified);
    }

    public List<Form> verifiedForms() {
      return forms.stream().filter(FormResult::verified).map(FormResult::form).toList();
    }

    /** The most telling failure among the forms; null when a form verified. */
    public VerificationException failure() {
      return verified() ? null : mostTelling(forms.stream().map(FormResult::failure).toList());
    }
  }

  public SignatureReport {
    Objects.requireNonNull(image, "image == null");
    Objects.requireNonNull(root, "root == null");
    platforms = List.copyOf(platforms);
  }

  public boolean verified() {
    return root.verified();
  }

  /**
   * Returns normally only if the root verified.
   *
   * @throws VerificationException with the root's most telling failure
   */
  public void requireVerified() throws VerificationException {
    VerificationException failure = root.failure();
    if (failure != null) {
      throw new VerificationException(failure.reason(), image + " (" + root.label() + " " + root.digest()
          + ") is not verified: " + failure.getMessage(), failure);
    }
  }

  /** The failure that tells most (see {@link #MOST_TELLING_FIRST}); the first of equals wins. */
  static VerificationException mostTelling(List<VerificationException> failures) {
    return failures.stream().filter(Objects::nonNull)
        .min(Comparator.comparingInt(f -> MOST_TELLING_FIRST.indexOf(f.reason())))
        .orElseThrow(() -> new IllegalArgumentException("no failures"));
  }
}
