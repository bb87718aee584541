package dev.basalt.registry;

import dev.basalt.cache.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Uploads one blob to a repository: a cross-repository mount when the blob is known in another
 * repository of the registry, else one PUT for a small blob, else PATCH chunks that resume where
 * the registry says the upload stands after a failure. The registry checks the digest on the final
 * PUT; a session that cannot resume is abandoned and a new one started.
 */
final class BlobUploader {
  static final long DEFAULT_CHUNK_SIZE = 16L << 20;
  static final long DEFAULT_MONOLITHIC_LIMIT = 32L << 20;
  private static final Pattern RANGE = Pattern.compile("(?:bytes=)?0-(\\d+)");

  /** How a blob got into the repository. */
  enum Outcome { PRESENT, MOUNTED, UPLOADED }

  private final RegistryClient client;
  private final long chunkSize;
  private final long monolithicLimit;

  BlobUploader(RegistryClient client, long chunkSize, long monolithicLimit) {
    if (chunkSize < 1 || monolithicLimit < 0) {
      throw new IllegalArgumentException("chunkSize must be positive and monolithicLimit not negative");
    }
    this.client = client;
    this.chunkSize = chunkSize;
    this.monolithicLimit = monolithicLimit;
  }

  /** Makes blob {@code digest} ({@code size} bytes, in {@code file}) present, mounting it from {@code mountFrom} if given. */
  Outcome push(Digest digest, long size, Path file, Optional<String> mountFrom) throws RegistryException {
    Optional<Long> present = client.blobSize(digest);
    if (present.isPresent()) {
      return Outcome.PRESENT;
    }
    RegistryHttp http = client.http();
    URI session = null;
    if (mountFrom.isPresent()) {
      Set<String> scopes = new HashSet<>(client.scopes());
      scopes.add(RegistryClient.scope(mountFrom.get(), "pull"));
      URI uri = http.resolve("/v2/" + client.repository() + "/blobs/uploads/?mount=" + digest + "&from=" + mountFrom.get());
      try {
        HttpResponse<InputStream> r = http.send(new RegistryHttp.Call("POST", uri, Map.of(),
            HttpRequest.BodyPublishers::noBody, scopes, true));
        RegistryHttp.drain(r);
        if (r.statusCode() == 201) {
          return Outcome.MOUNTED;
        }
        // 202: the registry could not mount (the blob is gone there) and opened an upload
        // instead, which serves as well as a new one. Anything else: upload as if never seen.
        session = r.statusCode() == 202 ? location(r, uri) : null;
      } catch (RegistryAuthException e) {
        session = null; // no right to read the other repository: a mount is only a shortcut
      }
    }
    for (int attempt = 1; ; attempt++) {
      if (session == null) {
        session = startSession();
      }
      try {
        if (size <= monolithicLimit) {
          finish(session, digest, file, 0, size);
        } else {
          chunked(session, digest, file, size);
        }
        return Outcome.UPLOADED;
      } catch (Retry e) {
        if (attempt >= http.attempts()) {
          throw new RegistryException("upload of blob " + digest + " to " + http.target().registry() + "/"
              + client.repository() + " failed: " + e.getMessage() + " (gave up after " + attempt + " attempts)",
              e.getCause());
        }
        http.sleep(http.backoffMillis(attempt));
        session = null;
      }
    }
  }

  private URI startSession() throws RegistryException {
    RegistryHttp http = client.http();
    URI uri = http.resolve("/v2/" + client.repository() + "/blobs/uploads/");
    HttpResponse<InputStream> r = http.send(new RegistryHttp.Call("POST", uri, Map.of(),
        HttpRequest.BodyPublishers::noBody, client.scopes(), true));
    if (r.statusCode() != 202) {
      throw http.failure("POST", uri, r, client.scopes(), "");
    }
    RegistryHttp.drain(r);
    return location(r, uri);
  }

