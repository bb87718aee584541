package dev.basalt.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.image.ImageLocation;
import dev.basalt.testkit.RegistryServer;
import dev.basalt.testkit.TestCa;
import dev.basalt.testkit.TestImage;
import dev.basalt.testkit.TokenServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution token flow against docker-registry configured with {@code auth: token}: tokens
 * from a loopback token server for the scope each request needs, one per scope set, fetched
 * again when the registry refuses one, and refusals that say who asked for what.
 */
class TokenAuthTest {
  @TempDir static Path shared;
  static TokenServer tokens;
  static RegistryServer registry;
  static Path layout;
  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    TestCa ca = TestCa.create("basalt token CA");
    tokens = new TokenServer(ca, "alice", "correct horse", "refresh-alice");
    registry = RegistryServer.in(Files.createDirectories(shared.resolve("registry")))
        .token(tokens.realm(), TokenServer.SERVICE, TokenServer.ISSUER, ca).start();
    layout = TestImage.linux("amd64").layer(l -> l.dir("/etc", 0755).file("/etc/motd", "token\n", 0644))
        .writeLayout(shared.resolve("layout"), "v1");
  }

  @AfterAll
  static void stop() throws Exception {
    if (registry != null) {
      registry.close();
    }
    if (tokens != null) {
      tokens.close();
    }
  }

  @BeforeEach
  void freshTokens() {
    tokens.issueBadTokens(0);
  }

  private RegistryOptions options(Credential credential) {
    return RegistryOptions.defaults().withInsecure(true).withRetries(2, Duration.ofMillis(10))
        .withCredentials(credential == null ? CredentialStore.none() : CredentialStore.of(credential));
  }

  private RegistryReference target(String repoTag) throws ReferenceException {
    return RegistryReference.parse("docker://" + registry.authority() + "/" + repoTag);
  }

  private static RegistryPusher.Options push() {
    return new RegistryPusher.Options(1 << 20, 1 << 20, BlobSightings.none());
  }

  @Test
  void oneTokenServesAWholePushAndPullsGetAPullToken() throws Exception {
    Credential alice = new Credential("alice", "correct horse", "test login");
    int before = tokens.requests().size();
    RegistryPusher.Result r = RegistryPusher.push(new ImageLocation.Layout(layout, null), target("team/app:1"),
        options(alice), push());
    assertThat(r.blobsUploaded()).isEqualTo(2);
    assertThat(tokens.requests().subList(before, tokens.requests().size())).containsExactly(
        new TokenServer.Request("GET", List.of("repository:team/app:pull,push"), "alice"));
    RegistryPuller.Result pulled = RegistryPuller.pull(target("team/app:1"), dir.resolve("p"), "1", options(alice),
        BlobSightings.none());
    assertThat(pulled.root().digest()).isEqualTo(r.digest());
    assertThat(tokens.requests().get(tokens.requests().size() - 1))
        .isEqualTo(new TokenServer.Request("GET", List.of("repository:team/app:pull"), "alice"));
  }

  @Test
  void aTokenTheRegistryRefusesIsFetchedAgainOnce() throws Exception {
    Credential alice = new Credential("alice", "correct horse", "test login");
    tokens.issueBadTokens(1);
    int before = tokens.requests().size();
    RegistryPuller.Result pulled = pullAfterPush(alice);
    assertThat(pulled.blobsFetched()).isEqualTo(2);
    assertThat(tokens.requests().size() - before).isEqualTo(3);
    tokens.issueBadTokens(2);
    assertThatThrownBy(() -> RegistryPuller.pull(target("team/refresh:1"), dir.resolve("q"), "1", options(alice),
        BlobSightings.none()))
        .isInstanceOf(RegistryAuthException.class)
        .hasMessage(registry.authority() + " refused the credentials from test login (user 'alice') for"
            + " repository:team/refresh:pull (HTTP 401 UNAUTHORIZED: authentication required); check them or log in"
            + " again");
  }

  private RegistryPuller.Result pullAfterPush(Credential alice) throws Exception {
    // The bad token meets the push's first request; the push then gets a good one.
    RegistryPusher.push(new ImageLocation.Layout(layout, null), target("team/refresh:1"), options(alice), push());
    return RegistryPuller.pull(target("team/refresh:1"), dir.resolve("p"), "1", options(alice), BlobSightings.none());
  }

  @Test
  void anIdentityTokenIsExchangedAsAnOAuth2RefreshToken() throws Exception {
    Credential identity = new Credential(Credential.IDENTITY_TOKEN_USER, "refresh-alice", "docker-credential-test");
    RegistryPusher.Result r = RegistryPusher.push(new ImageLocation.Layout(layout, null), target("team/oauth:1"),
        options(identity), push());
    assertThat(r.tags()).containsExactly("1");
    assertThat(tokens.requests().get(tokens.requests().size() - 1)).isEqualTo(
        new TokenServer.Request("POST", List.of("repository:team/oauth:pull,push"), "refresh:refresh-alice"));
  }

  @Test
  void wrongCredentialsAndNoCredentialsAreRefusedWithTheScope() throws Exception {
    Credential wrong = new Credential("alice", "wrong", "auths[\"x\"] in config.json");
    assertThatThrownBy(() -> RegistryPusher.push(new ImageLocation.Layout(layout, null), target("team/app:2"),
        options(wrong), push()))
        .isInstanceOf(RegistryAuthException.class)
        .hasMessage("the token server " + tokens.realm() + " refused the credentials from auths[\"x\"] in config.json"
            + " (user 'alice') for repository:team/app:pull,push on " + registry.authority()
            + " (HTTP 401); check them or log in again");
    // Anonymous: the token server grants nothing, and the registry says so.
    assertThatThrownBy(() -> RegistryPuller.pull(target("team/app:1"), dir.resolve("anon"), "1", options(null),
        BlobSightings.none()))
        .isInstanceOf(RegistryAuthException.class)
        .hasMessageStartingWith(registry.authority() + " requires credentials for repository:team/app:pull (HTTP 401"
            + " UNAUTHORIZED: authentication required) and none were found; looked in ");
  }
}
