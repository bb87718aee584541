package dev.basalt.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigChangesTest {
  @Test
  void portsAreNormalisedAndKeptOnce() {
    ConfigChanges c = ConfigChanges.builder().exposedPort("8080").exposedPort("8080/tcp").exposedPort("53/udp").build();
    assertThat(c.exposedPorts()).containsExactly("8080/tcp", "53/udp");
    assertThatThrownBy(() -> ConfigChanges.normalizePort("70000")).hasMessage(
        "not a port (like 8080 or 8080/tcp): '70000'");
  }

  @Test
  void onlyAnExecFormHealthcheckIsAccepted() {
    assertThat(ConfigChanges.builder().healthcheck(List.of("/usr/bin/java", "Health")).build().healthcheck())
        .containsExactly("/usr/bin/java", "Health");
    assertThatThrownBy(() -> ConfigChanges.builder().healthcheck(List.of("CMD-SHELL", "curl -f localhost")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a shell-form health check (CMD-SHELL) cannot run on an image without a shell: give the program"
            + " and its arguments as a list (exec form)");
    assertThatThrownBy(() -> ConfigChanges.builder().healthcheck(List.of()).build())
        .hasMessage("a health check needs a program to run");
  }

  @Test
  void sourcesAndLayersRefuseMisuse() {
    assertThatThrownBy(() -> LayerSource.of(Path.of("a"), "app/x"))
        .hasMessage("an image path must be absolute and below /, not 'app/x'");
    assertThatThrownBy(() -> LayerSource.of(Path.of("a"), "/app/../etc"))
        .hasMessage("an image path must not contain empty, '.' or '..' components: '/app/../etc'");
    assertThatThrownBy(() -> LayerSource.of(Path.of("a"), "/app").withFileMode(010000))
        .hasMessage("fileMode must be permission bits within 07777, not 010000");
    assertThatThrownBy(() -> new AppLayer("app", List.of()))
        .hasMessage("layer 'app' has no sources; leave an empty layer out");
  }

  @Test
  void textIsTheRecordsUsualFormSoRequestDigestsStayTheSame() {
    ConfigChanges c = ConfigChanges.builder().entrypoint(List.of("/usr/bin/java", "-jar", "/app/app.jar"))
        .env("LANG", "C.UTF-8").user("65532").label("a", "b").exposedPort("8080").build();
    assertThat(c.toString()).isEqualTo("ConfigChanges[entrypoint=[/usr/bin/java, -jar, /app/app.jar], cmd=null,"
        + " env={LANG=C.UTF-8}, workDir=null, user=65532, labels={a=b}, exposedPorts=[8080/tcp], healthcheck=null]");
  }
}
