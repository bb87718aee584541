package dev.basalt.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A distribution token server on 127.0.0.1 (the spec docker-registry's {@code auth: token} follows):
 * it checks Basic credentials or an OAuth2 refresh token and issues ES256 JWTs whose {@code x5c}
 * certificate chains to a test CA, granting the scopes asked for to the one known user and
 * nothing to anyone else. It can be told to issue tokens the registry will not accept.
 */
public final class TokenServer implements AutoCloseable {
  public static final String ISSUER = "basalt-test-issuer";
  public static final String SERVICE = "basalt-test-registry";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

  /** One token request: the scopes asked for and who asked (a user, "refresh:<token>" or "anonymous"). */
  public record Request(String method, List<String> scopes, String who) {}

  private final HttpServer server;
  private final TestCa.Issued signer;
  private final String user;
  private final String password;
  private final String refreshToken;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger badTokens = new AtomicInteger();

  public TokenServer(TestCa ca, String user, String password, String refreshToken) throws IOException {
    this.signer = ca.issueServer("token signer", List.of(), List.of("token-signer.invalid"));
    this.user = user;
    this.password = password;
    this.refreshToken = refreshToken;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/token", this::handle);
    server.start();
  }

  public String realm() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** The next {@code n} tokens carry a broken signature: the registry refuses them. */
  public void issueBadTokens(int n) {
    badTokens.set(n);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      List<String> scopes = new ArrayList<>();
      String who = "anonymous";
      boolean allowed = true;
      if (ex.getRequestMethod().equals("POST")) {
        Map<String, List<String>> form = parse(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        for (String s : form.getOrDefault("scope", List.of())) {
          scopes.addAll(List.of(s.split(" ")));
        }
        String refresh = form.getOrDefault("refresh_token", List.of("")).get(0);
        who = "refresh:" + refresh;
        allowed = refresh.equals(refreshToken);
      } else {
        scopes.addAll(parse(ex.getRequestURI().getRawQuery()).getOrDefault("scope", List.of()));
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth != null && auth.startsWith("Basic ")) {
          String pair = new String(Base64.getDecoder().decode(auth.substring(6)), StandardCharsets.UTF_8);
          who = pair.substring(0, pair.indexOf(':'));
          allowed = pair.equals(user + ":" + password);
        }
      }
      requests.add(new Request(ex.getRequestMethod(), scopes, who));
      if (!allowed) {
        ex.sendResponseHeaders(401, -1);
        return;
      }
      String token = token(who.equals("anonymous") ? List.of() : scopes, who);
      ObjectNode body = JSON.createObjectNode().put("expires_in", 300).put("issued_at", Instant.now().toString());
      body.put(ex.getRequestMethod().equals("POST") ? "access_token" : "token", token);
      byte[] bytes = JSON.writeValueAsBytes(body);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private String token(List<String> scopes, String subject) throws IOException {
    ObjectNode header = JSON.createObjectNode().put("typ", "JWT").put("alg", "ES256");
    try {
      header.putArray("x5c").add(Base64.getEncoder().encodeToString(signer.certificate().getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IOException(e);
    }
    long now = Instant.now().getEpochSecond();
    ObjectNode claims = JSON.createObjectNode().put("iss", ISSUER).put("sub", subject).put("aud", SERVICE)
        .put("exp", now + 300).put("nbf", now - 10).put("iat", now).put("jti", Long.toHexString(System.nanoTime()));
    ArrayNode access = claims.putArray("access");
    for (String scope : scopes) {
      int first = scope.indexOf(':');
      int last = scope.lastIndexOf(':');
      ObjectNode a = access.addObject().put("type", scope.substring(0, first)).put("name", scope.substring(first + 1, last));
      ArrayNode actions = a.putArray("actions");
      for (String action : scope.substring(last + 1).split(",")) {
        actions.add(action);
      }
    }
    String signed = URL.encodeToString(JSON.writeValueAsBytes(header)) + "."
        + URL.encodeToString(JSON.writeValueAsBytes(claims));
    try {
      Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
      s.initSign(signer.key());
      s.update(signed.getBytes(StandardCharsets.US_ASCII));
      byte[] signature = s.sign();
      if (badTokens.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        signature[0] ^= 1;
      }
      return signed + "." + URL.encodeToString(signature);
    } catch (GeneralSecurityException e) {
      throw new IOException(e);
    }
  }

  private static Map<String, List<String>> parse(String query) {
    Map<String, List<String>> out = new java.util.LinkedHashMap<>();
    if (query == null || query.isEmpty()) {
      return out;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
    }
    return out;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
