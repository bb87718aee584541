package dev.basalt.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.basalt.cache.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * A small Debian repository made in memory (real .debs, Packages.xz, InRelease signed with a
 * throwaway key) and served on 127.0.0.1, with hooks to tamper with, truncate or fail any file.
 */
public final class FixtureArchive implements AutoCloseable {
  public static final Instant DEFAULT_DATE = Instant.parse("2026-11-20T10:00:00Z");
  private static final DateTimeFormatter RELEASE_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'UTC'", java.util.Locale.ROOT).withZone(ZoneOffset.UTC);

  /** A package to put in the fixture. */
  public static final class Pkg {
    final String name;
    final String version;
    final String arch;
    final Map<String, String> fields = new LinkedHashMap<>();
    final Map<String, byte[]> files = new TreeMap<>();
    final Map<String, String> symlinks = new TreeMap<>();

    private Pkg(String name, String version, String arch) {
      this.name = name;
      this.version = version;
      this.arch = arch;
    }

    public static Pkg of(String name, String version) {
      return new Pkg(name, version, "amd64");
    }

    public static Pkg of(String name, String version, String arch) {
      return new Pkg(name, version, arch);
    }

    public Pkg field(String key, String value) {
      fields.put(key, value);
      return this;
    }

    public Pkg depends(String v) {
      return field("Depends", v);
    }

    public Pkg preDepends(String v) {
      return field("Pre-Depends", v);
    }

    public Pkg provides(String v) {
      return field("Provides", v);
    }

    public Pkg conflicts(String v) {
      return field("Conflicts", v);
    }

    public Pkg breaks(String v) {
      return field("Breaks", v);
    }

    public Pkg file(String path, String content) {
      files.put(path, content.getBytes(StandardCharsets.UTF_8));
      return this;
    }

    public Pkg file(String path, byte[] content) {
      files.put(path, content.clone());
      return this;
    }

    /** A symlink in the package's data (such as a doc directory pointing to a sibling's). */
    public Pkg symlink(String path, String target) {
      symlinks.put(path, target);
      return this;
    }
  }

  /** One suite of the fixture. */
  public static final class Suite {
    final String name;
    String codename;
    Instant date = DEFAULT_DATE;
    Instant validUntil;
    boolean byHash = true;
    List<String> archs = List.of("amd64", "arm64");
    final List<Pkg> packages = new ArrayList<>();
    TestPgpKey signer;

    Suite(String name) {
      this.name = name;
      this.codename = name;
    }

    public Suite codename(String c) {
      codename = c;
      return this;
    }

    public Suite validUntil(Instant i) {
      validUntil = i;
      return this;
    }

    public Suite date(Instant i) {
      date = i;
      return this;
    }

    public Suite byHash(boolean b) {
      byHash = b;
      return this;
    }

    public Suite signedBy(TestPgpKey key) {
      signer = key;
      return this;
    }

    public Suite add(Pkg... pkgs) {
      packages.addAll(List.of(pkgs));
      return this;
    }
  }

  private final TestPgpKey key;
  private final Map<String, Suite> suites = new LinkedHashMap<>();
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private final Map<String, Deque<Integer>> failures = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  private final Map<String, Deque<Fault>> faults = new ConcurrentHashMap<>();
  private volatile long stallMillis = 5_000;
  private final Map<String, Long> delays = new ConcurrentHashMap<>();
  private HttpServer server;

  /** A network fault the server can inject into one response. */
  public enum Fault {
    /** Promises the whole length, sends half the body, closes the connection. */
    TRUNCATE,
    /** Sends the headers and half the body, then sends nothing for {@link #stallFor} before closing. */
    STALL,
    /** Closes the connection without answering. */
    RESET
  }

  public FixtureArchive(TestPgpKey key) {
    this.key = key;
  }

  public Suite suite(String name) {
    return suites.computeIfAbsent(name, Suite::new);
  }

