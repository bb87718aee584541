package dev.basalt.check;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A spec's {@code tests:}, with container-structure-test's meanings: the config's metadata,
 * files that must (not) exist with a mode and owner, file contents that must match or must not,
 * and commands run in the image with their exit code and output. Null fields are not checked.
 */
public record StructureTests(Metadata metadata, List<FileTest> files, List<ContentTest> fileContents,
    List<CommandTest> commands) {
  public static final StructureTests NONE = new StructureTests(null, List.of(), List.of(), List.of());

  public StructureTests {
    files = List.copyOf(files);
    fileContents = List.copyOf(fileContents);
    commands = List.copyOf(commands);
  }

  public boolean isEmpty() {
    return metadata == null && files.isEmpty() && fileContents.isEmpty() && commands.isEmpty();
  }

  public int count() {
    return (metadata == null ? 0 : 1) + files.size() + fileContents.size() + commands.size();
  }

  public record Metadata(String user, List<String> entrypoint, List<String> cmd, Map<String, String> env,
      String workdir) {
    public Metadata {
      entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
      cmd = cmd == null ? null : List.copyOf(cmd);
      env = env == null ? Map.of() : Map.copyOf(env);
    }
  }

  /** {@code exists} false: the path must lead nowhere; else mode, uid and gid of what it leads to. */
  public record FileTest(String path, boolean exists, Integer mode, Long uid, Long gid) {
    public FileTest {
      Objects.requireNonNull(path, "path == null");
    }
  }

  /** Regular expressions (multi-line: ^ and $ match at lines) the file must contain, and must not. */
  public record ContentTest(String path, List<String> matches, List<String> excludes) {
    public ContentTest {
      Objects.requireNonNull(path, "path == null");
      matches = List.copyOf(matches);
      excludes = List.copyOf(excludes);
    }
  }

  /** A program run in the image; {@code stdout} and {@code stderr} list expressions that must be found. */
  public record CommandTest(String name, List<String> args, Integer exitCode, List<String> stdout, List<String> stderr) {
    public CommandTest {
      Objects.requireNonNull(name, "name == null");
      args = List.copyOf(args);
      stdout = List.copyOf(stdout);
      stderr = List.copyOf(stderr);
    }
  }
}
