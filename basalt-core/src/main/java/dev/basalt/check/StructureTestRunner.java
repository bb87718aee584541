package dev.basalt.check;

import dev.basalt.BasaltException;
import dev.basalt.image.ConfigView;
import dev.basalt.image.FileInspector;
import dev.basalt.image.FlatFile;
import dev.basalt.image.FlatFilesystem;
import dev.basalt.image.ImageLocation;
import dev.basalt.image.ImageReadException;
import dev.basalt.image.ImageSource;
import dev.basalt.image.LayerApplier;
import dev.basalt.image.SourceImage;
import dev.basalt.run.ContainerRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Runs structure tests against an image on disk: metadata from its config, files and contents
 * from its flattened layers (symlinks followed inside the image), commands through
 * {@link ContainerRunner} under the image's runtime profile.
 */
public final class StructureTestRunner {
  private StructureTestRunner() {}

  static final int MAX_CONTENT = 16 << 20;

  /**
   * What {@code ${arch}}, {@code ${triplet}} and {@code ${ld.so}} stand for in test paths and
   * arguments, so one spec's tests hold for each of its architectures.
   */
  static final Map<String, Map<String, String>> VARIABLES = Map.of(
      "amd64", Map.of("arch", "amd64", "triplet", "x86_64-linux-gnu", "ld.so", "/usr/lib64/ld-linux-x86-64.so.2"),
      "arm64", Map.of("arch", "arm64", "triplet", "aarch64-linux-gnu", "ld.so", "/usr/lib/ld-linux-aarch64.so.1"));

  /** {@code tests} with the variables of {@code arch} expanded. */
  static StructureTests expand(StructureTests tests, String arch) {
    Map<String, String> vars = VARIABLES.getOrDefault(arch, Map.of("arch", arch));
    java.util.function.UnaryOperator<String> x = s -> {
      String out = s;
      for (Map.Entry<String, String> v : vars.entrySet()) {
        out = out.replace("${" + v.getKey() + "}", v.getValue());
      }
      return out;
    };
    return new StructureTests(tests.metadata(),
        tests.files().stream().map(f -> new StructureTests.FileTest(x.apply(f.path()), f.exists(), f.mode(), f.uid(),
            f.gid())).toList(),
        tests.fileContents().stream().map(c -> new StructureTests.ContentTest(x.apply(c.path()), c.matches(),
            c.excludes())).toList(),
        tests.commands().stream().map(c -> new StructureTests.CommandTest(c.name(), c.args().stream().map(x).toList(),
            c.exitCode(), c.stdout(), c.stderr())).toList());
  }

  public static List<TestResult> run(ImageLocation location, String arch, StructureTests specTests, Path cacheRoot)
      throws BasaltException {
    List<TestResult> results = new ArrayList<>();
    StructureTests tests = specTests;
    String runArch;
    FlatFilesystem files;
    ConfigView config;
    try (ImageSource source = ImageSource.open(location)) {
      SourceImage image = source.images(arch != null ? arch : hostArch(source)).get(0);
      runArch = image.arch();
      tests = expand(specTests, runArch);
      config = image.config();
      files = LayerApplier.flatten(source, image, FileInspector.NONE);
      Set<String> wanted = new HashSet<>();
      for (StructureTests.ContentTest t : tests.fileContents()) {
        String real = files.realPath(t.path());
        if (real != null) {
          wanted.add(real);
        }
      }
      if (!wanted.isEmpty()) {
        files = LayerApplier.flatten(source, image, (path, size, in) -> wanted.contains(path) && size <= MAX_CONTENT
            ? new FileInspector.Inspection(Set.of(), in.readNBytes((int) size)) : FileInspector.Inspection.NOTHING);
      }
    } catch (IOException e) {
      throw new ImageReadException("cannot close " + location.display() + ": " + e.getMessage(), e);
    }
    if (tests.metadata() != null) {
      results.add(metadata(tests.metadata(), config));
    }
    for (StructureTests.FileTest t : tests.files()) {
      results.add(file(t, files));
    }
    for (StructureTests.ContentTest t : tests.fileContents()) {
      results.add(content(t, files));
    }
    for (StructureTests.CommandTest t : tests.commands()) {
      long start = System.nanoTime();
      ContainerRunner.Captured c = ContainerRunner.runCaptured(location,
          new ContainerRunner.Options(runArch, false, List.of(), Map.of(), t.args(), false), cacheRoot);
      results.add(command(t, c, (System.nanoTime() - start) / 1e9));
    }
    return results;
  }

  private static String hostArch(ImageSource source) {
    String host = ContainerRunner.hostArch();
    return source.images().stream().anyMatch(i -> i.arch().equals(host)) ? host : null;
  }

