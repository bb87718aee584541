package dev.basalt.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainClassFinderTest {
  @TempDir Path dir;

  private Path compile(String... sources) throws Exception {
    Path src = Files.createDirectories(dir.resolve("src"));
    Path classes = Files.createDirectories(dir.resolve("classes"));
    List<String> args = new ArrayList<>(List.of("--release", "17", "-d", classes.toString()));
    for (int i = 0; i < sources.length; i += 2) {
      Path file = src.resolve(sources[i]);
      Files.createDirectories(file.getParent());
      Files.writeString(file, sources[i + 1]);
      args.add(file.toString());
    }
    assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(String[]::new))).isZero();
    return classes;
  }

  /** Near misses: not public, not static, wrong return type, wrong parameter; plus eight-byte constants (two pool slots). */
  private static final String NOT_MAIN = "package a; public class Helper {"
      + " static void main(String[] x) {} static final long BIG = 1L << 40; static final double D = 2.5; }"
      + " class NotStatic { public void main(String... x) {} }"
      + " class ReturnsInt { public static int main(String[] x) { return 0; } }"
      + " class TakesOneString { public static void main(String x) {} }";

  @Test
  void theOneClassWithPublicStaticVoidMainIsChosenByScanning() throws Exception {
    Path classes = compile("a/Helper.java", NOT_MAIN,
        "a/b/Server.java", "package a.b; public class Server { public static void main(String[] args) {"
            + " System.out.println(\"x\" + args.length); } static class Inner {} }");
    assertThat(MainClassFinder.classesWithMain(classes)).containsExactly("a.b.Server");
    assertThat(MainClassFinder.find(null, classes)).isEqualTo("a.b.Server");
  }

  @Test
  void aNestedClassIsNamedAsTheLauncherWantsIt() throws Exception {
    Path classes = compile("p/Outer.java", "package p; public class Outer { public static class Cli {"
        + " public static void main(String[] a) {} } }");
    assertThat(MainClassFinder.find(null, classes)).isEqualTo("p.Outer$Cli");
  }

  @Test
  void theJarManifestWinsOverScanning() throws Exception {
    Path classes = compile("a/One.java", "package a; public class One { public static void main(String[] a) {} }",
        "a/Two.java", "package a; public class Two { public static void main(String[] a) {} }");
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "a.Two");
    Path jar = dir.resolve("app.jar");
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, manifest)) {
      j.flush();
    }
    assertThat(MainClassFinder.find(jar, classes)).isEqualTo("a.Two");
  }

  @Test
  void severalOrNoMainsAreAClearErrorSayingWhatToConfigure() throws Exception {
    Path classes = compile("a/One.java", "package a; public class One { public static void main(String[] a) {} }",
        "a/Two.java", "package a; public class Two { public static void main(String[] a) {} }");
    Path jarWithoutMain = dir.resolve("plain.jar");
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    try (OutputStream out = Files.newOutputStream(jarWithoutMain); JarOutputStream j = new JarOutputStream(out, manifest)) {
      j.flush();
    }
    assertThatThrownBy(() -> MainClassFinder.find(jarWithoutMain, classes))
        .isInstanceOf(MainClassFinder.NotFoundException.class)
        .hasMessage("several classes in " + classes + " declare public static void main(String[]) (a.One, a.Two);"
            + " choose one with <mainClass> in the plugin's configuration");
    Path helperOnly = compile("a/Helper.java", NOT_MAIN);
    Files.delete(helperOnly.resolve("a/One.class"));
    Files.delete(helperOnly.resolve("a/Two.class"));
    assertThatThrownBy(() -> MainClassFinder.find(null, helperOnly))
        .isInstanceOf(MainClassFinder.NotFoundException.class)
        .hasMessage("no main class: the jar manifest has no Main-Class and no class in " + helperOnly
            + " declares public static void main(String[]); set <mainClass> in the plugin's configuration");
  }

  @Test
  void aDamagedClassFileIsNamed() throws Exception {
    Path classes = Files.createDirectories(dir.resolve("bad"));
    Files.write(classes.resolve("Broken.class"), new byte[] {1, 2, 3, 4, 5});
    assertThatThrownBy(() -> MainClassFinder.classesWithMain(classes))
        .hasMessage("cannot read the class file " + classes.resolve("Broken.class") + ": not a class file (bad magic number)");
  }
}
