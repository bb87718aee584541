package dev.basalt.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.image.ImageLocation;
import dev.basalt.run.ContainerRunner;
import dev.basalt.testkit.TestImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StructureTestRunnerTest {
  @TempDir Path dir;

  private Path layout() throws Exception {
    return TestImage.linux("amd64")
        .config(c -> {
          c.put("User", "65532");
          c.putArray("Entrypoint").add("/usr/bin/app");
          c.putArray("Env").add("LANG=C.UTF-8");
        })
        .layer(l -> l.dir("/etc", 0755).file("/usr/lib/os-release", "ID=debian\nVERSION_CODENAME=trixie\n", 0644)
            .symlink("/etc/os-release", "../usr/lib/os-release").dir("/tmp", 01777)
            .file("/usr/lib64/ld-linux-x86-64.so.2", "ELF", 0755))
        .writeLayout(dir.resolve("img"), null);
  }

  @Test
  void metadataFilesAndContentsAreReadFromTheImage() throws Exception {
    StructureTests tests = new StructureTests(
        new StructureTests.Metadata("65532", List.of("/usr/bin/app"), null, Map.of("LANG", "C.UTF-8"), null),
        List.of(new StructureTests.FileTest("/tmp", true, 01777, 0L, 0L),
            new StructureTests.FileTest("/bin/sh", false, null, null, null),
            new StructureTests.FileTest("${ld.so}", true, 0755, null, null)),
        List.of(new StructureTests.ContentTest("/etc/os-release", List.of("^ID=debian$"), List.of("^ID=ubuntu"))),
        List.of());
    List<TestResult> results = StructureTestRunner.run(ImageLocation.parse(layout().toString()), "amd64", tests, dir);
    assertThat(results).extracting(TestResult::name).containsExactly("metadata", "/tmp exists", "/bin/sh does not exist",
        "/usr/lib64/ld-linux-x86-64.so.2 exists", "/etc/os-release contents");
    assertThat(results).allMatch(TestResult::passed);
  }

  @Test
  void failuresSayWhatWasExpectedAndWhatWasFound() throws Exception {
    StructureTests tests = new StructureTests(
        new StructureTests.Metadata("0", null, null, Map.of("LANG", "C"), null),
        List.of(new StructureTests.FileTest("/tmp", true, 0755, null, null),
            new StructureTests.FileTest("/etc/os-release", false, null, null, null),
            new StructureTests.FileTest("/usr/bin/java", true, null, null, null)),
        List.of(new StructureTests.ContentTest("/etc/os-release", List.of("^ID=alpine$"), List.of("trixie"))),
        List.of());
    List<TestResult> results = StructureTestRunner.run(ImageLocation.parse(layout().toString()), "amd64", tests, dir);
    assertThat(results).noneMatch(TestResult::passed);
    assertThat(results).extracting(TestResult::expected, TestResult::actual).containsExactly(
        org.assertj.core.groups.Tuple.tuple("user 0; env LANG C", "user 65532; env LANG C.UTF-8"),
        org.assertj.core.groups.Tuple.tuple("mode 0755", "directory /tmp mode 1777 uid 0 gid 0"),
        org.assertj.core.groups.Tuple.tuple("nothing at /etc/os-release", "file /usr/lib/os-release mode 0644 uid 0 gid 0"),
        org.assertj.core.groups.Tuple.tuple("/usr/bin/java present", "nothing at /usr/bin/java"),
        org.assertj.core.groups.Tuple.tuple("matches [^ID=alpine$], excludes [trixie]",
            "no match for /^ID=alpine$/; unwanted match for /trixie/"));
    String text = TestReports.text("img", results);
    assertThat(text).contains("  FAIL files: /usr/bin/java exists\n       expected: /usr/bin/java present\n"
        + "       actual:   nothing at /usr/bin/java\n").endsWith("img: 0 passed, 5 failed\n");
    assertThat(TestReports.junit("img", results)).contains("<testsuite name=\"img\" tests=\"5\" failures=\"5\"",
        "<failure message=\"expected /usr/bin/java present\">");
    assertThat(TestReports.json("img", results)).startsWith("{\"image\":\"img\",\"passed\":0,\"failed\":5,");
  }

  @Test
  void commandResultsAreJudgedByExitCodeAndOutput() {
    StructureTests.CommandTest t = new StructureTests.CommandTest("java runs", List.of("java", "-version"), 0,
        List.of(), List.of("openjdk version \"21"));
    assertThat(StructureTestRunner.command(t, new ContainerRunner.Captured(0, "", "openjdk version \"21.0.9\""), 0.1)
        .passed()).isTrue();
    TestResult failed = StructureTestRunner.command(t, new ContainerRunner.Captured(1, "", "Error: no java"), 0.1);
    assertThat(failed.expected()).isEqualTo("exit code 0, stderr [openjdk version \"21]");
    assertThat(failed.actual()).isEqualTo("exit code 1; stderr has no match for /openjdk version \"21/\nstdout: \n"
        + "stderr: Error: no java");
  }

  @Test
  void variablesExpandPerArchitecture() {
    StructureTests t = new StructureTests(null, List.of(new StructureTests.FileTest("/usr/lib/${triplet}/libc.so.6", true,
        null, null, null)), List.of(), List.of(new StructureTests.CommandTest("ld", List.of("${ld.so}", "--version"), 0,
        List.of(), List.of())));
    StructureTests arm = StructureTestRunner.expand(t, "arm64");
    assertThat(arm.files().get(0).path()).isEqualTo("/usr/lib/aarch64-linux-gnu/libc.so.6");
    assertThat(arm.commands().get(0).args()).containsExactly("/usr/lib/ld-linux-aarch64.so.1", "--version");
  }
}
