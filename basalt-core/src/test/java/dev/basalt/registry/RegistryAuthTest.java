package dev.basalt.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.image.ImageLocation;
import dev.basalt.testkit.RegistryServer;
import dev.basalt.testkit.TestCa;
import dev.basalt.testkit.TestImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry with htpasswd (bcrypt) Basic auth behind TLS whose certificate comes from a CA the
 * test makes: trusted only through --ca-file, credentials from docker's config.json, refusals that
 * name the credential source and scope.
 */
class RegistryAuthTest {
  @TempDir static Path shared;
  static TestCa ca;
  static RegistryServer registry;
  static Path layout;
  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    ca = TestCa.create("basalt test CA");
    registry = RegistryServer.in(Files.createDirectories(shared.resolve("registry")))
        .htpasswd("alice", "correct horse").tls(ca).start();
    ca.writePem(shared.resolve("ca.pem"));
    layout = TestImage.linux("amd64").layer(l -> l.dir("/etc", 0755).file("/etc/motd", "hello\n", 0644))
        .writeLayout(shared.resolve("layout"), "v1");
  }

  @AfterAll
  static void stop() throws Exception {
    if (registry != null) {
      registry.close();
    }
  }

  /** A docker config.json in {@code dir} with {@code user}:{@code password} for the registry. */
  private CredentialStore dockerLogin(String user, String password) throws Exception {
    Path config = Files.createDirectories(dir.resolve("docker")).resolve("config.json");
    String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    Files.writeString(config, "{\"auths\":{\"" + registry.authority() + "\":{\"auth\":\"" + auth + "\"}}}");
    return new CredentialStore(Map.of("DOCKER_CONFIG", dir.resolve("docker").toString()), dir.resolve("home"));
  }

  private RegistryOptions options(CredentialStore store) {
    return RegistryOptions.defaults().withCaFile(shared.resolve("ca.pem")).withCredentials(store)
        .withRetries(2, Duration.ofMillis(10));
  }

  private RegistryPusher.Options push() {
    return new RegistryPusher.Options(1 << 20, 1 << 20, BlobSightings.none());
  }

  private RegistryReference target(String repoTag) throws ReferenceException {
    return RegistryReference.parse("docker://" + registry.authority() + "/" + repoTag);
  }

  @Test
  void pushAndPullWithTheDockerLoginOverTlsTrustedThroughTheCaFile() throws Exception {
    CredentialStore store = dockerLogin("alice", "correct horse");
    RegistryPusher.Result pushed = RegistryPusher.push(new ImageLocation.Layout(layout, null), target("team/app:1"),
        options(store), push());
    assertThat(pushed.blobsUploaded()).isEqualTo(2);
    RegistryPuller.Result pulled = RegistryPuller.pull(target("team/app:1"), dir.resolve("pulled"), "1", options(store),
        BlobSightings.none());
    assertThat(pulled.root().digest()).isEqualTo(pushed.digest());
    assertThat(List.of(pulled.manifests(), pulled.blobsFetched())).containsExactly(1, 2);
  }

  @Test
  void aWrongPasswordIsRefusedNamingTheCredentialSourceAndScope() throws Exception {
    CredentialStore store = dockerLogin("alice", "wrong");
    // The first request is a HEAD, whose refusal carries no error body.
    assertThatThrownBy(() -> RegistryPusher.push(new ImageLocation.Layout(layout, null), target("team/app:2"),
        options(store), push()))
        .isInstanceOf(RegistryAuthException.class)
        .hasMessage(registry.authority() + " refused the credentials from auths[\"" + registry.authority()
            + "\"] in " + dir.resolve("docker/config.json") + " (user 'alice') for repository:team/app:pull,push"
            + " (HTTP 401); check them or log in again")
        .hasMessageNotContaining("wrong")
        .satisfies(e -> assertThat(((RegistryAuthException) e).exitCode()).isEqualTo(1));
    assertThatThrownBy(() -> RegistryPuller.pull(target("team/app:2"), dir.resolve("p"), "2", options(store),
        BlobSightings.none()))
        .hasMessage(registry.authority() + " refused the credentials from auths[\"" + registry.authority()
            + "\"] in " + dir.resolve("docker/config.json") + " (user 'alice') for repository:team/app:pull"
            + " (HTTP 401 UNAUTHORIZED: authentication required); check them or log in again");
  }

  @Test
  void noCredentialsAtAllSaysWhereItLooked() throws Exception {
    CredentialStore store = new CredentialStore(Map.of("XDG_RUNTIME_DIR", dir.resolve("run").toString()),
        dir.resolve("home"));
    assertThatThrownBy(() -> RegistryPuller.pull(target("team/app:1"), dir.resolve("p"), "1", options(store),
        BlobSightings.none()))
        .isInstanceOf(RegistryAuthException.class)
        .hasMessage(registry.authority() + " requires credentials for repository:team/app:pull (HTTP 401"
            + " UNAUTHORIZED: authentication required) and none were found; looked in docker's credHelpers, credsStore"
            + " and auths in " + dir.resolve("home/.docker/config.json") + ", and "
            + dir.resolve("run/containers/auth.json") + ", " + dir.resolve("home/.config/containers/auth.json")
            + ". Log in with 'docker login " + registry.authority() + "' or 'podman login " + registry.authority() + "'");
  }

  @Test
  void withoutTheCaFileTheCertificateIsNotTrustedAndPlainHttpIsNoFallback() throws Exception {
    CredentialStore store = dockerLogin("alice", "correct horse");
    assertThatThrownBy(() -> RegistryClient.forPull(target("team/app:1"), options(store).withCaFile(null)))
        .isInstanceOf(RegistryException.class)
        .hasMessageStartingWith("TLS with " + registry.authority() + " failed: ")
        .hasMessageEndingWith("; if the registry's certificate comes from a private CA, pass it with --ca-file");
    assertThatThrownBy(() -> RegistryClient.forPull(target("team/app:1"), options(store).withInsecure(true)))
        .isInstanceOf(RegistryException.class)
        .hasMessage("GET /v2/ on " + registry.authority() + " answered HTTP 400 Client sent an HTTP request to an"
            + " HTTPS server.");
    Path other = TestCa.create("another CA").writePem(dir.resolve("other.pem"));
    assertThatThrownBy(() -> RegistryClient.forPull(target("team/app:1"), options(store).withCaFile(other)))
        .hasMessageStartingWith("TLS with " + registry.authority() + " failed: ");
    Files.writeString(dir.resolve("empty.pem"), "no certificate here\n");
    assertThatThrownBy(() -> RegistryClient.forPull(target("team/app:1"), options(store).withCaFile(dir.resolve("empty.pem"))))
        .isInstanceOf(ReferenceException.class)
        .hasMessage("--ca-file " + dir.resolve("empty.pem") + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
  }
}
