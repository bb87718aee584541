package dev.basalt.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.testkit.LiveArchive;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same lock built twice, once here and once in another JVM (another JDK when one is
 * installed) with another cache directory and umask 077, must give the same index digest.
 */
class ReproducibleBuildTest {
  static final Path OTHER_JDK = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"base", "python", "java"})
  void aLockedBuildIsBitForBitTheSameAcrossJdkCacheAndUmask(String preset) throws Exception {
    LiveArchive.requireMirrors();
    Path spec = dir.resolve(preset + ".yaml");
    Files.copy(LiveArchive.presets().resolve(preset + ".yaml"), spec);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertThat(Main.run(new PrintWriter(out), new PrintWriter(err), "lock", spec.toString())).as(err.toString()).isZero();
    out.getBuffer().setLength(0);
    assertThat(Main.run(new PrintWriter(out), new PrintWriter(err), "build", spec.toString(), "--out",
        dir.resolve("out-a").toString(), "--json")).as(err.toString()).isZero();
    String here = new ObjectMapper().readTree(out.toString()).get("digest").asText();

    Path java = Files.isExecutable(OTHER_JDK) ? OTHER_JDK : Path.of(System.getProperty("java.home"), "bin", "java");
    assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh to set the umask");
    String command = "umask 077 && exec \"$0\" -cp \"$1\" dev.basalt.cli.Main build \"$2\" --out \"$3\" --json";
    ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", command, java.toString(),
        System.getProperty("java.class.path"), spec.toString(), dir.resolve("out-b").toString());
    pb.environment().put("BASALT_CACHE", dir.resolve("other-cache").toString());
    pb.environment().remove("SOURCE_DATE_EPOCH");
    pb.redirectErrorStream(false);
    Process p = pb.start();
    String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(600, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(stderr).isZero();
    String there = new ObjectMapper().readTree(stdout).get("digest").asText();
    System.out.println("[reproducible] " + preset + " " + here + " (this JVM) and " + there + " (" + java + ", umask 077, other cache)");
    assertThat(there).isEqualTo(here);
    assertThat(stderr).contains("using lock file " + dir.resolve(preset + ".lock.json"));
    assertThat(List.of(here, there)).allMatch(d -> d.startsWith("sha256:"));
  }
}
