package dev.basalt.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.Version;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Answers a registry's challenges: anonymous until asked, then Basic with the stored credential,
 * or the distribution token flow (a token from the challenge's realm for the service and scopes,
 * cached per scope set until it expires, fetched again once on a 401). Credentials never go over
 * plain HTTP to a host other than this machine.
 */
final class RegistryAuth {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The token spec's default lifetime when the server states none. */
  private static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofSeconds(60);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  private final HttpClient client;
  private final RegistryReference target;
  private final boolean plainHttp;
  private final CredentialStore store;
  private final Map<String, Token> tokens = new ConcurrentHashMap<>();
  private final Map<String, Object> locks = new ConcurrentHashMap<>();
  private volatile AuthChallenge challenge;
  private Optional<Credential> credential;

  private record Token(String value, Instant expires, boolean withCredential) {}

  RegistryAuth(HttpClient client, RegistryReference target, boolean plainHttp, CredentialStore store) {
    this.client = client;
    this.target = target;
    this.plainHttp = plainHttp;
    this.store = store;
  }

  /** The Authorization header for a request needing {@code scopes}, or null to go anonymous. */
  String header(Set<String> scopes) throws RegistryException {
    AuthChallenge c = challenge;
    if (c == null) {
      return null;
    }
    if (c.scheme().equals(AuthChallenge.BASIC)) {
      Optional<Credential> cred = credential();
      if (cred.isEmpty()) {
        return null;
      }
      refuseCleartext(cred.get(), target.registry());
      String pair = cred.get().username() + ":" + cred.get().secret();
      return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }
    String key = key(scopes);
    Token t;
    // One fetch per scope set, however many transfers start at once.
    synchronized (locks.computeIfAbsent(key, k -> new Object())) {
      t = tokens.get(key);
      if (t == null || Instant.now().isAfter(t.expires())) {
        t = fetchToken(c, scopes);
        tokens.put(key, t);
      }
    }
    if (t.withCredential()) {
      refuseCleartext(credential().orElseThrow(), target.registry());
    }
    return "Bearer " + t.value();
  }

  /**
   * Takes in a 401's challenge; true when the request is worth sending again (a token to fetch,
   * a stale one dropped, or a credential not yet sent).
   */
  boolean onUnauthorized(String wwwAuthenticate, Set<String> scopes, String sentAuthorization)
      throws RegistryException {
    AuthChallenge c = AuthChallenge.parse(wwwAuthenticate);
    if (c == null) {
      return false;
    }
    challenge = c;
    if (c.scheme().equals(AuthChallenge.BASIC)) {
      return sentAuthorization == null && credential().isPresent();
    }
    if ("insufficient_scope".equals(c.param("error")) && sentAuthorization != null) {
      return false;
    }
    // Drop the token only if it is the one refused: a parallel request may have replaced it.
    String key = key(scopes);
    Token sent = tokens.get(key);
    if (sent != null && ("Bearer " + sent.value()).equals(sentAuthorization)) {
      tokens.remove(key, sent);
    }
    return true;
  }

  /** Learns the challenge from the answer to {@code GET /v2/}, so that later requests carry auth at once. */
  void learn(String wwwAuthenticate) {
    AuthChallenge c = AuthChallenge.parse(wwwAuthenticate);
    if (c != null) {
      challenge = c;
    }
  }

  /** The error for a request the registry still refuses ({@code status} 401 or 403). */
  RegistryAuthException refusal(int status, Set<String> scopes, String detail) throws RegistryException {
    String what = scopes.isEmpty() ? "access" : String.join(" and ", new TreeSet<>(scopes));
    String answer = " (HTTP " + status + (detail.isEmpty() ? "" : " " + detail) + ")";
    Optional<Credential> cred = credential();
    if (cred.isEmpty()) {
      return new RegistryAuthException(target.registry() + " requires credentials for " + what + answer
          + " and none were found; looked in " + lookedIn() + ". Log in with 'docker login " + target.registry()
          + "' or 'podman login " + target.registry() + "'");
    }
    if (status == 403) {
      return new RegistryAuthException(target.registry() + " denied " + what + " to the credentials from "
          + cred.get().describe() + answer + "; that account lacks the permission");
    }
    return new RegistryAuthException(target.registry() + " refused the credentials from " + cred.get().describe()
        + " for " + what + answer + "; check them or log in again");
  }

  private String lookedIn() {
    return "docker's credHelpers, credsStore and auths in " + store.files().get(0) + ", and "
        + store.files().subList(1, store.files().size()).stream().map(Object::toString).collect(Collectors.joining(", "));
  }

