package dev.basalt.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.basalt.image.ImageLocation;
import dev.basalt.image.ImageSource;
import dev.basalt.image.SourceImage;
import dev.basalt.run.ContainerRunner;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs Maven on a copy of an example the way a user would, but against a local repository that
 * this build filled (the plugin and basalt-core from {@code invoker:install}); everything else
 * Maven needs is read from the outer build's local repository, then Maven Central.
 */
final class ExampleBuild {
  static final Path IT_REPO = Path.of(System.getProperty("basalt.it.repo", "target/it-repo")).toAbsolutePath();
  static final String OUTER_REPO = System.getProperty("basalt.it.outer-repo",
      Path.of(System.getProperty("user.home"), ".m2", "repository").toString());

  private ExampleBuild() {}

  static List<String> wrapper(Path repoRoot) {
    return List.of(repoRoot.resolve("mvnw").toString());
  }

  /** A fresh copy of {@code example} (without its target) at {@code to}. */
  static Path copyExample(Path example, Path to) throws IOException {
    if (Files.exists(to)) {
      try (Stream<Path> walk = Files.walk(to)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    Files.walkFileTree(example, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        if (dir.getFileName().toString().equals("target")) {
          return FileVisitResult.SKIP_SUBTREE;
        }
        Files.createDirectories(to.resolve(example.relativize(dir).toString()));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.copy(file, to.resolve(example.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
        return FileVisitResult.CONTINUE;
      }
    });
    return to;
  }

  /** Runs {@code maven package} in {@code project}, output to {@code log}; fails the test with the log's end unless it succeeds. */
  static void maven(List<String> maven, Path project, Path log, Path basaltCache, String... properties) throws Exception {
    Path settings = settings(log.getParent());
    List<String> command = new ArrayList<>(maven);
    command.addAll(List.of("-B", "-V", "-s", settings.toString(), "-Dmaven.repo.local=" + IT_REPO));
    command.addAll(List.of(properties));
    command.add("package");
    ProcessBuilder pb = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Map<String, String> env = pb.environment();
    env.put("BASALT_CACHE", basaltCache.toString());
    env.remove("MAVEN_ARGS");
    Process p = pb.start();
    if (!p.waitFor(20, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      fail("Maven did not finish within 20 minutes; see " + log);
    }
    if (p.exitValue() != 0) {
      List<String> lines = Files.readAllLines(log);
      fail("Maven failed (exit " + p.exitValue() + ") on " + project + "; the end of " + log + ":\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size())));
    }
    Files.readAllLines(log).stream().filter(l -> l.contains("basalt: ")).forEach(l -> System.out.println("[it] " + l));
  }

  /** Settings whose only addition is the outer build's local repository as a release-only remote. */
  static Path settings(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve("settings.xml");
    String url = Path.of(OUTER_REPO).toUri().toString();
    String repository = "<id>outer-local</id><url>" + url + "</url>"
        + "<releases><enabled>true</enabled><checksumPolicy>ignore</checksumPolicy></releases><snapshots><enabled>false</enabled></snapshots>";
    Files.writeString(file, "<settings><profiles><profile><id>outer-local</id>"
        + "<repositories><repository>" + repository + "</repository></repositories>"
        + "<pluginRepositories><pluginRepository>" + repository + "</pluginRepository></pluginRepositories>"
        + "</profile></profiles><activeProfiles><activeProfile>outer-local</activeProfile></activeProfiles></settings>\n");
    return file;
  }

  /** The image's own entrypoint and cmd with {@code --check}, run by basalt's runc runner (skipped without runc or root). */
  static ContainerRunner.Captured runCheck(Path layout, Path runCache) throws Exception {
    String missing = Files.isExecutable(Path.of("/usr/sbin/runc")) || Files.isExecutable(Path.of("/usr/bin/runc"))
        ? null : "runc is not installed (Debian package runc; .ci/run installs it)";
    org.junit.jupiter.api.Assumptions.assumeTrue(missing == null, () -> "runtime check skipped: " + missing);
    org.junit.jupiter.api.Assumptions.assumeTrue(
        (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0, "runtime check skipped: runc needs root");
    ImageLocation location = ImageLocation.parse("oci:" + layout + ":latest");
    List<String> args = new ArrayList<>();
    try (ImageSource source = ImageSource.open(location)) {
      SourceImage image = source.images("amd64").get(0);
      args.addAll(image.config().entrypoint());
      args.addAll(image.config().cmd());
    }
    args.add("--check");
    assertThat(args.get(0)).isEqualTo("/usr/bin/java");
    return ContainerRunner.runCaptured(location, new ContainerRunner.Options("amd64", false, List.of(), Map.of(), args,
        false), runCache);
  }
}
