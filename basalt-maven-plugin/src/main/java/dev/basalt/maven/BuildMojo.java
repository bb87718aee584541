package dev.basalt.maven;

import dev.basalt.BasaltException;
import dev.basalt.image.ImageLocation;
import dev.basalt.layer.AppLayer;
import dev.basalt.layer.ConfigChanges;
import dev.basalt.layer.LayerEnvironment;
import dev.basalt.layer.LayerRequest;
import dev.basalt.layer.LayerResult;
import dev.basalt.layer.LayeredImageBuilder;
import dev.basalt.registry.RegistryOptions;
import dev.basalt.registry.RegistryPusher;
import dev.basalt.registry.RegistryReference;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;

/**
 * Layers the project onto a hardened basalt base, Jib-style: release dependencies, snapshot
 * dependencies, resources and classes each in their own layer, run as
 * {@code java <jvmFlags> -cp /app/resources:/app/classes:/app/libs/* <mainClass> <args>} by the
 * base's non-root user. Writes an OCI layout (reference {@code latest}), or pushes it when
 * {@code to} is a {@code docker://} reference.
 */
@Mojo(name = "build", defaultPhase = LifecyclePhase.PACKAGE, requiresDependencyResolution = ResolutionScope.RUNTIME,
    threadSafe = true)
public final class BuildMojo extends AbstractMojo {
  /** The java preset's launcher. */
  static final String PRESET_JAVA = "/usr/bin/java";
  static final String REFERENCE = "latest";

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  private MavenProject project;

  /** The base: a preset name ({@code java}), {@code oci:DIR[:REF]}, {@code docker-archive:FILE} or {@code docker://REF}. */
  @Parameter(property = "basalt.from", defaultValue = "java")
  private String from;

  /** The output OCI layout directory, or a {@code docker://HOST/REPO[:TAG]} to push to. */
  @Parameter(property = "basalt.to", defaultValue = "${project.build.directory}/image")
  private String to;

  /** The class to run; found in the jar manifest or by scanning the classes when not given. */
  @Parameter(property = "basalt.mainClass")
  private String mainClass;

  /** Options for the JVM, before the class path. */
  @Parameter
  private List<String> jvmFlags = List.of();

  /** The program's default arguments (the image's Cmd). */
  @Parameter
  private List<String> args = List.of();

  /** Exposed ports: {@code 8080} or {@code 8080/tcp}, {@code /udp}, {@code /sctp}. */
  @Parameter
  private List<String> ports = List.of();

  /** Image labels, added to the base's. */
  @Parameter
  private Map<String, String> labels = Map.of();

  /** The user to run as (uid, uid:gid or an account of the base); the base's non-root user when not given. */
  @Parameter(property = "basalt.user")
  private String user;

  /** The base's platforms to build, by Debian architecture ({@code amd64}, {@code arm64}); every one of the base's when not given. */
  @Parameter(property = "basalt.archs")
  private List<String> archs;

  /** The java launcher in the base image. */
  @Parameter(property = "basalt.java", defaultValue = PRESET_JAVA)
  private String java;

  /** Plain HTTP to the registry of a {@code docker://} destination (a local test registry). */
  @Parameter(property = "basalt.insecure", defaultValue = "false")
  private boolean insecure;

  /**
   * How long a preset base ({@code from} naming a preset) is used as last resolved before the next
   * build resolves it against its archive again: {@code 0} on every build, else a duration such
   * as {@code 30m}, {@code 1h} or {@code PT1H}. {@code -U} resolves now; {@code -o} never does.
   */
  @Parameter(property = "basalt.baseRefresh", defaultValue = "1h")
  private String baseRefresh;

  @Parameter(defaultValue = "${session}", readonly = true, required = true)
  private MavenSession session;

  @Parameter(property = "basalt.skip", defaultValue = "false")
  private boolean skip;

