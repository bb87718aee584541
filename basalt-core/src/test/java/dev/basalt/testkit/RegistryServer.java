package dev.basalt.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * Debian's {@code docker-registry} (CNCF distribution 2.8) on 127.0.0.1 with a random free port
 * and storage in a temp directory, optionally with htpasswd (bcrypt) or token auth and TLS. Tests
 * that need it are skipped with the reason when it is not installed.
 */
public final class RegistryServer implements AutoCloseable {
  public static final String TOOL = "docker-registry";
  private static final long START_TIMEOUT_MILLIS = 15_000;

  private final Process process;
  private final int port;
  private final Path dir;
  private final boolean tls;

  private RegistryServer(Process process, int port, Path dir, boolean tls) {
    this.process = process;
    this.port = port;
    this.dir = dir;
    this.tls = tls;
  }

  /** How to configure one registry. */
  public static final class Config {
    private final Path dir;
    private final Path executable;
    private String auth = "";
    private String tlsSection = "";

    private Config(Path dir, Path executable) {
      this.dir = dir;
      this.executable = executable;
    }

    /** Basic auth against a bcrypt htpasswd file holding {@code user}. */
    public Config htpasswd(String user, String password) throws IOException {
      byte[] salt = new byte[16];
      new java.security.SecureRandom().nextBytes(salt);
      String hash = OpenBSDBCrypt.generate("2y", password.toCharArray(), salt, 5);
      Files.writeString(dir.resolve("htpasswd"), user + ":" + hash + "\n");
      auth = "auth:\n  htpasswd:\n    realm: basalt-test\n    path: " + dir.resolve("htpasswd") + "\n";
      return this;
    }

    /** Token auth: tokens from {@code realm}, signed by a key whose certificate chains to {@code issuerCa}. */
    public Config token(String realm, String service, String issuer, TestCa issuerCa) throws IOException {
      Path bundle = issuerCa.writePem(dir.resolve("token-ca.pem"));
      auth = "auth:\n  token:\n    realm: " + realm + "\n    service: " + service + "\n    issuer: " + issuer
          + "\n    rootcertbundle: " + bundle + "\n";
      return this;
    }

    /** TLS with a certificate for 127.0.0.1 and localhost issued by {@code ca}. */
    public Config tls(TestCa ca) throws IOException {
      TestCa.Issued server = ca.issueServer("127.0.0.1", java.util.List.of("127.0.0.1"), java.util.List.of("localhost"));
      server.write(dir.resolve("server.pem"), dir.resolve("server.key"));
      tlsSection = "  tls:\n    certificate: " + dir.resolve("server.pem") + "\n    key: " + dir.resolve("server.key") + "\n";
      return this;
    }

    public RegistryServer start() throws IOException, InterruptedException {
      int port = freePort();
      Files.createDirectories(dir.resolve("storage"));
      Files.writeString(dir.resolve("config.yml"), "version: 0.1\n"
          + "log:\n  level: warn\n  accesslog:\n    disabled: true\n"
          + "storage:\n  filesystem:\n    rootdirectory: " + dir.resolve("storage") + "\n  delete:\n    enabled: true\n"
          + "http:\n  addr: 127.0.0.1:" + port + "\n  secret: basalt-test-secret\n" + tlsSection
          + auth);
      Process p = new ProcessBuilder(executable.toString(), "serve", dir.resolve("config.yml").toString())
          .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
      RegistryServer server = new RegistryServer(p, port, dir, !tlsSection.isEmpty());
      server.awaitListening();
      return server;
    }
  }

  /** A registry configured in {@code dir} (which holds its storage, config and log). */
  public static Config in(Path dir) {
    return new Config(dir, ExternalTool.require(TOOL).executable());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private void awaitListening() throws IOException, InterruptedException {
    long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
    while (System.currentTimeMillis() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("docker-registry exited with " + process.exitValue() + ": " + log());
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException e) {
        Thread.sleep(50);
      }
    }
    close();
    throw new IOException("docker-registry did not listen on " + port + " within " + START_TIMEOUT_MILLIS + " ms: " + log());
  }

  public int port() {
    return port;
  }

  /** {@code 127.0.0.1:PORT}. */
  public String authority() {
    return "127.0.0.1:" + port;
  }

  public boolean tls() {
    return tls;
  }

  public Path storage() {
    return dir.resolve("storage");
  }

  public String log() {
    try {
      return Files.readString(dir.resolve("registry.log"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
