package dev.basalt.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code basalt build} as a process of its own (the CLI's main class on this test's class path),
 * with its own cache and output directory, so that a test can kill it with SIGKILL or run
 * several at once.
 */
final class BuildProcess {
  private BuildProcess() {}

  /** What a build in this JVM printed and its exit code. */
  record Outcome(int code, String stdout, String stderr) {}

  /**
   * Runs {@code basalt ARGS} in this JVM with {@code cache} as basalt's cache (the property is
   * restored afterwards; tests in this module run one at a time).
   */
  static Outcome runInProcess(Path cache, String... args) {
    java.io.StringWriter stdout = new java.io.StringWriter();
    java.io.StringWriter stderr = new java.io.StringWriter();
    String saved = System.getProperty("basalt.cache");
    System.setProperty("basalt.cache", cache.toString());
    try {
      int code = Main.run(new PrintWriter(stdout, true), new PrintWriter(stderr, true), args);
      return new Outcome(code, stdout.toString(), stderr.toString());
    } finally {
      if (saved == null) {
        System.clearProperty("basalt.cache");
      } else {
        System.setProperty("basalt.cache", saved);
      }
    }
  }

  /** Starts a build of {@code spec} from {@code mirror}; its stdout (--json) goes to {@code log}, stderr too. */
  static Process start(Path spec, String mirror, Path cache, Path out, Path log) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
        "-cp", System.getProperty("java.class.path"),
        "-Dbasalt.cache=" + cache,
        "-Dbasalt.readTimeout=20",
        Main.class.getName(), "build", spec.toString(), "--mirror", mirror, "--out", out.toString(), "--json"));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }
}
