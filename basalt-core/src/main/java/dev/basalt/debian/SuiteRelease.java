package dev.basalt.debian;

import dev.basalt.cache.Digest;
import java.net.URI;

/**
 * A suite whose InRelease was fetched and verified, with the digest of the exact bytes and the
 * fingerprint of the primary key that signed it (uppercase hex), which a package policy's
 * allowed keys are checked against.
 */
public record SuiteRelease(
    Repository repository, URI baseUrl, String suite, Digest inReleaseSha256, ReleaseFile release,
    String signerFingerprint) {}
