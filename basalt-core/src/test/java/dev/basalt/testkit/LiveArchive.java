package dev.basalt.testkit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.basalt.debian.ArchiveException;
import dev.basalt.debian.MirrorResolver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Gate for live tests against the real Debian archive: the mirror comes from configuration and
 * the host's apt sources, as on a user's machine; without one, or when it cannot be reached,
 * the test is skipped with the reason.
 */
public final class LiveArchive {
  private static String skipReason;
  private static boolean checked;

  private LiveArchive() {}

  /** The shipped presets directory of this checkout. */
  public static Path presets() {
    return Path.of(System.getProperty("basalt.repo.root", "..")).resolve("presets");
  }

  /** Skips the calling test unless the debian and debian-security mirrors answer. */
  public static synchronized MirrorResolver requireMirrors() {
    MirrorResolver mirrors = MirrorResolver.forHost(Map.of());
    if (!checked) {
      checked = true;
      skipReason = probe(mirrors);
      if (skipReason != null) {
        System.err.println("[live tests skipped] " + skipReason);
      }
    }
    assumeTrue(skipReason == null, () -> "live Debian archive unavailable: " + skipReason);
    return mirrors;
  }

  private static String probe(MirrorResolver mirrors) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NORMAL).build();
    for (String[] probe : new String[][] {{"debian", "trixie"}, {"debian-security", "trixie-security"}}) {
      URI base;
      try {
        base = mirrors.resolve(probe[0]);
      } catch (ArchiveException e) {
        return e.getMessage();
      }
      URI uri = URI.create(base + "/dists/" + probe[1] + "/InRelease");
      try {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20))
            .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() != 200) {
          return uri + " answered HTTP " + r.statusCode();
        }
      } catch (Exception e) {
        return uri + " unreachable: " + e;
      }
    }
    return null;
  }
}
