package dev.basalt.testkit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Gate and runner for tests that check basalt's output with another tool (skopeo,
 * oci-image-tool, GNU tar): without the tool the test is skipped with the reason, printed so the
 * skip is visible in the build log.
 */
public final class ExternalTool {
  private static final long TIMEOUT_SECONDS = 120;

  private final Path executable;

  private ExternalTool(Path executable) {
    this.executable = executable;
  }

  /** What a run printed and how it ended. */
  public record Result(int exitCode, String stdout, String stderr) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
    }
  }

  /** Skips the calling test unless {@code /usr/bin/<name>} (or {@code /bin/<name>}) exists. */
  public static ExternalTool require(String name) {
    return find(name, name, List.of("/usr/bin", "/bin", "/usr/local/bin"));
  }

  /** Skips the calling test unless the system tool {@code /usr/sbin/<name>} (or {@code /sbin/<name>}) of {@code pkg} exists. */
  public static ExternalTool requireSystem(String name, String pkg) {
    return find(name, pkg, List.of("/usr/sbin", "/sbin"));
  }

  private static ExternalTool find(String name, String pkg, List<String> dirs) {
    for (String dir : dirs) {
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p)) {
        return new ExternalTool(p);
      }
    }
    String reason = name + " is not installed (apt-get install " + pkg + "); the check with it is skipped";
    System.err.println("[skipped] " + reason);
    assumeTrue(false, reason);
    throw new AssertionError("unreachable");
  }

  /** Skips the calling test unless {@code executable} exists (a tool of another JDK, say). */
  public static ExternalTool requireAt(Path executable) {
    if (Files.isExecutable(executable)) {
      return new ExternalTool(executable);
    }
    String reason = executable + " is not installed; the check with it is skipped";
    System.err.println("[skipped] " + reason);
    assumeTrue(false, reason);
    throw new AssertionError("unreachable");
  }

  /** Where the tool is, for a test that runs it as a long-lived process (a server). */
  public Path executable() {
    return executable;
  }

  /** Runs the tool with {@code args}, without a shell, and waits for it. */
  public Result run(String... args) throws IOException, InterruptedException {
    return run(TIMEOUT_SECONDS, args);
  }

  /** Runs the tool with {@code args}, allowing it {@code timeoutSeconds}. */
  public Result run(long timeoutSeconds, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(executable.toString());
    command.addAll(List.of(args));
    Path out = Files.createTempFile("tool-", ".out");
    Path err = Files.createTempFile("tool-", ".err");
    try {
      Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(command + " did not finish within " + timeoutSeconds + " s");
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
