package dev.basalt.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.layer.AppLayer;
import dev.basalt.layer.LayerSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApplicationLayersTest {
  @TempDir Path dir;

  private Path file(String relative) throws Exception {
    Path f = dir.resolve(relative);
    Files.createDirectories(f.getParent());
    Files.writeString(f, relative);
    return f;
  }

  @Test
  void fourLayersFromLeastToMostOftenChangedEachOwnedByRootWithDefaultModes() throws Exception {
    Path gson = file("repo/gson-2.10.1.jar");
    Path snap = file("repo/util-1.0-SNAPSHOT.jar");
    Path classes = dir.resolve("classes");
    Path app = file("classes/a/App.class");
    Path inner = file("classes/a/App$Reply.class");
    Path props = file("classes/app.properties");
    Path nested = file("classes/a/greeting.txt");
    List<AppLayer> layers = ApplicationLayers.of(List.of(new ApplicationLayers.Dependency(gson, "com.google.code.gson",
        false), new ApplicationLayers.Dependency(snap, "org.example", true)), classes);
    assertThat(layers).containsExactly(
        AppLayer.of("dependencies", LayerSource.of(gson, "/app/libs/gson-2.10.1.jar")),
        AppLayer.of("snapshot-dependencies", LayerSource.of(snap, "/app/libs/util-1.0-SNAPSHOT.jar")),
        AppLayer.of("resources", LayerSource.of(nested, "/app/resources/a/greeting.txt"),
            LayerSource.of(props, "/app/resources/app.properties")),
        AppLayer.of("classes", LayerSource.of(inner, "/app/classes/a/App$Reply.class"),
            LayerSource.of(app, "/app/classes/a/App.class")));
    assertThat(layers.get(0).sources().get(0).uid()).isZero();
    assertThat(layers.get(0).sources().get(0).fileMode()).isNull();
  }

  @Test
  void emptyLayersAreLeftOut() throws Exception {
    Path classes = dir.resolve("classes");
    Path app = file("classes/App.class");
    assertThat(ApplicationLayers.of(List.of(), classes)).containsExactly(
        AppLayer.of("classes", LayerSource.of(app, "/app/classes/App.class")));
    assertThat(ApplicationLayers.of(List.of(), dir.resolve("missing"))).isEmpty();
  }

  @Test
  void twoDependencyFilesOfTheSameNameAreToldApartByGroup() throws Exception {
    Path one = file("one/core-1.0.jar");
    Path two = file("two/core-1.0.jar");
    List<AppLayer> layers = ApplicationLayers.of(List.of(new ApplicationLayers.Dependency(one, "org.one", false),
        new ApplicationLayers.Dependency(two, "org.two", false)), null);
    assertThat(layers).containsExactly(AppLayer.of("dependencies",
        LayerSource.of(one, "/app/libs/org.one-core-1.0.jar"), LayerSource.of(two, "/app/libs/org.two-core-1.0.jar")));
  }

  @Test
  void aDependencyThatIsADirectoryIsRefusedSayingWhy() throws Exception {
    Path classesDir = Files.createDirectories(dir.resolve("module/target/classes"));
    assertThatThrownBy(() -> ApplicationLayers.of(List.of(new ApplicationLayers.Dependency(classesDir, "g", false)), null))
        .isInstanceOf(ApplicationLayers.UnusableInputException.class)
        .hasMessage("dependency " + classesDir + " is not a file (a reactor module that was compiled but not packaged?);"
            + " run the build up to the package phase");
  }

  @Test
  void theEntrypointIsJavaWithItsFlagsTheClassPathAndTheMainClass() {
    assertThat(ApplicationLayers.entrypoint("/usr/bin/java", List.of("-Xmx64m", "-Dx=y"), "a.App")).containsExactly(
        "/usr/bin/java", "-Xmx64m", "-Dx=y", "-cp", "/app/resources:/app/classes:/app/libs/*", "a.App");
  }

  @Test
  void imageNamesComeFromTheArtifactId() {
    assertThat(BuildMojo.imageName("java-app")).isEqualTo("java-app");
    assertThat(BuildMojo.imageName("My_App")).isEqualTo("my_app");
    assertThat(BuildMojo.imageName("_x+y")).isEqualTo("app-_x-y");
  }
}
