package dev.basalt.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where docker and podman keep credentials, and in which order basalt looks. */
class CredentialStoreTest {
  @TempDir Path dir;

  private static String auth(String user, String password) {
    return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private Path write(String relative, String content) throws Exception {
    Path file = dir.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    return file;
  }

  /** A credential helper that answers for {@code host} with {@code user}/{@code secret}, "not found" otherwise. */
  private Path helper(String name, String host, String user, String secret) throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path script = bin.resolve("docker-credential-" + name);
    Files.writeString(script, """
        #!/bin/sh
        [ "$1" = get ] || exit 2
        read url
        if [ "$url" = "%s" ]; then
          printf '{"ServerURL":"%%s","Username":"%s","Secret":"%s"}' "$url"
        else
          echo "credentials not found in native keychain"; exit 1
        fi
        """.formatted(host, user, secret));
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return bin;
  }

  @Test
  void dockerConfigAuthsAreDecodedAndKeysMayCarryAScheme() throws Exception {
    Path config = write("home/.docker/config.json", """
        {"auths": {"https://registry.example:5000/v1/": {"auth": "%s"},
                   "other.example": {"auth": "%s"}}}""".formatted(auth("alice", "s3:cret"), auth("bob", "x")));
    CredentialStore store = new CredentialStore(Map.of(), dir.resolve("home"));
    assertThat(store.find("registry.example:5000", "team/app")).contains(new Credential("alice", "s3:cret",
        "auths[\"https://registry.example:5000/v1/\"] in " + config));
    assertThat(store.find("registry.example", "team/app")).isEmpty();
  }

  @Test
  void dockerConfigComesFromDockerConfigAndTheContainersFilesFollow() throws Exception {
    write("custom/config.json", "{\"auths\": {}}");
    Path runtime = write("run/containers/auth.json", """
        {"auths": {"registry.example": {"auth": "%s"},
                   "registry.example/team": {"auth": "%s"}}}""".formatted(auth("host-wide", "a"), auth("team", "b")));
    Path home = write("home/.config/containers/auth.json", """
        {"auths": {"quay.example": {"auth": "%s"}}}""".formatted(auth("carol", "c")));
    CredentialStore store = new CredentialStore(Map.of("DOCKER_CONFIG", dir.resolve("custom").toString(),
        "XDG_RUNTIME_DIR", dir.resolve("run").toString()), dir.resolve("home"));
    assertThat(store.files()).containsExactly(dir.resolve("custom/config.json"), runtime, home);
    // The longest matching key wins: a namespace entry over the host's.
    assertThat(store.find("registry.example", "team/app").map(Credential::username)).contains("team");
    assertThat(store.find("registry.example", "other/app").map(Credential::username)).contains("host-wide");
    assertThat(store.find("quay.example", "x")).contains(new Credential("carol", "c",
        "auths[\"quay.example\"] in " + home));
    assertThat(store.find("none.example", "x")).isEmpty();
  }

  @Test
  void credHelpersWinOverCredsStoreWhichWinsOverAuths() throws Exception {
    Path bin = helper("fake", "registry.example", "helper-user", "helper-secret");
    helper("store", "other.example", "store-user", "store-secret");
    Path config = write("home/.docker/config.json", """
        {"credHelpers": {"registry.example": "fake"}, "credsStore": "store",
         "auths": {"registry.example": {"auth": "%s"}, "third.example": {"auth": "%s"}}}"""
        .formatted(auth("file-user", "f"), auth("third", "t")));
    CredentialStore store = new CredentialStore(Map.of("PATH", bin.toString()), dir.resolve("home"));
    assertThat(store.find("registry.example", "app")).contains(new Credential("helper-user", "helper-secret",
        "docker-credential-fake (credHelpers in " + config + ")"));
    assertThat(store.find("other.example", "app")).contains(new Credential("store-user", "store-secret",
        "docker-credential-store (credsStore in " + config + ")"));
    // The store has nothing for third.example: the auths entry is used.
    assertThat(store.find("third.example", "app").map(Credential::username)).contains("third");
  }

  @Test
  void identityTokensAndTheSecretNeverInToString() throws Exception {
    write("home/.docker/config.json", """
        {"auths": {"registry.example": {"auth": "", "identitytoken": "refresh-me"}}}""");
    Optional<Credential> c = new CredentialStore(Map.of(), dir.resolve("home")).find("registry.example", "app");
    assertThat(c).isPresent();
    assertThat(c.get().isIdentityToken()).isTrue();
    assertThat(c.get().secret()).isEqualTo("refresh-me");
    assertThat(c.get().toString()).isEqualTo("Credential[auths[\"registry.example\"] in "
        + dir.resolve("home/.docker/config.json") + " (an identity token)]");
    assertThat(new Credential("u", "hunter2", "src").toString()).isEqualTo("Credential[src (user 'u')]");
  }

  @Test
  void brokenSourcesAreErrorsThatNameTheFile() throws Exception {
    Path config = write("home/.docker/config.json", "{\"credHelpers\": {\"registry.example\": \"absent\"}}");
    CredentialStore store = new CredentialStore(Map.of("PATH", dir.resolve("bin").toString()), dir.resolve("home"));
    assertThatThrownBy(() -> store.find("registry.example", "app"))
        .isInstanceOf(RegistryAuthException.class)
        .hasMessage("credHelpers in " + config + " names the credential helper 'absent', but docker-credential-absent"
            + " is not on PATH; install it or remove the entry");
    Files.writeString(config, "{\"auths\": {\"registry.example\": {\"auth\": \"bm8tY29sb24=\"}}}");
    assertThatThrownBy(() -> store.find("registry.example", "app"))
        .hasMessage("auths[\"registry.example\"] in " + config + ": 'auth' is not base64 of user:password; log in again");
    Files.writeString(config, "[1]");
    assertThatThrownBy(() -> store.find("registry.example", "app"))
        .hasMessage(config + " is not a JSON object; fix or remove it");
    assertThat(CredentialStore.none().find("registry.example", "app")).isEmpty();
    assertThat(List.of(CredentialStore.none().files().get(0))).containsExactly(Path.of("/nonexistent/.docker/config.json"));
  }
}
