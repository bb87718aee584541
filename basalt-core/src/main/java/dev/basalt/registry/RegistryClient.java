package dev.basalt.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.cache.BlobStore;
import dev.basalt.cache.Digest;
import dev.basalt.cache.IntegrityException;
import dev.basalt.oci.MediaTypes;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The OCI distribution API of one repository: blobs (HEAD, GET, mount, upload), manifests (HEAD,
 * GET, PUT) and the referrers API. Everything fetched is checked against the digest and size
 * that name it.
 */
public final class RegistryClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** What a manifest GET accepts: OCI and Docker v2 manifests and indexes. */
  static final String MANIFEST_ACCEPT = String.join(", ", MediaTypes.OCI_INDEX, MediaTypes.OCI_MANIFEST,
      MediaTypes.DOCKER_MANIFEST_LIST, MediaTypes.DOCKER_MANIFEST);
  static final int MAX_MANIFEST_BYTES = 4 << 20;
  private static final String CONTENT_DIGEST = "Docker-Content-Digest";

  /** A manifest or index as the registry holds it. */
  public record Manifest(String mediaType, Digest digest, byte[] bytes) {}

  private final RegistryHttp http;
  private final String repository;
  private final Set<String> scopes;

  private RegistryClient(RegistryHttp http, String repository, Set<String> scopes) {
    this.http = http;
    this.repository = repository;
    this.scopes = scopes;
  }

  /** A client for reading {@code ref}'s repository. */
  public static RegistryClient forPull(RegistryReference ref, RegistryOptions options) throws RegistryException {
    return new RegistryClient(RegistryHttp.open(ref, options), ref.repository(), Set.of(scope(ref.repository(), "pull")));
  }

  /** A client for writing to {@code ref}'s repository. */
  public static RegistryClient forPush(RegistryReference ref, RegistryOptions options) throws RegistryException {
    return new RegistryClient(RegistryHttp.open(ref, options), ref.repository(),
        Set.of(scope(ref.repository(), "pull,push")));
  }

  static String scope(String repository, String actions) {
    return "repository:" + repository + ":" + actions;
  }

  RegistryHttp http() {
    return http;
  }

  Set<String> scopes() {
    return scopes;
  }

  public String repository() {
    return repository;
  }

  private URI uri(String kind, String reference) {
    return http.resolve("/v2/" + repository + "/" + kind + "/" + reference);
  }

  /** The size the registry states for blob {@code digest}, or empty when it does not have it. */
  public Optional<Long> blobSize(Digest digest) throws RegistryException {
    URI uri = uri("blobs", digest.toString());
    HttpResponse<InputStream> r = http.send(new RegistryHttp.Call("HEAD", uri, Map.of(), null, scopes, true));
    if (r.statusCode() != 200 && r.statusCode() != 404) {
      throw http.failure("HEAD", uri, r, scopes, "");
    }
    RegistryHttp.drain(r);
    if (r.statusCode() == 404) {
      return Optional.empty();
    }
    return Optional.of(r.headers().firstValueAsLong("Content-Length").orElse(-1));
  }

  /**
   * Fetches blob {@code digest} into {@code store} (a cache or an OCI layout's blob directory),
   * unless it is there intact already; returns its path and whether it was downloaded.
   */
  public Fetched fetchBlob(Digest digest, long size, BlobStore store) throws RegistryException {
    try {
      Optional<Path> present = store.find(digest, size);
      if (present.isPresent()) {
        return new Fetched(present.get(), false);
      }
    } catch (dev.basalt.cache.CacheException e) {
      throw new RegistryException(e.getMessage(), e);
    }
    URI uri = uri("blobs", digest.toString());
    String what = http.target().registry() + "/" + repository + " blob " + digest;
    for (int attempt = 1; ; attempt++) {
      HttpResponse<InputStream> r = http.send(new RegistryHttp.Call("GET", uri, Map.of(), null, scopes, true));
      if (r.statusCode() != 200) {
        throw http.failure("GET", uri, r, scopes, "the registry has no blob " + digest + " in " + repository);
      }
      try (InputStream in = r.body()) {
        return new Fetched(store.put(digest, size, in, what), true);
      } catch (IntegrityException e) {
        throw new RegistryIntegrityException(e.getMessage(), e);
      } catch (dev.basalt.cache.CacheException e) {
        throw new RegistryException(e.getMessage(), e);
      } catch (IOException e) {
        // The body broke off: the store kept nothing, so the blob is fetched again from the start.
        if (attempt >= http.attempts()) {
          throw new RegistryException("GET " + uri + " broke off: " + e + " (gave up after " + attempt + " attempts)", e);
        }
        http.sleep(http.backoffMillis(attempt));
      }
    }
  }

  /** The name of the threads that move blobs. */
  static final String TRANSFER_THREAD = "basalt-registry";

  /** A transfer that failed otherwise than with a registry error. */
  static RegistryException transferFailed(Exception e) {
    return e instanceof InterruptedException ? new RegistryException("interrupted", e)
        : new RegistryException("a transfer failed: " + e, e);
  }

  /** A fetched blob: where it is, and whether it had to be downloaded. */
  public record Fetched(Path path, boolean downloaded) {}

  /**
   * The manifest or index {@code reference} (a tag or a digest), checked against the digest when
   * the reference is one, and against the digest the registry states.
   */
  public Manifest fetchManifest(String reference) throws RegistryException {
    URI uri = uri("manifests", reference);
    HttpResponse<InputStream> r = http.send(new RegistryHttp.Call("GET", uri, Map.of("Accept", MANIFEST_ACCEPT), null,
        scopes, true));
    if (r.statusCode() != 200) {
      throw http.failure("GET", uri, r, scopes, "no manifest '" + reference + "' in " + http.target().registry() + "/"
          + repository);
    }
    byte[] bytes;
    try (InputStream in = r.body()) {
      bytes = in.readNBytes(MAX_MANIFEST_BYTES + 1);
    } catch (IOException e) {
      throw new RegistryException("GET " + uri + " broke off: " + e, e);
    }
    String where = http.target().registry() + "/" + repository + ":" + reference;
    if (bytes.length > MAX_MANIFEST_BYTES) {
      throw new RegistryIntegrityException(where + " is larger than a manifest can be (" + MAX_MANIFEST_BYTES + " bytes)");
    }
    Digest actual = Digest.of(bytes);
    if (reference.startsWith(Digest.ALGORITHM + ":") && !actual.equals(Digest.parse(reference))) {
      throw new RegistryIntegrityException(where + " served a manifest whose digest is " + actual
          + ": it does not match the digest it was asked by");
    }
    Optional<String> stated = r.headers().firstValue(CONTENT_DIGEST);
    if (stated.isPresent() && stated.get().startsWith(Digest.ALGORITHM + ":")
        && !Digest.parse(stated.get()).equals(actual)) {
      throw new RegistryIntegrityException(where + " states digest " + stated.get() + " but served a manifest whose"
          + " digest is " + actual);
    }
    String type = mediaTypeOf(bytes, r.headers().firstValue("Content-Type").orElse(""), where);
    return new Manifest(type, actual, bytes);
  }

  /** The manifest {@code reference} as {@link #fetchManifest} reads it, or empty when the registry has none (404). */
  public Optional<Manifest> fetchManifestIfPresent(String reference) throws RegistryException {
    try {
      return Optional.of(fetchManifest(reference));
    } catch (RegistryResponseException e) {
      if (e.status() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private static String mediaTypeOf(byte[] bytes, String contentType, String where) throws RegistryException {
    JsonNode doc;
    try {
      doc = JSON.readTree(bytes);
    } catch (IOException e) {
      throw new RegistryIntegrityException(where + " is not JSON: " + e.getMessage(), e);
    }
    if (doc == null || !doc.isObject()) {
      throw new RegistryIntegrityException(where + " is not a JSON object");
    }
    if (doc.path("schemaVersion").asInt() == 1) {
      throw new RegistryException(where + " is a Docker schema 1 manifest, which basalt does not read;"
          + " re-push it with a current tool");
    }
    String type = doc.path("mediaType").asText("");
    if (type.isEmpty()) {
      type = contentType.contains(";") ? contentType.substring(0, contentType.indexOf(';')).trim() : contentType;
    }
    if (type.isEmpty() || !List.of(MediaTypes.OCI_INDEX, MediaTypes.OCI_MANIFEST, MediaTypes.DOCKER_MANIFEST_LIST,
        MediaTypes.DOCKER_MANIFEST).contains(type)) {
      type = doc.has("manifests") ? MediaTypes.OCI_INDEX : MediaTypes.OCI_MANIFEST;
    }
    return type;
  }

  /** The digest of manifest {@code reference} if the registry has it, without fetching it. */
  public Optional<Digest> manifestDigest(String reference) throws RegistryException {
    URI uri = uri("manifests", reference);
    HttpResponse<InputStream> r = http.send(new RegistryHttp.Call("HEAD", uri, Map.of("Accept", MANIFEST_ACCEPT), null,
        scopes, true));
    if (r.statusCode() != 200 && r.statusCode() != 404) {
      throw http.failure("HEAD", uri, r, scopes, "");
    }
    RegistryHttp.drain(r);
    if (r.statusCode() == 404) {
      return Optional.empty();
    }
    return r.headers().firstValue(CONTENT_DIGEST).filter(d -> d.startsWith(Digest.ALGORITHM + ":")).map(Digest::parse);
  }

  /**
   * Stores {@code bytes} as manifest {@code reference} (a tag, or its own digest); a registry that
   * rejects it (an unknown blob, an unsupported media type) is reported with its error codes.
   */
  public void putManifest(String reference, byte[] bytes, String mediaType) throws RegistryException {
    URI uri = uri("manifests", reference);
    HttpResponse<InputStream> r = http.send(new RegistryHttp.Call("PUT", uri, Map.of("Content-Type", mediaType),
        () -> HttpRequest.BodyPublishers.ofByteArray(bytes), scopes, true));
    if (r.statusCode() != 201 && r.statusCode() != 200) {
      throw http.failure("PUT", uri, r, scopes, "");
    }
    RegistryHttp.drain(r);
    Digest actual = Digest.of(bytes);
    Optional<String> stated = r.headers().firstValue(CONTENT_DIGEST);
    if (stated.isPresent() && stated.get().startsWith(Digest.ALGORITHM + ":")
        && !Digest.parse(stated.get()).equals(actual)) {
      throw new RegistryIntegrityException(http.target().registry() + "/" + repository + " stored manifest " + reference
          + " under digest " + stated.get() + ", not " + actual + ": it rewrote the manifest");
    }
  }

  /**
   * The OCI 1.1 referrers API's answer for {@code subject} (an image index), or empty when the
   * registry has no such API (404 or an answer that is not an index).
   */
  public Optional<byte[]> referrers(Digest subject) throws RegistryException {
    URI uri = uri("referrers", subject.toString());
    HttpResponse<InputStream> r = http.send(new RegistryHttp.Call("GET", uri, Map.of("Accept", MediaTypes.OCI_INDEX),
        null, scopes, true));
    if (r.statusCode() == 401 || r.statusCode() == 403) {
      throw http.failure("GET", uri, r, scopes, "");
    }
    if (r.statusCode() != 200 || !r.headers().firstValue("Content-Type").orElse("").startsWith(MediaTypes.OCI_INDEX)) {
      RegistryHttp.drain(r);
      return Optional.empty();
    }
    try (InputStream in = r.body()) {
      return Optional.of(in.readNBytes(MAX_MANIFEST_BYTES));
    } catch (IOException e) {
      throw new RegistryException("GET " + uri + " broke off: " + e, e);
    }
  }
}
