package dev.basalt.testkit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A tmpfs of a few MiB mounted on a test directory, to run out of space on purpose. Mounting
 * needs root (CAP_SYS_ADMIN); where it is not permitted the calling test is skipped, saying why.
 */
public final class SmallTmpfs implements AutoCloseable {
  private final Path mountPoint;

  private SmallTmpfs(Path mountPoint) {
    this.mountPoint = mountPoint;
  }

  /** Mounts a tmpfs of {@code kib} KiB on {@code mountPoint} (created if absent), or skips the test. */
  public static SmallTmpfs mount(Path mountPoint, int kib) throws IOException, InterruptedException {
    Files.createDirectories(mountPoint);
    Result r = run("mount", "-t", "tmpfs", "-o", "size=" + kib + "k,mode=0755", "tmpfs", mountPoint.toString());
    if (r.code != 0) {
      String reason = "cannot mount a tmpfs here (needs root): " + r.output.strip() + "; the disk-full check is skipped";
      System.err.println("[skipped] " + reason);
      assumeTrue(false, reason);
    }
    return new SmallTmpfs(mountPoint);
  }

  public Path path() {
    return mountPoint;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    Result r = run("umount", mountPoint.toString());
    if (r.code != 0) {
      // Files the build mapped into memory stay busy until collected: detach it lazily.
      r = run("umount", "-l", mountPoint.toString());
    }
    if (r.code != 0) {
      throw new IOException("umount " + mountPoint + " failed: " + r.output);
    }
  }

  private record Result(int code, String output) {}

  private static Result run(String... command) throws IOException, InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      return new Result(-1, e.getMessage());
    }
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return new Result(-1, command[0] + " timed out");
    }
    return new Result(p.exitValue(), output);
  }
}
