package dev.basalt.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.basalt.audit.AuditReport;
import dev.basalt.audit.Auditor;
import dev.basalt.audit.ImageAuditor;
import dev.basalt.audit.Level;
import dev.basalt.debian.MirrorResolver;
import dev.basalt.image.ImageLocation;
import dev.basalt.run.ContainerRunner;
import dev.basalt.testkit.ImageRunner;
import dev.basalt.testkit.LiveArchive;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny jar layered onto the real {@code java} preset (built from the live archive first) and
 * run with runc as 65532 on a read-only root: it runs, it cannot write its own jar, the image
 * passes the audit, and building again gives the same digest.
 */
class LiveLayeringTest {
  static final Path CACHE = Path.of(System.getProperty("basalt.cache", "target/test-cache"));
  static final String HELLO = """
      import java.nio.file.*;
      public class Hello {
        public static void main(String[] args) throws Exception {
          if (args.length > 0) {
            try {
              Files.writeString(Path.of(args[0]), "changed");
              System.out.println("wrote " + args[0]);
            } catch (Exception e) {
              System.out.println("denied " + args[0]);
            }
            return;
          }
          System.out.println("ok " + System.getProperty("user.name"));
        }
      }
      """;

  @TempDir Path dir;

  @Test
  void aJarOnTheJavaPresetRunsAsNonrootOnAReadOnlyRootAndCannotWriteItself() throws Exception {
    String missing = ImageRunner.missingTools();
    assumeTrue(missing == null, () -> "runtime test skipped: " + missing);
    assumeTrue(ContainerRunner.hostArch().equals("amd64"), "runtime test runs amd64 images only");
    MirrorResolver mirrors = LiveArchive.requireMirrors();
    Path jar = helloJar();
    LayerEnvironment env = new LayerEnvironment(CACHE.resolve("live"), mirrors, Map.of(), LiveArchive.presets(),
        m -> System.out.println("[live] " + m));
    Path out = dir.resolve("hello");
    LayerRequest request = LayerRequest.builder("hello", "java", out)
        .layer(AppLayer.of("app", LayerSource.of(jar, "/app/lib/hello.jar")))
        .config(ConfigChanges.builder().entrypoint(List.of("/usr/bin/java", "-jar", "/app/lib/hello.jar"))
            .user("65532").build())
        .archs(List.of("amd64"))
        .build();
    LayerResult first = LayeredImageBuilder.build(request, env);
    ImageLocation image = ImageLocation.parse("oci:" + out + ":latest");
    ContainerRunner.Captured run = ContainerRunner.runCaptured(image,
        new ContainerRunner.Options("amd64", false, List.of(), Map.of(), List.of(), false), CACHE.resolve("run"));
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stdout()).isEqualTo("ok nonroot\n");
    ContainerRunner.Captured write = ContainerRunner.runCaptured(image, new ContainerRunner.Options("amd64", false,
        List.of(), Map.of(), List.of("/usr/bin/java", "-jar", "/app/lib/hello.jar", "/app/lib/hello.jar"), false),
        CACHE.resolve("run"));
    assertThat(write.stdout()).isEqualTo("denied /app/lib/hello.jar\n");
    for (AuditReport report : ImageAuditor.audit(image, null, Auditor.Policy.NONE, Instant.now())) {
      assertThat(report.failing(Level.WARN)).isEmpty();
    }
    LayerResult second = LayeredImageBuilder.build(request, env);
    assertThat(second.digest()).isEqualTo(first.digest());
    System.out.println("[live] hello on java: " + first.digest());
  }

  private Path helloJar() throws Exception {
    Path src = Files.createDirectories(dir.resolve("src"));
    Files.writeString(src.resolve("Hello.java"), HELLO);
    Path classes = Files.createDirectories(dir.resolve("classes"));
    int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17", "-d", classes.toString(),
        src.resolve("Hello.java").toString());
    assertThat(rc).isZero();
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Hello");
    Path jar = dir.resolve("hello.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
      JarEntry e = new JarEntry("Hello.class");
      e.setTime(0);
      out.putNextEntry(e);
      out.write(Files.readAllBytes(classes.resolve("Hello.class")));
      out.closeEntry();
    }
    return jar;
  }
}
