package dev.basalt.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.cache.Digest;
import org.junit.jupiter.api.Test;

/** docker:// references as docker and skopeo read them. */
class RegistryReferenceTest {
  private static final String HEX = "0123456789abcdef".repeat(4);

  @Test
  void hostPortRepositoryTagAndDigest() throws Exception {
    assertThat(RegistryReference.parse("docker://127.0.0.1:5000/basalt/base:1.0"))
        .isEqualTo(new RegistryReference("127.0.0.1:5000", "basalt/base", "1.0", null));
    assertThat(RegistryReference.parse("docker://localhost/app"))
        .isEqualTo(new RegistryReference("localhost", "app", null, null));
    assertThat(RegistryReference.parse("registry.example/a/b/c@sha256:" + HEX))
        .isEqualTo(new RegistryReference("registry.example", "a/b/c", null, new Digest(HEX)));
    RegistryReference both = RegistryReference.parse("docker://Registry.Example:443/app:v1@sha256:" + HEX);
    assertThat(both).isEqualTo(new RegistryReference("registry.example:443", "app", "v1", new Digest(HEX)));
    assertThat(both.manifestReference()).isEqualTo("sha256:" + HEX);
    assertThat(both.display()).isEqualTo("docker://registry.example:443/app:v1@sha256:" + HEX);
    assertThat(RegistryReference.parse("docker://[::1]:5000/app").host()).isEqualTo("::1");
  }

  @Test
  void aNameWithoutHostIsDockerHub() throws Exception {
    RegistryReference hub = RegistryReference.parse("docker://debian:trixie");
    assertThat(hub).isEqualTo(new RegistryReference("docker.io", "library/debian", "trixie", null));
    assertThat(hub.apiAuthority()).isEqualTo("registry-1.docker.io");
    assertThat(RegistryReference.parse("docker://bitnami/redis").repository()).isEqualTo("bitnami/redis");
    assertThat(RegistryReference.parse("docker://bitnami/redis").tagOrDefault()).isEqualTo("latest");
    assertThat(RegistryReference.parse("docker://bitnami/redis").manifestReference()).isEqualTo("latest");
  }

  @Test
  void loopbackIsJudgedFromTheNameAlone() throws Exception {
    assertThat(RegistryReference.parse("docker://127.0.0.1:5000/a").isLoopback()).isTrue();
    assertThat(RegistryReference.parse("docker://127.8.9.10/a").isLoopback()).isTrue();
    assertThat(RegistryReference.parse("docker://localhost:5000/a").isLoopback()).isTrue();
    assertThat(RegistryReference.parse("docker://[::1]:5000/a").isLoopback()).isTrue();
    assertThat(RegistryReference.parse("docker://128.0.0.1/a").isLoopback()).isFalse();
    assertThat(RegistryReference.parse("docker://localhost.example/a").isLoopback()).isFalse();
    assertThat(RegistryReference.parse("docker://127.0.0.1.nip.io/a").isLoopback()).isFalse();
  }

  @Test
  void malformedReferencesAreUsageErrorsThatSayWhatIsWrong() {
    assertThatThrownBy(() -> RegistryReference.parse("docker://"))
        .isInstanceOf(ReferenceException.class)
        .hasMessage("'docker://' names no image; write docker://HOST[:PORT]/REPOSITORY[:TAG] or"
            + " docker://HOST[:PORT]/REPOSITORY@sha256:DIGEST")
        .satisfies(e -> assertThat(((ReferenceException) e).exitCode()).isEqualTo(2));
    assertThatThrownBy(() -> RegistryReference.parse("docker://registry.example/App"))
        .hasMessageStartingWith("'docker://registry.example/App': 'App' is not a valid repository name");
    assertThatThrownBy(() -> RegistryReference.parse("docker://registry.example/app:-x"))
        .hasMessage("'docker://registry.example/app:-x': '-x' is not a valid tag (letters, digits, _ . -; at most 128;"
            + " not starting with . or -)");
    assertThatThrownBy(() -> RegistryReference.parse("docker://registry.example/app@sha512:abc"))
        .hasMessage("'docker://registry.example/app@sha512:abc': the digest must be sha256:<64 hex digits>, not"
            + " 'sha512:abc'");
    assertThatThrownBy(() -> RegistryReference.parse("docker://registry.example:99999/app"))
        .hasMessageStartingWith("'docker://registry.example:99999/app': 'registry.example:99999' is not a valid"
            + " registry host[:port]");
    assertThatThrownBy(() -> RegistryReference.parse("docker://registry.example/app:" + "x".repeat(129)))
        .hasMessageContaining("is not a valid tag");
  }
}
