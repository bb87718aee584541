package dev.basalt.example;

import com.google.gson.Gson;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A small HTTP service: {@code GET /} answers a JSON greeting. With {@code --check} it serves on
 * an ephemeral loopback port, requests itself once, tries to write beside its own classes (which
 * a hardened image must refuse), prints what happened and exits.
 */
public final class App {
  private static final Gson GSON = new Gson();

  private App() {}

  /** What {@code GET /} answers. */
  record Reply(String status, String greeting) {}

  public static void main(String[] args) throws Exception {
    boolean check = args.length > 0 && args[0].equals("--check");
    InetSocketAddress address = check ? new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)
        : new InetSocketAddress(Integer.parseInt(System.getenv().getOrDefault("PORT", "8080")));
    HttpServer server = HttpServer.create(address, 0);
    server.createContext("/", exchange -> {
      byte[] body = GSON.toJson(new Reply("ok", greeting())).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    if (!check) {
      System.out.println("java-app listening on " + server.getAddress());
      return;
    }
    try {
      HttpClient client = HttpClient.newHttpClient();
      URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
      HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).build(),
          HttpResponse.BodyHandlers.ofString());
      Reply reply = GSON.fromJson(response.body(), Reply.class);
      boolean ok = response.statusCode() == 200 && "ok".equals(reply.status());
      System.out.println("check " + (ok ? "ok" : "FAILED") + ": GET / -> " + response.statusCode() + " "
          + response.body());
      System.out.println("write to own classes: " + tryWriteBesideClasses());
      System.exit(ok ? 0 : 1);
    } finally {
      server.stop(0);
    }
  }

  private static String greeting() throws IOException {
    try (InputStream in = App.class.getResourceAsStream("/greeting.txt")) {
      return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    }
  }

  /** Where this class was loaded from, written to: "written" or "refused (reason)". */
  private static String tryWriteBesideClasses() throws URISyntaxException {
    Path classes = Path.of(App.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path probe = Files.isDirectory(classes) ? classes.resolve("probe") : classes.resolveSibling("probe");
    try {
      Files.writeString(probe, "x");
      Files.delete(probe);
      return "written " + probe;
    } catch (IOException e) {
      return "refused " + probe + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
    }
  }
}