  @Parameter(defaultValue = "${project.build.outputTimestamp}", readonly = true)
  private String outputTimestamp;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("basalt: skipped (basalt.skip)");
      return;
    }
    if ("pom".equals(project.getPackaging())) {
      getLog().info("basalt: skipped (pom packaging has no application)");
      return;
    }
    long start = System.nanoTime();
    Path classes = Path.of(project.getBuild().getOutputDirectory());
    boolean push = to.startsWith(RegistryReference.SCHEME);
    Path layout = push ? Path.of(project.getBuild().getDirectory(), "image") : Path.of(to).toAbsolutePath();
    LayerResult result;
    try {
      Instant created = OutputTimestamp.parse(outputTimestamp).orElse(null);
      String main = mainClass != null && !mainClass.isBlank() ? mainClass.trim()
          : MainClassFinder.find(artifactFile(), classes);
      List<AppLayer> layers = ApplicationLayers.of(dependencies(), classes);
      ConfigChanges.Builder config = ConfigChanges.builder()
          .entrypoint(ApplicationLayers.entrypoint(java, jvmFlags, main))
          .cmd(args)
          .labels(labels)
          .user(user == null || user.isBlank() ? null : user.trim());
      ports.forEach(config::exposedPort);
      LayerEnvironment environment = LayerEnvironment.defaults().withNotices(m -> getLog().info("basalt: " + m))
          .withPresetRefresh(BaseRefresh.of(baseRefresh, session.isOffline(), session.getRequest().isUpdateSnapshots()));
      if (environment.presetsDir() == null) {
        environment = environment.withPresetsDir(BundledPresets.unpack(environment.cacheDir()));
      }
      LayerRequest request = LayerRequest.builder(imageName(project.getArtifactId()), from, layout)
          .layers(layers).config(config.build()).created(created).reference(REFERENCE)
          .archs(archs == null || archs.isEmpty() ? null : archs).build();
      result = LayeredImageBuilder.build(request, environment);
      getLog().info(String.format(Locale.ROOT, "basalt: image step %d ms: %s %s on %s (main class %s)",
          (System.nanoTime() - start) / 1_000_000, layout, result.digest(), from, main));
      for (LayerResult.ArchImage image : result.images()) {
        for (LayerResult.AddedLayer layer : image.added()) {
          getLog().info(String.format(Locale.ROOT, "basalt:   %s %-21s %s %,d bytes, %d entries", image.arch(),
              layer.name(), layer.digest(), layer.size(), layer.entries()));
        }
      }
      if (push) {
        RegistryReference target = RegistryReference.parse(to);
        RegistryPusher.Result pushed = RegistryPusher.push(new ImageLocation.Layout(layout, REFERENCE), target,
            RegistryOptions.fromEnvironment(System.getenv(), target.apiAuthority()).withInsecure(insecure),
            RegistryPusher.Options.defaults());
        getLog().info("basalt: pushed " + pushed.target().display() + "@" + pushed.digest());
      }
    } catch (BasaltException e) {
      throw new MojoFailureException("basalt: " + e.getMessage(), e);
    } catch (IllegalArgumentException | MainClassFinder.NotFoundException | ApplicationLayers.UnusableInputException e) {
      throw new MojoFailureException("basalt: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new MojoExecutionException("basalt: " + e.getMessage(), e);
    }
  }

  private Path artifactFile() {
    File file = project.getArtifact() == null ? null : project.getArtifact().getFile();
    return file == null ? null : file.toPath();
  }

  private List<ApplicationLayers.Dependency> dependencies() throws ApplicationLayers.UnusableInputException {
    List<ApplicationLayers.Dependency> list = new ArrayList<>();
    for (Artifact a : project.getArtifacts()) {
      if (a.getArtifactHandler() != null && !a.getArtifactHandler().isAddedToClasspath()) {
        continue;
      }
      if (a.getFile() == null) {
        throw new ApplicationLayers.UnusableInputException("dependency " + a.getId() + " was not resolved to a file");
      }
      list.add(new ApplicationLayers.Dependency(a.getFile().toPath(), a.getGroupId(), a.isSnapshot()));
    }
    return list;
  }

  /** An image name from the artifact id: lowercase, anything else than letters, digits, '.', '_', '-' as '-'. */
  static String imageName(String artifactId) {
    String name = artifactId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
    return name.matches("[a-z0-9].*") ? name : "app-" + name;
  }
}
