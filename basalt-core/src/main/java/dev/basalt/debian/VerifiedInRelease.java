package dev.basalt.debian;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The text of an {@code InRelease} file whose signature checked out, and the key that signed it.
 *
 * @param signedText the signed text exactly as the signature covers it: dash-escaping removed,
 *     trailing spaces and tabs removed from every line, lines joined with CR LF, and no line break
 *     after the last line (the cleartext signature framework's canonical text)
 * @param signerFingerprint fingerprint of the primary key, uppercase hex
 * @param signingKeyId key ID of the primary key or subkey that made the signature, 16 uppercase hex
 *     digits
 * @param signerFingerprints the primary keys of every signature that checked out, {@code
 *     signerFingerprint} first: Debian signs with several keys, and a policy may allow any of them
 */
public record VerifiedInRelease(
    String signedText, String signerFingerprint, String signingKeyId, List<String> signerFingerprints) {
  private static final Pattern FINGERPRINT = Pattern.compile("[0-9A-F]{40}|[0-9A-F]{64}");
  private static final Pattern KEY_ID = Pattern.compile("[0-9A-F]{16}");
  private static final String LINE_BREAK = "\r\n";

  /** Verified by one key. */
  public VerifiedInRelease(String signedText, String signerFingerprint, String signingKeyId) {
    this(signedText, signerFingerprint, signingKeyId, List.of(signerFingerprint));
  }

  public VerifiedInRelease {
    signerFingerprints = List.copyOf(signerFingerprints);
    if (signerFingerprints.isEmpty() || !signerFingerprints.get(0).equals(signerFingerprint)) {
      throw new IllegalArgumentException("signerFingerprints must start with signerFingerprint");
    }
    Objects.requireNonNull(signedText, "signedText == null");
    Objects.requireNonNull(signerFingerprint, "signerFingerprint == null");
    Objects.requireNonNull(signingKeyId, "signingKeyId == null");
    if (!FINGERPRINT.matcher(signerFingerprint).matches()) {
      throw new IllegalArgumentException("not an uppercase hex fingerprint: " + signerFingerprint);
    }
    if (!KEY_ID.matcher(signingKeyId).matches()) {
      throw new IllegalArgumentException("not a 16-digit uppercase hex key ID: " + signingKeyId);
    }
  }

  /** The signed lines, without line terminators; what a deb822 parser wants. */
  public List<String> lines() {
    return List.of(signedText.split(LINE_BREAK, -1));
  }
}
