package dev.basalt.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.basalt.audit.AuditReport;
import dev.basalt.audit.Auditor;
import dev.basalt.audit.ImageAuditor;
import dev.basalt.audit.Level;
import dev.basalt.audit.TextReport;
import dev.basalt.cache.Digest;
import dev.basalt.image.ConfigView;
import dev.basalt.image.FileInspector;
import dev.basalt.image.FlatFile;
import dev.basalt.image.FlatFilesystem;
import dev.basalt.image.ImageLocation;
import dev.basalt.image.ImageSource;
import dev.basalt.image.LayerApplier;
import dev.basalt.image.LayoutIndex;
import dev.basalt.image.SourceImage;
import dev.basalt.run.ContainerRunner;
import dev.basalt.testkit.LiveArchive;
import dev.basalt.testkit.RegistryServer;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Acceptance of issue #8 on {@code examples/java-app}: the example is built by Maven (the
 * project's wrapper, and Debian's Maven 3.8 where installed) with this build's plugin, taken from
 * a local repository this build installed it into; the image runs under runc as 65532 with a
 * read-only root, passes the audit, rebuilds to the same digest, and a new class changes only the
 * classes layer. The base is the java preset, built from the live Debian archive.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JavaAppIT {
  static final String MAIN = "dev.basalt.example.App";
  static final Path REPO_ROOT = Path.of(System.getProperty("basalt.repo.root", "..")).toAbsolutePath().normalize();
  static final Path WORK = Path.of("target", "it").toAbsolutePath();
  static final Path CACHE = Path.of(System.getProperty("basalt.cache", "target/test-cache")).toAbsolutePath();

  Path project;
  Path layout;
  Digest first;
  Map<String, List<Digest>> firstLayers;

  @BeforeAll
  void buildTheExample() throws Exception {
    LiveArchive.requireMirrors(); // the java preset base comes from the Debian archive
    project = ExampleBuild.copyExample(REPO_ROOT.resolve("examples/java-app"), WORK.resolve("java-app"));
    ExampleBuild.maven(ExampleBuild.wrapper(REPO_ROOT), project, WORK.resolve("build-1.log"), CACHE);
    layout = project.resolve("target/image");
    first = indexDigest(layout);
    firstLayers = layerDigests(layout);
  }

  @Test
  @Order(1)
  void theImageIsTheJavaBaseWithTheApplicationInThreeLayersOwnedByRoot() throws Exception {
    try (ImageSource source = ImageSource.open(ImageLocation.parse("oci:" + layout + ":latest"))) {
      assertThat(source.images().stream().map(SourceImage::arch).toList()).containsExactly("amd64", "arm64");
      for (SourceImage image : source.images()) {
        ConfigView config = image.config();
        assertThat(config.entrypoint()).containsExactly("/usr/bin/java", "-cp", "/app/resources:/app/classes:/app/libs/*",
            MAIN);
        assertThat(config.cmd()).isEmpty();
        assertThat(config.user()).isEqualTo("65532");
        assertThat(config.exposedPorts()).containsExactly("8080/tcp");
        assertThat(config.labels()).containsEntry("org.opencontainers.image.title", "java-app");
        assertThat(config.created()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        List<SourceImage.LayerBlob> layers = image.layers();
        int n = layers.size();
        assertThat(filesIn(source, image, layers.get(n - 3))).containsExactly("app/libs/gson-2.10.1.jar");
        assertThat(filesIn(source, image, layers.get(n - 2))).containsExactly("app/resources/greeting.txt");
        assertThat(filesIn(source, image, layers.get(n - 1))).containsExactly(
            "app/classes/dev/basalt/example/App$Reply.class", "app/classes/dev/basalt/example/App.class");
        FlatFilesystem files = LayerApplier.flatten(source, image, FileInspector.NONE);
        List<String> writable = new ArrayList<>();
        for (FlatFile f : files.below("/app")) {
          if (f.uid() != 0 || f.gid() != 0 || (f.mode() & 0022) != 0) {
            writable.add(f.path() + " " + f.uid() + ":" + f.gid() + " 0" + Integer.toOctalString(f.mode()));
          }
        }
        assertThat(writable).as("entries under /app not root-owned or group/other-writable").isEmpty();
      }
    }
  }

  @Test
  @Order(2)
  void itRunsAsNonrootOnAReadOnlyRootAnswersOkAndCannotWriteItsOwnFiles() throws Exception {
    assumeTrue(ContainerRunner.hostArch().equals("amd64"), "runtime check skipped: the host is not amd64");
    ContainerRunner.Captured run = ExampleBuild.runCheck(layout, CACHE.resolve("run"));
    assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
    List<String> lines = run.stdout().lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).isEqualTo("check ok: GET / -> 200 {\"status\":\"ok\",\"greeting\":\"hello from a hardened image\"}");
    assertThat(lines.get(1)).startsWith("write to own classes: refused /app/classes/probe (");
  }

  @Test
  @Order(3)
  void theAuditPassesWithoutWarnOrFatalFindings() throws Exception {
    for (AuditReport report : ImageAuditor.audit(ImageLocation.parse("oci:" + layout + ":latest"), null,
        Auditor.Policy.NONE, Instant.now())) {
      System.out.println("[it] audit " + report.arch() + ": " + TextReport.summary(report));
      assertThat(report.failing(Level.WARN)).as(TextReport.render(List.of(report))).isEmpty();
    }
  }

  @Test
  @Order(4)
  void rebuildingWithoutChangesWithTheWrapperGivesTheSameDigest() throws Exception {
    ExampleBuild.maven(ExampleBuild.wrapper(REPO_ROOT), project, WORK.resolve("build-2.log"), CACHE);
    assertThat(indexDigest(layout)).isEqualTo(first);
  }

  @Test
  @Order(5)
  void maven38BuildsTheSameImage() throws Exception {
    Path mvn = Path.of("/usr/bin/mvn");
    assumeTrue(Files.isExecutable(mvn), "Maven 3.8 check skipped: /usr/bin/mvn is not installed (Debian package maven;"
        + " .ci/run installs it)");
    ExampleBuild.maven(List.of(mvn.toString()), project, WORK.resolve("build-mvn38.log"), CACHE);
    assertThat(Files.readString(WORK.resolve("build-mvn38.log"))).contains("Apache Maven 3.8");
    assertThat(indexDigest(layout)).isEqualTo(first);
  }

  @Test
  @Order(6)
  void addingAClassChangesExactlyTheClassesLayer() throws Exception {
    Path extra = project.resolve("src/main/java/dev/basalt/example/Extra.java");
    Files.writeString(extra, "package dev.basalt.example;\n\nfinal class Extra {\n  static final int ANSWER = 42;\n}\n");
    ExampleBuild.maven(ExampleBuild.wrapper(REPO_ROOT), project, WORK.resolve("build-3.log"), CACHE);
    assertThat(indexDigest(layout)).isNotEqualTo(first);
    Map<String, List<Digest>> after = layerDigests(layout);
    assertThat(after.keySet()).isEqualTo(firstLayers.keySet());
    for (String arch : after.keySet()) {
      List<Digest> before = firstLayers.get(arch);
      List<Digest> now = after.get(arch);
      assertThat(now).hasSameSizeAs(before);
      List<Integer> changed = new ArrayList<>();
      for (int i = 0; i < now.size(); i++) {
        if (!now.get(i).equals(before.get(i))) {
          changed.add(i);
        }
      }
      assertThat(changed).as(arch + ": indexes of changed layers").containsExactly(now.size() - 1);
    }
    try (ImageSource source = ImageSource.open(ImageLocation.parse("oci:" + layout + ":latest"))) {
      SourceImage image = source.images().get(0);
      assertThat(filesIn(source, image, image.layers().get(image.layers().size() - 1))).containsExactly(
          "app/classes/dev/basalt/example/App$Reply.class", "app/classes/dev/basalt/example/App.class",
          "app/classes/dev/basalt/example/Extra.class");
    }
  }

  @Test
  @Order(7)
  void toADockerReferencePushesTheImageItWrote() throws Exception {
    Path registryDir = Files.createDirectories(WORK.resolve("registry"));
    try (RegistryServer registry = RegistryServer.in(registryDir).start()) {
      String reference = "docker://" + registry.authority() + "/java-app:1.0.0";
      Path log = WORK.resolve("build-push.log");
      ExampleBuild.maven(ExampleBuild.wrapper(REPO_ROOT), project, log, CACHE, "-Dbasalt.to=" + reference,
          "-Dbasalt.insecure=true");
      Digest written = indexDigest(layout);
      assertThat(Files.readAllLines(log)).contains("[INFO] basalt: pushed docker://" + registry.authority() + "/java-app:1.0.0@"
          + written);
      HttpResponse<Void> head = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create("http://" + registry.authority() + "/v2/java-app/manifests/1.0.0"))
          .header("Accept", "application/vnd.oci.image.index.v1+json")
          .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
      assertThat(head.statusCode()).isEqualTo(200);
      assertThat(head.headers().firstValue("Docker-Content-Digest")).contains(written.toString());
    }
  }

  static Digest indexDigest(Path layout) throws Exception {
    return LayoutIndex.read(layout).root("latest").digest();
  }

  /** Each platform's layer digests, bottom first. */
  static Map<String, List<Digest>> layerDigests(Path layout) throws Exception {
    Map<String, List<Digest>> layers = new LinkedHashMap<>();
    try (ImageSource source = ImageSource.open(ImageLocation.parse("oci:" + layout + ":latest"))) {
      for (SourceImage image : source.images()) {
        layers.put(image.arch(), image.layers().stream().map(SourceImage.LayerBlob::digest).toList());
      }
    }
    return layers;
  }

  /** The regular files of one layer, sorted, without a leading "./" or "/". */
  static List<String> filesIn(ImageSource source, SourceImage image, SourceImage.LayerBlob layer) throws Exception {
    List<String> names = new ArrayList<>();
    try (InputStream in = source.openLayer(image, layer); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        if (e.isFile()) {
          names.add(e.getName().replaceFirst("^\\./", "").replaceFirst("^/", ""));
        }
      }
    }
    try (Stream<String> sorted = names.stream().sorted()) {
      return sorted.toList();
    }
  }
}
