package dev.basalt.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** WWW-Authenticate challenges, and credentials kept off plain HTTP to other hosts. */
class AuthChallengeTest {
  @Test
  void bearerAndBasicChallengesParse() {
    assertThat(AuthChallenge.parse("Bearer realm=\"https://auth.example/token\",service=\"registry.example\","
        + "scope=\"repository:a/b:pull,push\",error=\"insufficient_scope\""))
        .isEqualTo(new AuthChallenge("bearer", Map.of("realm", "https://auth.example/token",
            "service", "registry.example", "scope", "repository:a/b:pull,push", "error", "insufficient_scope")));
    assertThat(AuthChallenge.parse("Basic realm=\"basalt \\\"test\\\"\""))
        .isEqualTo(new AuthChallenge("basic", Map.of("realm", "basalt \"test\"")));
    assertThat(AuthChallenge.parse("bearer realm=https://auth.example/token, service=registry.example"))
        .isEqualTo(new AuthChallenge("bearer", Map.of("realm", "https://auth.example/token", "service",
            "registry.example")));
    assertThat(AuthChallenge.parse("Negotiate abc")).isNull();
    assertThat(AuthChallenge.parse(null)).isNull();
  }

  @Test
  void credentialsAreNotSentOverPlainHttpToAnotherHost() throws Exception {
    Credential alice = new Credential("alice", "secret", "auths[\"registry.example\"] in config.json");
    RegistryAuth remote = new RegistryAuth(HttpClient.newHttpClient(),
        RegistryReference.parse("docker://registry.example/app"), true, CredentialStore.of(alice));
    remote.learn("Basic realm=\"r\"");
    assertThatThrownBy(() -> remote.header(Set.of("repository:app:pull")))
        .isInstanceOf(RegistryAuthException.class)
        .hasMessage("refusing to send the credentials from auths[\"registry.example\"] in config.json (user 'alice') to"
            + " registry.example over plain HTTP; use HTTPS (drop --insecure, or --ca-file for a private CA)")
        .hasMessageNotContaining("secret");
    RegistryAuth local = new RegistryAuth(HttpClient.newHttpClient(),
        RegistryReference.parse("docker://127.0.0.1:5000/app"), true, CredentialStore.of(alice));
    local.learn("Basic realm=\"r\"");
    assertThat(local.header(Set.of("repository:app:pull"))).isEqualTo("Basic YWxpY2U6c2VjcmV0");
    RegistryAuth token = new RegistryAuth(HttpClient.newHttpClient(),
        RegistryReference.parse("docker://registry.example/app"), false, CredentialStore.of(alice));
    token.learn("Bearer realm=\"http://auth.example/token\",service=\"registry.example\"");
    assertThatThrownBy(() -> token.header(Set.of("repository:app:pull")))
        .hasMessage("refusing to send the credentials from auths[\"registry.example\"] in config.json (user 'alice') to"
            + " the token server http://auth.example/token over plain HTTP");
  }
}
