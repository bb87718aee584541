package dev.basalt.cli;

import java.io.IOException;
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
