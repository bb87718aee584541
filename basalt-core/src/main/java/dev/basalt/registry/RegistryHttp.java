package dev.basalt.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.Version;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * HTTP to one registry: HTTPS (or plain HTTP when allowed), the auth flow, retries with
 * exponential backoff on I/O errors, 429 (honouring Retry-After) and 5xx, redirects followed
 * without credentials to other hosts, and error answers turned into exceptions that quote the
 * registry's error codes.
 */
final class RegistryHttp {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(10);
  private static final long MAX_RETRY_AFTER_MILLIS = 60_000;
  private static final int MAX_REDIRECTS = 5;
  private static final int MAX_ERROR_BODY = 64 * 1024;

  /** One request: sent again as it is on a retry, so the body must be replayable. */
  record Call(String method, URI uri, Map<String, String> headers, Supplier<HttpRequest.BodyPublisher> body,
      Set<String> scopes, boolean retry) {
    Call {
      headers = Map.copyOf(headers);
      scopes = Set.copyOf(scopes);
    }
  }

  private final HttpClient client;
  private final URI base;
  private final RegistryReference target;
  private final RegistryAuth auth;
  private final int attempts;
  private final Duration backoff;

  private RegistryHttp(HttpClient client, URI base, RegistryReference target, RegistryAuth auth, int attempts,
      Duration backoff) {
    this.client = client;
    this.base = base;
    this.target = target;
    this.auth = auth;
    this.attempts = attempts;
    this.backoff = backoff;
  }

  /** A connection to {@code target}'s registry; {@code GET /v2/} is asked once to learn how it authenticates. */
  static RegistryHttp open(RegistryReference target, RegistryOptions options) throws RegistryException {
    HttpClient client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(CONNECT_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NEVER)
        .sslContext(RegistryTls.context(options.caFile()))
        .build();
    URI base = URI.create((options.insecure() ? "http" : "https") + "://" + target.apiAuthority());
    RegistryAuth auth = new RegistryAuth(client, target, options.insecure(), options.credentials());
    RegistryHttp http = new RegistryHttp(client, base, target, auth, options.attempts(), options.backoff());
    http.ping();
    return http;
  }

  private void ping() throws RegistryException {
    HttpResponse<InputStream> r = send(new Call("GET", resolve("/v2/"), Map.of(), null, Set.of(), true), false);
    if (r.statusCode() == 401) {
      auth.learn(r.headers().firstValue("WWW-Authenticate").orElse(null));
    } else if (r.statusCode() == 404) {
      drain(r);
      throw new RegistryException(base + " is not a container registry (GET /v2/ answered HTTP 404)");
    } else if (r.statusCode() / 100 != 2) {
      throw failure("GET", resolve("/v2/"), r, Set.of(), "");
    }
    drain(r);
  }

  RegistryReference target() {
    return target;
  }

  /** {@code path} against the registry, or an absolute URL a registry answered with. */
  URI resolve(String pathOrUrl) {
    return base.resolve(pathOrUrl);
  }

  /** Sends {@code call}, authenticating and retrying as needed; the caller reads or drains the body. */
  HttpResponse<InputStream> send(Call call) throws RegistryException {
    return send(call, true);
  }

  private HttpResponse<InputStream> send(Call call, boolean authenticate) throws RegistryException {
    boolean reauthenticated = false;
    URI uri = call.uri();
    int redirects = 0;
    for (int attempt = 1; ; attempt++) {
      boolean sameHost = uri.getAuthority().equals(base.getAuthority());
      String authorization = authenticate && sameHost ? auth.header(call.scopes()) : null;
      HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
          .header("User-Agent", "basalt/" + Version.VERSION)
          .method(call.method(), call.body() == null ? HttpRequest.BodyPublishers.noBody() : call.body().get());
      call.headers().forEach(b::header);
      if (authorization != null) {
        b.header("Authorization", authorization);
      }
      long wait = backoff.toMillis() << Math.min(attempt - 1, 20);
      HttpResponse<InputStream> r;
      try {
        r = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
      } catch (SSLHandshakeException e) {
        throw new RegistryException("TLS with " + uri.getAuthority() + " failed: " + e.getMessage()
            + "; if the registry's certificate comes from a private CA, pass it with --ca-file", e);
      } catch (SSLException e) {
        throw new RegistryException("TLS with " + uri.getAuthority() + " failed: " + e.getMessage()
            + (base.getScheme().equals("https") ? "; if the registry serves plain HTTP, pass --insecure" : ""), e);
      } catch (InterruptedException | InterruptedIOException e) {
        Thread.currentThread().interrupt();
        throw new RegistryException(call.method() + " " + uri + " was interrupted", e);
      } catch (IOException e) {
        if (!call.retry() || attempt >= attempts) {
          String why = e instanceof ConnectException ? "cannot connect to " + uri.getAuthority() : e.toString();
          throw new RegistryException(call.method() + " " + uri + " failed: " + why
              + (call.retry() ? " (gave up after " + attempts + " attempts)" : ""), e);
        }
        sleep(wait);
        continue;
      }
      int status = r.statusCode();
      if (status == 401 && authenticate && sameHost && !reauthenticated) {
        reauthenticated = true;
        if (auth.onUnauthorized(r.headers().firstValue("WWW-Authenticate").orElse(null), call.scopes(),
            authorization)) {
          drain(r);
          attempt--;
          continue;
        }
        return r;
      }
      if ((status == 429 || status >= 500) && call.retry() && attempt < attempts) {
        drain(r);
        sleep(Math.max(wait, retryAfterMillis(r)));
        continue;
      }
      if (isRedirect(status) && (call.method().equals("GET") || call.method().equals("HEAD"))
          && redirects < MAX_REDIRECTS && r.headers().firstValue("Location").isPresent()) {
        drain(r);
        URI next = uri.resolve(r.headers().firstValue("Location").get());
        if ("http".equals(next.getScheme()) && "https".equals(uri.getScheme())) {
          throw new RegistryException(uri + " redirects to plain HTTP (" + next + "); refusing to follow");
        }
        uri = next;
        redirects++;
        attempt--;
        continue;
      }
      return r;
    }
  }