  /** Generates every file and starts serving; returns the archive's base URL. */
  public URI start() {
    publish();
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    // A handler of its own per request: a stalled response must not hold up the others.
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "fixture-archive");
      t.setDaemon(true);
      return t;
    }));
    server.start();
    return url();
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/debian");
  }

  /** (Re)generates indexes and signatures from the suites' current content. */
  public void publish() {
    files.clear();
    for (Suite s : suites.values()) {
      Map<String, byte[]> indexes = new TreeMap<>();
      for (String arch : s.archs) {
        StringBuilder packages = new StringBuilder();
        for (Pkg p : s.packages) {
          if (!p.arch.equals(arch) && !p.arch.equals("all")) {
            continue;
          }
          packages.append(stanza(p)).append('\n');
        }
        byte[] text = packages.toString().getBytes(StandardCharsets.UTF_8);
        indexes.put("main/binary-" + arch + "/Packages.xz", xz(text));
        indexes.put("main/binary-" + arch + "/Packages", text);
      }
      StringBuilder release = new StringBuilder()
          .append("Origin: Fixture\nLabel: Fixture\n")
          .append("Suite: ").append(s.name).append('\n')
          .append("Codename: ").append(s.codename).append('\n')
          .append("Date: ").append(RELEASE_DATE.format(s.date)).append('\n');
      if (s.validUntil != null) {
        release.append("Valid-Until: ").append(RELEASE_DATE.format(s.validUntil)).append('\n');
      }
      if (s.byHash) {
        release.append("Acquire-By-Hash: yes\n");
      }
      release.append("No-Support-for-Architecture-all: Packages\n")
          .append("Architectures: ").append(String.join(" ", s.archs)).append('\n')
          .append("Components: main\nDescription: basalt test fixture\nSHA256:\n");
      for (Map.Entry<String, byte[]> e : indexes.entrySet()) {
        Digest d = Digest.of(e.getValue());
        release.append(' ').append(d.hex()).append(' ').append(e.getValue().length).append(' ').append(e.getKey()).append('\n');
        String dists = "/debian/dists/" + s.name + "/";
        files.put(dists + e.getKey(), e.getValue());
        String dir = e.getKey().substring(0, e.getKey().lastIndexOf('/') + 1);
        files.put(dists + dir + "by-hash/SHA256/" + d.hex(), e.getValue());
      }
      TestPgpKey signer = s.signer != null ? s.signer : key;
      files.put("/debian/dists/" + s.name + "/InRelease",
          signer.clearSign(release.toString()).getBytes(StandardCharsets.UTF_8));
    }
  }

  private String stanza(Pkg p) {
    String control = control(p);
    byte[] deb = debOf(p, control);
    String filename = poolPath(p);
    files.put("/debian/" + filename, deb);
    return control
        + "Filename: " + filename + "\n"
        + "Size: " + deb.length + "\n"
        + "SHA256: " + Digest.of(deb).hex() + "\n";
  }

  private static String control(Pkg p) {
    StringBuilder c = new StringBuilder()
        .append("Package: ").append(p.name).append('\n')
        .append("Version: ").append(p.version).append('\n')
        .append("Architecture: ").append(p.arch).append('\n')
        .append("Maintainer: Fixture Maintainers <fixture@example.invalid>\n")
        .append("Installed-Size: 1\n");
    p.fields.forEach((k, v) -> c.append(k).append(": ").append(v).append('\n'));
    c.append("Description: fixture package ").append(p.name).append('\n');
    return c.toString();
  }

  private final Map<String, byte[]> debCache = new ConcurrentHashMap<>();

  private byte[] debOf(Pkg p, String control) {
    return debCache.computeIfAbsent(control, c -> {
      Map<String, byte[]> content = new TreeMap<>(p.files);
      if (p.symlinks.isEmpty()) {
        content.putIfAbsent("/usr/share/doc/" + p.name + "/copyright", ("fixture " + p.name + "\n").getBytes(StandardCharsets.UTF_8));
        return FixtureDeb.build(c, content);
      }
      FixtureDeb.Builder deb = FixtureDeb.builder(c);
      content.forEach((path, bytes) -> deb.file(path, bytes, 0644, 0, 0));
      p.symlinks.forEach(deb::symlink);
      return deb.build();
    });
  }

  public static String poolPath(Pkg p) {
    String version = p.version.contains(":") ? p.version.substring(p.version.indexOf(':') + 1) : p.version;
    return "pool/main/" + p.name.charAt(0) + "/" + p.name + "/" + p.name + "_" + version + "_" + p.arch + ".deb";
  }

  /** Every path currently served, for tests that tamper with one. */
  public Map<String, byte[]> files() {
    return files;
  }

  /** Serves {@code path} transformed by {@code change} from now on. */
  public void tamper(String path, UnaryOperator<byte[]> change) {
    byte[] old = files.get(path);
    if (old == null) {
      throw new IllegalArgumentException("fixture serves no " + path + "; it has " + new TreeMap<>(files).keySet());
    }
    files.put(path, change.apply(old));
  }

  /** The next {@code times} requests for {@code path} answer {@code status}. */
  public void fail(String path, int status, int times) {
    Deque<Integer> q = failures.computeIfAbsent(path, k -> new ConcurrentLinkedDeque<>());
    for (int i = 0; i < times; i++) {
      q.add(status);
    }
  }

  /** The next {@code times} responses for {@code path} suffer {@code fault}. */
  public void fault(String path, Fault fault, int times) {
    if (!files.containsKey(path)) {
      throw new IllegalArgumentException("fixture serves no " + path);
    }
    Deque<Fault> q = faults.computeIfAbsent(path, k -> new ConcurrentLinkedDeque<>());
    for (int i = 0; i < times; i++) {
      q.add(fault);
    }
  }

  /** Every response for {@code path} waits {@code d} before its headers (a slow mirror). */
  public void delay(String path, java.time.Duration d) {
    delays.put(path, d.toMillis());
  }

  /** How long a {@link Fault#STALL} stays silent. */
  public void stallFor(java.time.Duration d) {
    stallMillis = d.toMillis();
  }

  /** Every path requested so far with its number of requests. */
  public Map<String, Integer> hitsByPath() {
    Map<String, Integer> out = new TreeMap<>();
    hits.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  /** How many requests {@code path} has had. */
  public int hits(String path) {
    AtomicInteger n = hits.get(path);
    return n == null ? 0 : n.get();
  }

  public int totalHits() {
    return hits.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    hits.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
    try (ex) {
      Deque<Integer> q = failures.get(path);
      Integer failure = q == null ? null : q.poll();
      if (failure != null) {
        ex.sendResponseHeaders(failure, -1);
        return;
      }
      byte[] body = files.get(path);
      if (body == null) {
        ex.sendResponseHeaders(404, -1);
        return;
      }
      Long delay = delays.get(path);
      if (delay != null) {
        pause(delay);
      }
      Deque<Fault> faulty = faults.get(path);
      Fault fault = faulty == null ? null : faulty.poll();
      if (fault != null) {
        injure(ex, body, fault);
        return;
      }
      ex.sendResponseHeaders(200, body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private void injure(HttpExchange ex, byte[] body, Fault fault) throws IOException {
    if (fault == Fault.RESET) {
      // Closing the exchange before any header makes the server drop the connection.
      return;
    }
    ex.sendResponseHeaders(200, body.length);
    OutputStream out = ex.getResponseBody();
    out.write(body, 0, body.length / 2);
    out.flush();
    if (fault == Fault.STALL) {
      pause(stallMillis);
    }
    // The exchange closes short of the promised length: the client sees the body break off.
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static byte[] xz(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (XZOutputStream xz = new XZOutputStream(out, new LZMA2Options(1))) {
      xz.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop(0);
    }
  }
}
