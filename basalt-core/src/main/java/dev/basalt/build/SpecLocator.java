package dev.basalt.build;

import dev.basalt.spec.SpecException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Finds a spec given as a path or as the name of a shipped preset ({@code presets/<name>.yaml}). */
public final class SpecLocator {
  /** System property naming basalt's home (the directory holding {@code presets/}). */
  public static final String HOME_PROPERTY = "basalt.home";
  private static final Pattern PRESET_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");

  private SpecLocator() {}

  public static Path locate(String arg) throws SpecException {
    Path asPath = Path.of(arg);
    if (Files.isRegularFile(asPath)) {
      return asPath;
    }
    Path presets = presetsDir();
    if (PRESET_NAME.matcher(arg).matches() && presets != null) {
      Path preset = presets.resolve(arg + ".yaml");
      if (Files.isRegularFile(preset)) {
        return preset;
      }
    }
    List<String> names = presetNames();
    throw new SpecException("no spec file '" + arg + "' and no shipped preset of that name"
        + (names.isEmpty() ? "" : "; presets: " + String.join(", ", names)));
  }

  /** The shipped presets' directory, or null when basalt's home is unknown. */
  public static Path presetsDir() {
    String home = System.getProperty(HOME_PROPERTY);
    return home == null ? null : Path.of(home, "presets");
  }

  public static List<String> presetNames() {
    Path dir = presetsDir();
    List<String> names = new ArrayList<>();
    if (dir == null || !Files.isDirectory(dir)) {
      return names;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.yaml")) {
      files.forEach(f -> names.add(f.getFileName().toString().replaceFirst("\\.yaml$", "")));
    } catch (IOException e) {
      return names;
    }
    names.sort(null);
    return names;
  }
}