  /**
   * The exception for an unexpected answer: an auth refusal for 401/403, else the status with the
   * registry's error codes and messages, and {@code hint} when the status is 404.
   */
  RegistryException failure(String method, URI uri, HttpResponse<InputStream> r, Set<String> scopes, String hint)
      throws RegistryException {
    int status = r.statusCode();
    List<String> codes = new ArrayList<>();
    String detail = errorDetail(r, codes);
    if (status == 401 || status == 403) {
      return auth.refusal(status, scopes, detail);
    }
    String text = method + " " + uri.getPath() + " on " + target.registry() + " answered HTTP " + status
        + (detail.isEmpty() ? "" : " " + detail) + (status == 404 && !hint.isEmpty() ? "; " + hint : "");
    return new RegistryResponseException(text, status, codes);
  }

  /** {@code CODE: message} of each error in a distribution error body, or the first line of a text body. */
  private static String errorDetail(HttpResponse<InputStream> r, List<String> codes) {
    byte[] body;
    try (InputStream in = r.body()) {
      body = in.readNBytes(MAX_ERROR_BODY);
    } catch (IOException e) {
      return "";
    }
    try {
      JsonNode doc = JSON.readTree(body);
      List<String> parts = new ArrayList<>();
      for (JsonNode e : doc.path("errors")) {
        String code = e.path("code").asText("");
        codes.add(code);
        String message = e.path("message").asText("");
        // A textual detail names what is at fault (a blob digest, a media type); structured
        // ones restate the request.
        String extra = e.path("detail").isTextual() ? " (" + e.get("detail").asText() + ")" : "";
        parts.add(code + (message.isEmpty() ? "" : ": " + message) + extra);
      }
      if (!parts.isEmpty()) {
        return String.join("; ", parts);
      }
    } catch (IOException | RuntimeException e) {
      // Not a distribution error body: quote its first line below.
    }
    String text = new String(body, java.nio.charset.StandardCharsets.UTF_8).strip();
    int nl = text.indexOf('\n');
    text = nl < 0 ? text : text.substring(0, nl);
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }

  /** Whether {@code e} is an I/O failure that a new attempt may not meet (not TLS, not an interrupt). */
  static boolean isTransient(RegistryException e) {
    Throwable c = e.getCause();
    return c instanceof IOException && !(c instanceof SSLException) && !(c instanceof InterruptedIOException);
  }

  static void drain(HttpResponse<InputStream> r) {
    try (InputStream in = r.body()) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    } catch (IOException e) {
      // The connection is discarded; nothing in the body was needed.
    }
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private static long retryAfterMillis(HttpResponse<?> r) {
    return r.headers().firstValue("Retry-After").map(v -> {
      try {
        return Math.min(Long.parseLong(v.trim()) * 1000, MAX_RETRY_AFTER_MILLIS);
      } catch (NumberFormatException e) {
        return 0L;
      }
    }).orElse(0L);
  }

  void sleep(long millis) throws RegistryException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryException("interrupted while waiting to retry", e);
    }
  }

  /** How long to wait before attempt {@code attempt + 1}: the backoff, doubling. */
  long backoffMillis(int attempt) {
    return backoff.toMillis() << Math.min(attempt - 1, 20);
  }

  int attempts() {
    return attempts;
  }
}
