package dev.basalt.testkit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A plain-HTTP/1.1 proxy on 127.0.0.1 in front of a registry that logs every request and fails
 * the ones a test picks: an error status (with headers such as Retry-After) or a connection reset
 * halfway through the request body. Each upstream request goes on a connection of its own.
 * On demand it adds the OCI 1.1 referrers API that docker-registry 2.8 lacks, as the
 * distribution spec describes it: manifests put with a {@code subject} are indexed (and the put
 * is answered with {@code OCI-Subject}), {@code GET /v2/<name>/referrers/<digest>} lists them.
 */
public final class FaultProxy implements AutoCloseable {
  /** A request as the proxy saw it. */
  public record Request(String method, String target) {
    public String path() {
      int q = target.indexOf('?');
      return q < 0 ? target : target.substring(0, q);
    }

    @Override
    public String toString() {
      return method + " " + target;
    }
  }

  private record Fault(Predicate<Request> when, int status, Map<String, String> headers, int[] remaining) {}

  private final ServerSocket server;
  private final int upstreamPort;
  private final List<Request> log = new CopyOnWriteArrayList<>();
  private final List<Fault> faults = new CopyOnWriteArrayList<>();
  private final Thread acceptor;
  private volatile boolean referrersApi;
  /** repository + " " + subject digest → descriptors of the manifests that refer to it, in put order. */
  private final Map<String, List<Map<String, Object>>> referrers = new java.util.concurrent.ConcurrentHashMap<>();
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
  private static final java.util.regex.Pattern REFERRERS_PATH =
      java.util.regex.Pattern.compile("/v2/(.+)/referrers/(sha256:[0-9a-f]{64})");
  private static final java.util.regex.Pattern MANIFEST_PATH = java.util.regex.Pattern.compile("/v2/(.+)/manifests/[^/]+");

  public FaultProxy(int upstreamPort) throws IOException {
    this.upstreamPort = upstreamPort;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::acceptLoop, "fault-proxy");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  public String authority() {
    return "127.0.0.1:" + port();
  }

  /** Every request so far, in arrival order. */
  public List<Request> requests() {
    return List.copyOf(log);
  }

  public void clearLog() {
    log.clear();
  }

  /** From now on, serves the referrers API in front of the registry. */
  public FaultProxy withReferrersApi() {
    referrersApi = true;
    return this;
  }

  /** Answers the next {@code times} requests matching {@code when} with {@code status} and {@code headers}. */
  public void failWith(Predicate<Request> when, int times, int status, Map<String, String> headers) {
    faults.add(new Fault(when, status, Map.copyOf(headers), new int[] {times}));
  }

  /** Resets the connection of the next {@code times} matching requests after half of their body. */
  public void resetMidBody(Predicate<Request> when, int times) {
    faults.add(new Fault(when, -1, Map.of(), new int[] {times}));
  }