  static TestResult metadata(StructureTests.Metadata m, ConfigView c) {
    List<String> expected = new ArrayList<>();
    List<String> actual = new ArrayList<>();
    compare("user", m.user(), c.user(), expected, actual);
    compare("entrypoint", m.entrypoint(), c.entrypoint(), expected, actual);
    compare("cmd", m.cmd(), c.cmd(), expected, actual);
    compare("workdir", m.workdir(), c.workingDir(), expected, actual);
    for (Map.Entry<String, String> e : m.env().entrySet()) {
      compare("env " + e.getKey(), e.getValue(), c.envValue(e.getKey()), expected, actual);
    }
    return expected.isEmpty() ? TestResult.pass("metadata", "metadata", 0)
        : TestResult.fail("metadata", "metadata", String.join("; ", expected), String.join("; ", actual), 0);
  }

  private static void compare(String what, Object want, Object got, List<String> expected, List<String> actual) {
    if (want != null && !Objects.equals(want, got)) {
      expected.add(what + " " + want);
      actual.add(what + " " + got);
    }
  }

  static TestResult file(StructureTests.FileTest t, FlatFilesystem files) {
    String name = t.path() + (t.exists() ? " exists" : " does not exist");
    FlatFile f = files.resolve(t.path());
    if (!t.exists()) {
      return f == null ? TestResult.pass("files", name, 0) : TestResult.fail("files", name, "nothing at " + t.path(),
          describe(f), 0);
    }
    if (f == null) {
      return TestResult.fail("files", name, t.path() + " present", "nothing at " + t.path(), 0);
    }
    boolean ok = (t.mode() == null || t.mode() == f.mode()) && (t.uid() == null || t.uid() == f.uid())
        && (t.gid() == null || t.gid() == f.gid());
    String expected = (t.mode() == null ? "" : String.format("mode %04o ", t.mode()))
        + (t.uid() == null ? "" : "uid " + t.uid() + " ") + (t.gid() == null ? "" : "gid " + t.gid());
    return ok ? TestResult.pass("files", name, 0) : TestResult.fail("files", name, expected.trim(), describe(f), 0);
  }

  private static String describe(FlatFile f) {
    return f.type().name().toLowerCase() + " " + f.path() + String.format(" mode %04o uid %d gid %d", f.mode(), f.uid(),
        f.gid());
  }

  static TestResult content(StructureTests.ContentTest t, FlatFilesystem files) {
    String name = t.path() + " contents";
    FlatFile f = files.resolve(t.path());
    if (f == null || !f.isRegular() || f.content() == null) {
      return TestResult.fail("file-contents", name, "a readable file at " + t.path(),
          f == null ? "nothing" : f.isRegular() ? "a file over 16 MiB" : "a " + f.type().name().toLowerCase(), 0);
    }
    String text = new String(f.content(), StandardCharsets.UTF_8);
    List<String> problems = new ArrayList<>();
    for (String re : t.matches()) {
      if (!find(re, text)) {
        problems.add("no match for /" + re + "/");
      }
    }
    for (String re : t.excludes()) {
      if (find(re, text)) {
        problems.add("unwanted match for /" + re + "/");
      }
    }
    return problems.isEmpty() ? TestResult.pass("file-contents", name, 0)
        : TestResult.fail("file-contents", name, "matches " + t.matches() + ", excludes " + t.excludes(),
            String.join("; ", problems), 0);
  }

  static TestResult command(StructureTests.CommandTest t, ContainerRunner.Captured c, double seconds) {
    List<String> problems = new ArrayList<>();
    if (t.exitCode() != null && t.exitCode() != c.exitCode()) {
      problems.add("exit code " + c.exitCode());
    }
    for (String re : t.stdout()) {
      if (!find(re, c.stdout())) {
        problems.add("stdout has no match for /" + re + "/");
      }
    }
    for (String re : t.stderr()) {
      if (!find(re, c.stderr())) {
        problems.add("stderr has no match for /" + re + "/");
      }
    }
    if (problems.isEmpty()) {
      return TestResult.pass("commands", t.name(), seconds);
    }
    String expected = (t.exitCode() == null ? "" : "exit code " + t.exitCode())
        + (t.stdout().isEmpty() ? "" : ", stdout " + t.stdout()) + (t.stderr().isEmpty() ? "" : ", stderr " + t.stderr());
    return TestResult.fail("commands", t.name(), expected.replaceFirst("^, ", ""),
        String.join("; ", problems) + "\nstdout: " + abbreviate(c.stdout()) + "\nstderr: " + abbreviate(c.stderr()),
        seconds);
  }

  private static String abbreviate(String s) {
    String t = s.strip();
    return t.length() > 2000 ? t.substring(0, 2000) + "..." : t;
  }

  private static boolean find(String regex, String text) {
    try {
      return Pattern.compile(regex, Pattern.MULTILINE).matcher(text).find();
    } catch (PatternSyntaxException e) {
      return false;
    }
  }
}
