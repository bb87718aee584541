package dev.basalt.debian;

import dev.basalt.cache.Digest;
import java.net.URI;
import java.util.List;

/**
 * A suite whose InRelease was fetched and verified, with the digest of the exact bytes and the
 * fingerprints of the primary keys whose signatures on it checked out (uppercase hex), which a
 * package policy's allowed keys are checked against.
 */
public record SuiteRelease(
    Repository repository, URI baseUrl, String suite, Digest inReleaseSha256, ReleaseFile release,
    List<String> signerFingerprints) {
  public SuiteRelease {
    signerFingerprints = List.copyOf(signerFingerprints);
  }
}
