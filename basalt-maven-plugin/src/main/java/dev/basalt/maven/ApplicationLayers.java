package dev.basalt.maven;

import dev.basalt.layer.AppLayer;
import dev.basalt.layer.LayerSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Jib's split of a Java application into layers, ordered from what changes least to what
 * changes most, so that a rebuild after an edit changes only the top layer: release
 * dependencies, snapshot dependencies, resources (every non-class file of the output
 * directory), classes. Empty layers are left out. Everything is owned by root with the
 * default modes, so the runtime user can read but never change the application.
 */
final class ApplicationLayers {
  static final String APP = "/app";
  static final String LIBS = APP + "/libs";
  static final String RESOURCES = APP + "/resources";
  static final String CLASSES = APP + "/classes";
  /** The JVM's class path in the image, resources first so that they can shadow a library's. */
  static final String CLASS_PATH = RESOURCES + ":" + CLASSES + ":" + LIBS + "/*";

  static final String DEPENDENCIES = "dependencies";
  static final String SNAPSHOT_DEPENDENCIES = "snapshot-dependencies";
  static final String RESOURCES_LAYER = "resources";
  static final String CLASSES_LAYER = "classes";

  private ApplicationLayers() {}

  /** A runtime dependency's file, its group (to tell apart two files of the same name) and whether it is a snapshot. */
  record Dependency(Path file, String groupId, boolean snapshot) {
    Dependency {
      Objects.requireNonNull(file, "file == null");
      Objects.requireNonNull(groupId, "groupId == null");
    }
  }

  /** Why the project cannot be layered as it is; the message says what to do. */
  static final class UnusableInputException extends Exception {
    private static final long serialVersionUID = 1L;

    UnusableInputException(String message) {
      super(message);
    }
  }

  /** The layers for {@code dependencies} (in class-path order) and the compiled {@code outputDirectory}. */
  static List<AppLayer> of(List<Dependency> dependencies, Path outputDirectory) throws IOException, UnusableInputException {
    List<LayerSource> releases = new ArrayList<>();
    List<LayerSource> snapshots = new ArrayList<>();
    Map<String, Integer> nameCount = new HashMap<>();
    for (Dependency d : dependencies) {
      nameCount.merge(d.file().getFileName().toString(), 1, Integer::sum);
    }
    for (Dependency d : dependencies) {
      if (!Files.isRegularFile(d.file())) {
        throw new UnusableInputException("dependency " + d.file() + " is not a file (a reactor module that was compiled"
            + " but not packaged?); run the build up to the package phase");
      }
      String name = d.file().getFileName().toString();
      String target = LIBS + "/" + (nameCount.get(name) > 1 ? d.groupId() + "-" + name : name);
      (d.snapshot() ? snapshots : releases).add(LayerSource.of(d.file(), target));
    }
    List<LayerSource> resources = new ArrayList<>();
    List<LayerSource> classes = new ArrayList<>();
    if (outputDirectory != null && Files.isDirectory(outputDirectory)) {
      List<Path> files;
      try (Stream<Path> walk = Files.walk(outputDirectory)) {
        files = walk.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
      }
      for (Path file : files) {
        String relative = outputDirectory.relativize(file).toString().replace(java.io.File.separatorChar, '/');
        boolean isClass = relative.endsWith(".class");
        (isClass ? classes : resources).add(LayerSource.of(file, (isClass ? CLASSES : RESOURCES) + "/" + relative));
      }
    }
    List<AppLayer> layers = new ArrayList<>();
    add(layers, DEPENDENCIES, releases);
    add(layers, SNAPSHOT_DEPENDENCIES, snapshots);
    add(layers, RESOURCES_LAYER, resources);
    add(layers, CLASSES_LAYER, classes);
    return layers;
  }

  private static void add(List<AppLayer> layers, String name, List<LayerSource> sources) {
    if (!sources.isEmpty()) {
      layers.add(new AppLayer(name, sources));
    }
  }

  /** {@code java <jvmFlags> -cp <class path> <mainClass>}: the image's entrypoint; the program's arguments go in Cmd. */
  static List<String> entrypoint(String java, List<String> jvmFlags, String mainClass) {
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(jvmFlags);
    command.add("-cp");
    command.add(CLASS_PATH);
    command.add(mainClass);
    return command;
  }
}
