package dev.basalt.vuln;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.BasaltException;
import dev.basalt.Version;
import dev.basalt.cache.Digest;
import dev.basalt.cache.DownloadException;
import dev.basalt.fs.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where {@code --db} points: a directory or zip on disk, or a URL whose zip is kept in the basalt
 * cache under {@code vuln-db/<sha256 of the URL>/} ({@code db.zip} and {@code meta.json} with the
 * URL, ETag and Last-Modified). A later run asks the server with a conditional GET and keeps the
 * copy on 304. A download replaces the cached copy only after it was read whole as a zip of valid
 * OSV records; anything less leaves the good copy in place.
 */
public final class VulnDbSource {
  static final String DIR = "vuln-db";
  static final String ZIP = "db.zip";
  static final String META = "meta.json";
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(10);

  private VulnDbSource() {}

  /** Whether {@code --db} names a URL rather than a path. */
  public static boolean isUrl(String db) {
    return db.startsWith("https://") || db.startsWith("http://");
  }

  /**
   * The database {@code db} names.
   *
   * @param cacheRoot basalt's cache directory
   * @param offline use the cached copy of a URL without asking the server
   */
  public static VulnDatabase open(String db, Path cacheRoot, boolean offline) throws BasaltException {
    if (!isUrl(db)) {
      return VulnDatabase.load(Path.of(db), cacheRoot);
    }
    URI uri = URI.create(db);
    Path dir = cacheRoot.resolve(DIR).resolve(Digest.of(db.getBytes(StandardCharsets.UTF_8)).hex());
    Path zip = dir.resolve(ZIP);
    if (offline) {
      if (!Files.isRegularFile(zip)) {
        throw new VulnDbException("--offline: no cached copy of " + db + "; run once without --offline to download it");
      }
      return VulnDatabase.load(zip, cacheRoot);
    }
    if (uri.getScheme().equals("http") && !loopback(uri)) {
      throw new VulnDbException("--db " + db + ": plain HTTP is accepted only from a loopback address; use https://");
    }
    Map<String, String> meta = Files.isRegularFile(zip) ? readMeta(dir.resolve(META), db) : Map.of();
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
        .header("User-Agent", "basalt/" + Version.VERSION);
    if (meta.get("etag") != null) {
      request.header("If-None-Match", meta.get("etag"));
    }
    if (meta.get("lastModified") != null) {
      request.header("If-Modified-Since", meta.get("lastModified"));
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NORMAL).build();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = AtomicFiles.tempSibling(zip);
      HttpResponse<Path> response = http.send(request.build(), HttpResponse.BodyHandlers.ofFile(tmp));
      if (response.statusCode() == 304 && Files.isRegularFile(zip)) {
        return VulnDatabase.load(zip, cacheRoot);
      }
      if (response.statusCode() != 200) {
        throw new DownloadException(uri, response.statusCode(), "downloading the advisory database " + db
            + " failed: HTTP " + response.statusCode());
      }
      long expected = response.headers().firstValueAsLong("Content-Length").orElse(-1);
      if (expected >= 0 && Files.size(tmp) != expected) {
        throw new DownloadException(uri, 200, "the advisory database download from " + db + " is truncated: "
            + Files.size(tmp) + " of " + expected + " bytes; the cached copy, if any, is kept");
      }
      VulnDatabase loaded;
      try {
        loaded = VulnDatabase.load(tmp);
      } catch (VulnDbException bad) {
        throw new VulnDbException("the advisory database downloaded from " + db + " is unusable ("
            + bad.getMessage().replace(tmp.toString(), ZIP) + "); the cached copy, if any, is kept", bad);
      }
      Map<String, String> fresh = new LinkedHashMap<>();
      fresh.put("url", db);
      response.headers().firstValue("ETag").ifPresent(v -> fresh.put("etag", v));
      response.headers().firstValue("Last-Modified").ifPresent(v -> fresh.put("lastModified", v));
      AtomicFiles.commit(tmp, zip);
      tmp = null;
      AtomicFiles.write(dir.resolve(META), MAPPER.writeValueAsBytes(fresh));
      return loaded;
    } catch (IOException e) {
      throw new DownloadException(uri, "downloading the advisory database " + db + " failed: " + e.getMessage()
          + (Files.isRegularFile(zip) ? "; --offline uses the cached copy" : ""), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DownloadException(uri, "interrupted while downloading " + db, e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // a stray temporary file; the cached copy is untouched either way
        }
      }
    }
  }

  private static Map<String, String> readMeta(Path file, String db) {
    Map<String, String> out = new LinkedHashMap<>();
    try (InputStream in = Files.newInputStream(file)) {
      JsonNode node = MAPPER.readTree(in);
      if (node != null && db.equals(node.path("url").asText(null))) {
        for (String key : new String[] {"etag", "lastModified"}) {
          if (node.path(key).isTextual()) {
            out.put(key, node.path(key).asText());
          }
        }
      }
    } catch (IOException unreadable) {
      // no validators: the next request is unconditional and rewrites it
    }
    return out;
  }

  private static boolean loopback(URI uri) {
    try {
      return uri.getHost() != null && InetAddress.getByName(uri.getHost()).isLoopbackAddress();
    } catch (IOException e) {
      return false;
    }
  }
}