  /** Looked up once per client: a credential helper may be slow, or ask the user. */
  private synchronized Optional<Credential> credential() throws RegistryAuthException {
    if (credential == null) {
      credential = store.find(target.registry(), target.repository());
    }
    return credential;
  }

  private void refuseCleartext(Credential cred, String host) throws RegistryAuthException {
    if (plainHttp && !isLoopback(host)) {
      throw new RegistryAuthException("refusing to send the credentials from " + cred.describe() + " to " + host
          + " over plain HTTP; use HTTPS (drop --insecure, or --ca-file for a private CA)");
    }
  }

  private static boolean isLoopback(String authority) {
    try {
      return RegistryReference.parse(authority + "/x").isLoopback();
    } catch (ReferenceException e) {
      return false;
    }
  }

  private Token fetchToken(AuthChallenge c, Set<String> scopes) throws RegistryException {
    String realm = c.param("realm");
    if (realm == null || realm.isEmpty()) {
      throw new RegistryException(target.registry() + " asks for a bearer token but names no realm to get it from");
    }
    URI realmUri;
    try {
      realmUri = URI.create(realm);
    } catch (IllegalArgumentException e) {
      throw new RegistryException(target.registry() + " names a malformed token realm: " + realm);
    }
    Set<String> all = new TreeSet<>(scopes);
    if (c.param("scope") != null && !c.param("scope").isEmpty()) {
      all.addAll(List.of(c.param("scope").split(" ")));
    }
    Optional<Credential> cred = credential();
    boolean cleartext = !"https".equals(realmUri.getScheme());
    if (cred.isPresent() && cleartext && !isLoopback(realmUri.getAuthority())) {
      throw new RegistryAuthException("refusing to send the credentials from " + cred.get().describe()
          + " to the token server " + realm + " over plain HTTP");
    }
    String service = c.param("service");
    HttpRequest.Builder request;
    if (cred.isPresent() && cred.get().isIdentityToken()) {
      // An identity token is an OAuth2 refresh token: exchanged by POST, as docker does.
      String form = "grant_type=refresh_token&client_id=basalt&refresh_token=" + enc(cred.get().secret())
          + (service == null ? "" : "&service=" + enc(service)) + "&scope=" + enc(String.join(" ", all));
      request = HttpRequest.newBuilder(realmUri).POST(HttpRequest.BodyPublishers.ofString(form))
          .header("Content-Type", "application/x-www-form-urlencoded");
    } else {
      StringBuilder query = new StringBuilder();
      if (service != null) {
        query.append("service=").append(enc(service));
      }
      for (String s : all) {
        query.append(query.length() == 0 ? "" : "&").append("scope=").append(enc(s));
      }
      String sep = realm.contains("?") ? "&" : "?";
      request = HttpRequest.newBuilder(URI.create(realm + (query.length() == 0 ? "" : sep + query))).GET();
      cred.ifPresent(k -> request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
          (k.username() + ":" + k.secret()).getBytes(StandardCharsets.UTF_8))));
    }
    request.timeout(REQUEST_TIMEOUT).header("User-Agent", "basalt/" + Version.VERSION);
    String what = String.join(" and ", all);
    HttpResponse<byte[]> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new RegistryException("cannot get a token for " + what + " from " + realm + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryException("interrupted while getting a token from " + realm, e);
    }
    int status = response.statusCode();
    if (status == 401 || status == 403) {
      String by = cred.map(k -> "the credentials from " + k.describe()).orElse("anonymous access (no credentials"
          + " found; looked in " + lookedIn() + ")");
      throw new RegistryAuthException("the token server " + realm + " refused " + by + " for " + what + " on "
          + target.registry() + " (HTTP " + status + ")" + (cred.isPresent() ? "; check them or log in again" : ""));
    }
    if (status != 200) {
      throw new RegistryException("the token server " + realm + " answered HTTP " + status + " for " + what);
    }
    try {
      JsonNode doc = JSON.readTree(response.body());
      String token = doc.path("token").asText(doc.path("access_token").asText(""));
      if (token.isEmpty()) {
        throw new RegistryException("the token server " + realm + " answered without a token");
      }
      long seconds = doc.path("expires_in").asLong(DEFAULT_TOKEN_LIFETIME.toSeconds());
      // A little before the server's deadline, so a token does not expire on its way.
      Instant expires = Instant.now().plusSeconds(Math.max(seconds - 10, 1));
      return new Token(token, expires, cred.isPresent());
    } catch (IOException e) {
      throw new RegistryException("the token server " + realm + " answered no JSON: " + e.getMessage(), e);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String key(Set<String> scopes) {
    return String.join(" ", new TreeSet<>(scopes));
  }
}
