package dev.basalt.vuln;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.basalt.BasaltException;
import dev.basalt.cache.DownloadException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A database from a URL: cached, refreshed with conditional GETs, never replaced by a bad download. */
class VulnDbSourceTest {
  @TempDir Path dir;
  HttpServer server;
  String url;
  byte[] zip;
  /** What the server does next: "ok", "truncated", "garbled", "error". */
  volatile String mode = "ok";
  final List<String> requests = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void serve() throws Exception {
    zip = Files.readAllBytes(VulnDatabaseTest.zip(VulnDatabaseTest.resource("db"), dir.resolve("all.zip")));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/osv/Debian/all.zip", exchange -> {
      String etag = exchange.getRequestHeaders().getFirst("If-None-Match");
      requests.add(mode + " " + (etag == null ? "unconditional" : "If-None-Match " + etag));
      exchange.getResponseHeaders().add("ETag", "\"v1\"");
      exchange.getResponseHeaders().add("Last-Modified", "Fri, 27 Nov 2026 12:00:00 GMT");
      try (OutputStream out = exchange.getResponseBody()) {
        switch (mode) {
          case "ok":
            if ("\"v1\"".equals(etag)) {
              exchange.sendResponseHeaders(304, -1);
            } else {
              exchange.sendResponseHeaders(200, zip.length);
              out.write(zip);
            }
            break;
          case "truncated":
            exchange.sendResponseHeaders(200, zip.length);
            out.write(zip, 0, zip.length / 2);
            exchange.close(); // the connection ends before Content-Length bytes
            break;
          case "garbled":
            byte[] junk = "<html>captive portal</html>".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, junk.length);
            out.write(junk);
            break;
          default:
            exchange.sendResponseHeaders(503, -1);
        }
      }
    });
    server.start();
    url = "http://127.0.0.1:" + server.getAddress().getPort() + "/osv/Debian/all.zip";
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private Path cache() {
    return dir.resolve("cache");
  }

  @Test
  void downloadsOnceThenAsksConditionally() throws Exception {
    assertThat(VulnDbSource.open(url, cache(), false).records()).isEqualTo(3);
    try (var entries = Files.list(cache().resolve("vuln-db"))) {
      Path entry = entries.findFirst().orElseThrow();
      assertThat(Files.readAllBytes(entry.resolve("db.zip"))).isEqualTo(zip);
      assertThat(Files.readString(entry.resolve("meta.json"))).isEqualTo("{\"url\":\"" + url + "\",\"etag\":\"\\\"v1\\\"\","
          + "\"lastModified\":\"Fri, 27 Nov 2026 12:00:00 GMT\"}");
    }
    assertThat(VulnDbSource.open(url, cache(), false).records()).isEqualTo(3);
    assertThat(requests).containsExactly("ok unconditional", "ok If-None-Match \"v1\"");
    assertThat(VulnDbSource.open(url, cache(), true).records()).isEqualTo(3);
    assertThat(requests).hasSize(2);
  }

  @Test
  void aBadDownloadNeverReplacesTheGoodCopy() throws Exception {
    VulnDbSource.open(url, cache(), false);
    Path cached;
    try (var entries = Files.list(cache().resolve("vuln-db"))) {
      cached = entries.findFirst().orElseThrow().resolve("db.zip");
    }
    Files.delete(cached.resolveSibling("meta.json")); // no validators: the next request is unconditional
    mode = "garbled";
    assertThatThrownBy(() -> VulnDbSource.open(url, cache(), false)).isInstanceOf(VulnDbException.class)
        .hasMessageStartingWith("the advisory database downloaded from " + url + " is unusable (advisory database"
            + " db.zip is neither a directory nor a readable zip")
        .hasMessageEndingWith("; the cached copy, if any, is kept");
    mode = "truncated";
    assertThatThrownBy(() -> VulnDbSource.open(url, cache(), false)).isInstanceOf(DownloadException.class)
        .hasMessageStartingWith("downloading the advisory database " + url + " failed: ")
        .hasMessageEndingWith("; --offline uses the cached copy");
    mode = "error";
    assertThatThrownBy(() -> VulnDbSource.open(url, cache(), false)).isInstanceOf(DownloadException.class)
        .hasMessage("downloading the advisory database " + url + " failed: HTTP 503")
        .satisfies(e -> assertThat(((BasaltException) e).exitCode()).isEqualTo(1));
    assertThat(Files.readAllBytes(cached)).isEqualTo(zip);
    try (var left = Files.list(cached.getParent())) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactly("db.zip");
    }
    assertThat(VulnDbSource.open(url, cache(), true).records()).isEqualTo(3);
  }

  @Test
  void offlineWithoutACopyAndPlainHttpElsewhereAreRefused() {
    assertThatThrownBy(() -> VulnDbSource.open(url, cache(), true))
        .hasMessage("--offline: no cached copy of " + url + "; run once without --offline to download it");
    assertThatThrownBy(() -> VulnDbSource.open("http://192.0.2.1/all.zip", cache(), false))
        .hasMessage("--db http://192.0.2.1/all.zip: plain HTTP is accepted only from a loopback address; use https://");
    assertThat(requests).isEmpty();
  }
}