  private Fault take(Request r) {
    for (Fault f : faults) {
      synchronized (f) {
        if (f.remaining()[0] > 0 && f.when().test(r)) {
          f.remaining()[0]--;
          return f;
        }
      }
    }
    return null;
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Thread t = new Thread(() -> serve(client), "fault-proxy-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket client) {
    try (client; InputStream in = new BufferedInputStream(client.getInputStream());
        OutputStream out = client.getOutputStream()) {
      while (true) {
        List<String> head = readHead(in);
        if (head == null) {
          return;
        }
        String[] line = head.get(0).split(" ");
        Request request = new Request(line[0], line[1]);
        log.add(request);
        Map<String, String> headers = headers(head);
        long length = Long.parseLong(headers.getOrDefault("content-length", "0"));
        boolean chunked = headers.getOrDefault("transfer-encoding", "").contains("chunked");
        Fault fault = take(request);
        if (fault != null && fault.status() < 0) {
          in.readNBytes((int) Math.min(length / 2, Integer.MAX_VALUE));
          client.setSoLinger(true, 0);
          return; // closing with linger 0 sends a reset
        }
        byte[] body = chunked ? readChunked(in) : in.readNBytes((int) length);
        if (fault != null) {
          StringBuilder answer = new StringBuilder("HTTP/1.1 " + fault.status() + " Injected\r\nContent-Length: 0\r\n");
          fault.headers().forEach((k, v) -> answer.append(k).append(": ").append(v).append("\r\n"));
          out.write(answer.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
          out.flush();
          continue;
        }
        if (referrersApi && answerReferrers(request, out)) {
          continue;
        }
        String subject = referrersApi && request.method().equals("PUT") ? recordReferrer(request, headers, body) : null;
        forward(request, head, body, chunked, out, subject == null ? Map.of() : Map.of("OCI-Subject", subject));
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  private boolean answerReferrers(Request request, OutputStream out) throws IOException {
    java.util.regex.Matcher m = REFERRERS_PATH.matcher(request.path());
    if (!request.method().equals("GET") || !m.matches()) {
      return false;
    }
    String query = request.target().contains("?") ? request.target().substring(request.target().indexOf('?') + 1) : "";
    String artifactType = query.startsWith("artifactType=")
        ? java.net.URLDecoder.decode(query.substring("artifactType=".length()), StandardCharsets.UTF_8) : null;
    List<Map<String, Object>> listed = new ArrayList<>();
    for (Map<String, Object> d : referrers.getOrDefault(m.group(1) + " " + m.group(2), List.of())) {
      if (artifactType == null || artifactType.equals(d.get("artifactType"))) {
        listed.add(d);
      }
    }
    Map<String, Object> index = new LinkedHashMap<>();
    index.put("schemaVersion", 2);
    index.put("mediaType", "application/vnd.oci.image.index.v1+json");
    index.put("manifests", listed);
    byte[] body = JSON.writeValueAsBytes(index);
    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/vnd.oci.image.index.v1+json\r\n"
        + (artifactType == null ? "" : "OCI-Filters-Applied: artifactType\r\n")
        + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
    out.write(body);
    out.flush();
    return true;
  }

  /** Indexes a manifest put with a subject; returns the subject's digest, or null. */
  private String recordReferrer(Request request, Map<String, String> headers, byte[] body) {
    java.util.regex.Matcher m = MANIFEST_PATH.matcher(request.path());
    if (!m.matches()) {
      return null;
    }
    try {
      com.fasterxml.jackson.databind.JsonNode manifest = JSON.readTree(body);
      String subject = manifest.path("subject").path("digest").asText(null);
      if (subject == null) {
        return null;
      }
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("mediaType", manifest.path("mediaType").asText(headers.getOrDefault("content-type", "")));
      d.put("digest", "sha256:" + java.util.HexFormat.of().formatHex(
          java.security.MessageDigest.getInstance("SHA-256").digest(body)));
      d.put("size", body.length);
      String type = manifest.path("artifactType").asText(manifest.path("config").path("mediaType").asText(null));
      if (type != null) {
        d.put("artifactType", type);
      }
      if (manifest.has("annotations")) {
        d.put("annotations", JSON.convertValue(manifest.get("annotations"), Map.class));
      }
      List<Map<String, Object>> list = referrers.computeIfAbsent(m.group(1) + " " + subject,
          k -> new CopyOnWriteArrayList<>());
      list.removeIf(e -> e.get("digest").equals(d.get("digest")));
      list.add(d);
      return subject;
    } catch (IOException | java.security.NoSuchAlgorithmException e) {
      return null; // not JSON: the registry answers for it
    }
  }

  private void forward(Request request, List<String> head, byte[] body, boolean chunked, OutputStream out,
      Map<String, String> extraHeaders) throws IOException {
    try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
      StringBuilder req = new StringBuilder(head.get(0)).append("\r\n");
      for (String h : head.subList(1, head.size())) {
        String name = h.substring(0, h.indexOf(':')).trim().toLowerCase(Locale.ROOT);
        if (!name.equals("connection") && !name.equals("transfer-encoding") && !name.equals("content-length")
            && !name.equals("upgrade") && !name.equals("http2-settings")) {
          req.append(h).append("\r\n");
        }
      }
      req.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
      OutputStream up = upstream.getOutputStream();
      up.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
      up.write(body);
      up.flush();
      InputStream down = new BufferedInputStream(upstream.getInputStream());
      List<String> responseHead = readHead(down);
      if (responseHead == null) {
        throw new IOException("upstream closed without answering " + request);
      }
      Map<String, String> rh = headers(responseHead);
      int status = Integer.parseInt(responseHead.get(0).split(" ")[1]);
      byte[] responseBody;
      if (request.method().equals("HEAD") || status == 204 || status == 304) {
        responseBody = new byte[0];
      } else if (rh.getOrDefault("transfer-encoding", "").contains("chunked")) {
        responseBody = readChunked(down);
      } else if (rh.containsKey("content-length")) {
        responseBody = down.readNBytes(Integer.parseInt(rh.get("content-length")));
      } else {
        responseBody = down.readAllBytes();
      }
      StringBuilder res = new StringBuilder(responseHead.get(0)).append("\r\n");
      for (String h : responseHead.subList(1, responseHead.size())) {
        String name = h.substring(0, h.indexOf(':')).trim().toLowerCase(Locale.ROOT);
        boolean keepLength = name.equals("content-length") && request.method().equals("HEAD");
        if (keepLength || (!name.equals("connection") && !name.equals("transfer-encoding")
            && !name.equals("content-length"))) {
          res.append(h).append("\r\n");
        }
      }
      if (!request.method().equals("HEAD")) {
        res.append("Content-Length: ").append(responseBody.length).append("\r\n");
      }
      if (status / 100 == 2) {
        extraHeaders.forEach((k, v) -> res.append(k).append(": ").append(v).append("\r\n"));
      }
      out.write(res.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(responseBody);
      out.flush();
    }
  }

  private static Map<String, String> headers(List<String> head) {
    Map<String, String> h = new LinkedHashMap<>();
    for (String line : head.subList(1, head.size())) {
      int colon = line.indexOf(':');
      h.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
    }
    return h;
  }

  /** The request or status line and header lines, or null at the end of the stream. */
  private static List<String> readHead(InputStream in) throws IOException {
    List<String> lines = new ArrayList<>();
    while (true) {
      String line = readLine(in);
      if (line == null) {
        return lines.isEmpty() ? null : lines;
      }
      if (line.isEmpty()) {
        return lines.isEmpty() ? null : lines;
      }
      lines.add(line);
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int c; (c = in.read()) != -1; ) {
      if (c == '\n') {
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      b.write(c);
    }
    return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
  }

  private static byte[] readChunked(InputStream in) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String size = readLine(in);
      int n = Integer.parseInt(size.split(";")[0].trim(), 16);
      if (n == 0) {
        while (true) {
          String trailer = readLine(in);
          if (trailer == null || trailer.isEmpty()) {
            return body.toByteArray();
          }
        }
      }
      body.write(in.readNBytes(n));
      readLine(in);
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
