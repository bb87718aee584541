package dev.basalt.build;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.basalt.debian.ArchiveException;
import dev.basalt.debian.Keyring;
import java.io.IOException;
import java.net.http.HttpClient;
import java.security.NoSuchAlgorithmException;
import javax.net.ssl.SSLContext;

/**
 * Loads and initialises, on a background thread, what nearly every command needs (the YAML
 * parser, the HTTP client, the OpenPGP classes and the Debian 13 keyrings) while the command
 * line is parsed on the main thread: a short-lived JVM spends much of its life loading classes,
 * and this machine has two cores. Nothing here changes behaviour; it only moves work earlier.
 */
public final class Warmup {
  private static final String[] KEYRINGS = {"debian-trixie", "debian-trixie-security"};

  private Warmup() {}

  /** @param keyrings whether the command will verify archives (not when it builds from a given lock) */
  public static void start(boolean keyrings) {
    Thread t = new Thread(() -> run(keyrings), "basalt-warmup");
    t.setDaemon(true);
    t.start();
  }

  /**
   * For a command that talks to a registry: the JSON mapper, the TLS provider, the HTTP client and
   * the credential store's class, which a push or pull otherwise loads one after the other on
   * its main thread once the command line is parsed. The system's trust store is not loaded: a
   * registry over plain HTTP never needs it.
   */
  public static void startForRegistry() {
    Thread t = new Thread(Warmup::runForRegistry, "basalt-warmup");
    t.setDaemon(true);
    t.start();
  }

  private static void runForRegistry() {
    try {
      new ObjectMapper().readTree("{\"warm\": [\"up\", 1]}");
      SSLContext.getInstance("TLS");
      HttpClient.newBuilder();
      Class.forName("dev.basalt.registry.CredentialStore", true, Warmup.class.getClassLoader());
    } catch (IOException | NoSuchAlgorithmException | ClassNotFoundException | RuntimeException e) {
      // A failure here resurfaces, with its proper message, where the work is done for real.
    }
  }

  private static void run(boolean keyrings) {
    try {
      new ObjectMapper(new YAMLFactory()).readTree("warm: [up]");
      // Building an HTTP client initialises the default TLS context (the JDK's trust store).
      SSLContext.getDefault();
      HttpClient.newBuilder();
      for (String name : keyrings ? KEYRINGS : new String[0]) {
        Keyring.named(name);
      }
    } catch (IOException | ArchiveException | NoSuchAlgorithmException | RuntimeException e) {
      // A failure here resurfaces, with its proper message, where the work is done for real.
    }
  }
}