  /** PATCHes {@code file} in chunks, resuming from the registry's Range after a failed chunk, then finishes. */
  private void chunked(URI session, Digest digest, Path file, long size) throws RegistryException, Retry {
    RegistryHttp http = client.http();
    long offset = 0;
    long confirmed = 0;
    int failures = 0;
    while (offset < size) {
      long length = Math.min(chunkSize, size - offset);
      long start = offset;
      HttpResponse<InputStream> r;
      try {
        r = http.send(new RegistryHttp.Call("PATCH", session, Map.of("Content-Type", "application/octet-stream",
            "Content-Range", start + "-" + (start + length - 1)), () -> slice(file, start, length), client.scopes(),
            false));
      } catch (RegistryException e) {
        if (!RegistryHttp.isTransient(e)) {
          throw e;
        }
        r = null;
      }
      if (r != null && r.statusCode() == 202) {
        RegistryHttp.drain(r);
        session = location(r, session);
        offset = rangeEnd(r).orElse(start + length - 1) + 1;
        confirmed = offset;
        failures = 0;
        continue;
      }
      if (r != null && r.statusCode() != 429 && r.statusCode() < 500) {
        throw new Retry("PATCH answered HTTP " + r.statusCode(), http.failure("PATCH", session, r, client.scopes(), ""));
      }
      if (r != null) {
        RegistryHttp.drain(r);
      }
      if (++failures >= http.attempts()) {
        throw new Retry("a chunk failed " + failures + " times", null);
      }
      http.sleep(http.backoffMillis(failures));
      // Where does the upload stand? The registry's answer, not our count, says where to go on.
      HttpResponse<InputStream> status = http.send(new RegistryHttp.Call("GET", session, Map.of(), null,
          client.scopes(), true));
      RegistryHttp.drain(status);
      if (status.statusCode() != 204) {
        throw new Retry("the upload session is gone (HTTP " + status.statusCode() + ")", null);
      }
      session = location(status, session);
      // distribution writes "0-0" for an empty upload as for one byte; before any chunk was
      // accepted it means empty (a wrong guess costs a 416 and a fresh session, no corruption).
      long end = rangeEnd(status).orElse(-1L);
      offset = end < 0 || (end == 0 && confirmed == 0) ? 0 : end + 1;
    }
    finish(session, digest, file, size, 0);
  }

  /** The final PUT with the digest, carrying {@code length} bytes of {@code file} from {@code start}. */
  private void finish(URI session, Digest digest, Path file, long start, long length) throws RegistryException, Retry {
    RegistryHttp http = client.http();
    String sep = session.getRawQuery() == null ? "?" : "&";
    URI uri = URI.create(session + sep + "digest=" + digest);
    HttpResponse<InputStream> r;
    try {
      r = http.send(new RegistryHttp.Call("PUT", uri, Map.of("Content-Type", "application/octet-stream"),
          () -> length == 0 ? HttpRequest.BodyPublishers.noBody() : slice(file, start, length), client.scopes(), false));
    } catch (RegistryException e) {
      if (RegistryHttp.isTransient(e)) {
        throw new Retry(e.getMessage(), e);
      }
      throw e;
    }
    if (r.statusCode() == 201 || r.statusCode() == 204) {
      RegistryHttp.drain(r);
      return;
    }
    if (r.statusCode() == 429 || r.statusCode() >= 500) {
      RegistryHttp.drain(r);
      throw new Retry("PUT answered HTTP " + r.statusCode(), null);
    }
    RegistryException failure = http.failure("PUT", uri, r, client.scopes(), "");
    if (failure instanceof RegistryResponseException rr && rr.codes().contains("DIGEST_INVALID")) {
      throw new RegistryIntegrityException("the registry found that the blob in " + file + " does not match its digest "
          + digest + ": the layout is corrupt (" + rr.getMessage() + ")");
    }
    throw failure;
  }

  private static HttpRequest.BodyPublisher slice(Path file, long start, long length) {
    return HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> {
      try {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        ch.position(start);
        return new BoundedStream(Channels.newInputStream(ch), length);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }), length);
  }

  private static URI location(HttpResponse<?> r, URI against) throws RegistryException {
    String loc = r.headers().firstValue("Location").orElseThrow(() -> new RegistryException(
        against.getAuthority() + " answered an upload request without a Location"));
    return against.resolve(loc);
  }

  private static Optional<Long> rangeEnd(HttpResponse<?> r) {
    return r.headers().firstValue("Range").map(RANGE::matcher).filter(Matcher::matches).map(m -> Long.parseLong(m.group(1)));
  }

  /** A failure after which a fresh upload session may succeed. */
  private static final class Retry extends Exception {
    Retry(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** At most {@code remaining} bytes of {@code in}. */
  private static final class BoundedStream extends java.io.FilterInputStream {
    private long remaining;

    BoundedStream(InputStream in, long remaining) {
      super(in);
      this.remaining = remaining;
    }

    @Override
    public int read() throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int b = super.read();
      if (b >= 0) {
        remaining--;
      }
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int n = super.read(buf, off, (int) Math.min(len, remaining));
      if (n > 0) {
        remaining -= n;
      }
      return n;
    }
  }
}
