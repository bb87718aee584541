package dev.basalt.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.audit.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayeredSpecLoaderTest {
  @TempDir Path dir;
  Path file;

  @BeforeEach
  void setUp() throws Exception {
    Files.createDirectories(dir.resolve("build/libs"));
    Files.writeString(dir.resolve("build/libs/app.jar"), "jar");
    Files.createDirectories(dir.resolve("bin"));
    Files.writeString(dir.resolve("bin/run"), "run");
    file = dir.resolve("hello.yaml");
  }

  private LayeredSpec load(String yaml) throws Exception {
    Files.writeString(file, yaml);
    return SpecLoader.loadLayered(file);
  }

  private void assertSpecError(String yaml, int line, String message) throws Exception {
    Files.writeString(file, yaml);
    assertThatThrownBy(() -> SpecLoader.loadLayered(file))
        .isInstanceOfSatisfying(SpecException.class, e -> {
          assertThat(e.exitCode()).isEqualTo(2);
          assertThat(e.getMessage()).isEqualTo(file + ":" + line + ": " + message);
        });
  }

  static final String GOOD = """
      name: hello
      from: java
      layers:
        - name: app
          files:
            - {src: build/libs, dest: /app/lib, glob: "*.jar"}
            - {src: bin/run, dest: /app/bin/run, mode: "0755", uid: 0, gid: 0}
      entrypoint: [/usr/bin/java, -jar, /app/lib/app.jar]
      environment: {JAVA_TOOL_OPTIONS: -Xss1m}
      user: "65532"
      labels: {org.example.team: core}
      ports: ["8080/tcp", 9090]
      healthcheck: [/usr/bin/java, -cp, /app/lib/app.jar, Health]
      created: "2026-01-01T00:00:00Z"
      audit: {waive: {no-healthcheck: "checked by the orchestrator"}}
      """;

  @Test
  void loadsALayeredSpecWithSourcesRelativeToIt() throws Exception {
    assertThat(SpecLoader.isLayered(writeAndReturn(GOOD))).isTrue();
    LayeredSpec spec = load(GOOD);
    assertThat(spec.name()).isEqualTo("hello");
    assertThat(spec.from()).isEqualTo("java");
    assertThat(spec.archs()).isNull();
    assertThat(spec.layers()).hasSize(1);
    assertThat(spec.layers().get(0).files()).containsExactly(
        new LayeredSpec.Files(dir.resolve("build/libs"), "/app/lib", "*.jar", null, null, 0, 0, 6),
        new LayeredSpec.Files(dir.resolve("bin/run"), "/app/bin/run", null, 0755, null, 0, 0, 7));
    assertThat(spec.entrypoint()).containsExactly("/usr/bin/java", "-jar", "/app/lib/app.jar");
    assertThat(spec.cmd()).isNull();
    assertThat(spec.environment()).isEqualTo(Map.of("JAVA_TOOL_OPTIONS", "-Xss1m"));
    assertThat(spec.user()).isEqualTo("65532");
    assertThat(spec.ports()).containsExactly("8080/tcp", "9090");
    assertThat(spec.healthcheck()).containsExactly("/usr/bin/java", "-cp", "/app/lib/app.jar", "Health");
    assertThat(spec.created()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(spec.audit().failLevel()).isEqualTo(Level.WARN);
    assertThat(spec.audit().waive()).isEqualTo(Map.of("no-healthcheck", "checked by the orchestrator"));
  }

  private Path writeAndReturn(String yaml) throws Exception {
    Files.writeString(file, yaml);
    return file;
  }

  @Test
  void mistakesNameTheFileLineAndKey() throws Exception {
    assertSpecError(GOOD.replace("ports:", "port:"), 12, "unknown key 'port' at the top level of a spec with 'from';"
        + " did you mean 'ports'? (valid: annotations, archs, audit, cmd, created, entrypoint, environment, from,"
        + " harden, healthcheck, labels, layers, name, ports, tests, user, work-dir)");
    assertSpecError(GOOD.replace("src: bin/run", "src: bin/nope"), 7, "'src' bin/nope does not exist (looked at "
        + dir.resolve("bin/nope") + ")");
    assertSpecError(GOOD.replace("healthcheck: [/usr/bin/java, -cp, /app/lib/app.jar, Health]",
        "healthcheck: \"curl -f http://localhost/\""), 13, "'healthcheck' is a shell command line, which an image"
        + " without a shell cannot run: give the program and its arguments as a list (exec form), e.g."
        + " [/usr/bin/java, -cp, app.jar, Health]");
    assertSpecError(GOOD.replace("healthcheck: [", "healthcheck: [CMD-SHELL, "), 13, "'healthcheck' lists the"
        + " program and its arguments only (exec form), without 'CMD-SHELL'; a shell form cannot run without a shell");
    assertSpecError(GOOD.replace("mode: \"0755\"", "mode: 0755"), 7,
        "'mode' must be an octal string such as '0755' (quoted), not int '0755'");
    assertSpecError(GOOD.replace("dest: /app/lib,", "dest: app/lib,"), 6,
        "'dest' must be an absolute path without '..', not 'app/lib'");
    assertSpecError(GOOD.replace("glob: \"*.jar\"", "glob: \"*.jar\", owner: 1"), 6, "unknown key 'owner' in an"
        + " entry of 'files' (valid: dest, dir-mode, gid, glob, mode, src, uid)");
    assertSpecError(GOOD.replace("ports: [\"8080/tcp\", 9090]", "ports: [\"http\"]"), 12,
        "'ports' holds string 'http', not a port like \"8080/tcp\"");
  }

  @Test
  void aFromSpecIsRefusedWhereItsPackagesWouldBeResolved() throws Exception {
    Files.writeString(file, GOOD);
    assertThatThrownBy(() -> SpecLoader.load(file))
        .isInstanceOf(SpecException.class)
        .hasMessage(file + ":2: this spec layers onto a base image ('from'): it installs no packages of its own to"
            + " resolve or lock; basalt build builds it");
  }

  @Test
  void harden_allowRootNeedsAReason() throws Exception {
    assertSpecError(GOOD + "harden: {allow-root: true}\n", 16, "'harden' allows what the audit forbids (allow-root):"
        + " say why with 'reason: ...' in 'harden'; the build summary and the audit report it");
    LayeredSpec spec = load(GOOD + "harden: {allow-root: true, reason: binds port 80}\n");
    assertThat(spec.harden().allowRoot()).isTrue();
    assertThat(List.of(spec.harden().reason())).containsExactly("binds port 80");
  }
}
