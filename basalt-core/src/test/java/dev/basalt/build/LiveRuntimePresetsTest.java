package dev.basalt.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.basalt.audit.AuditReport;
import dev.basalt.audit.Auditor;
import dev.basalt.audit.ImageAuditor;
import dev.basalt.audit.Level;
import dev.basalt.audit.TextReport;
import dev.basalt.cache.BlobStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.image.FileInspector;
import dev.basalt.image.FlatFile;
import dev.basalt.image.FlatFilesystem;
import dev.basalt.image.ImageLocation;
import dev.basalt.image.ImageSource;
import dev.basalt.image.LayerApplier;
import dev.basalt.image.SourceImage;
import dev.basalt.check.StructureTestRunner;
import dev.basalt.check.StructureTests;
import dev.basalt.check.TestReports;
import dev.basalt.check.TestResult;
import dev.basalt.run.ContainerRunner;
import dev.basalt.sbom.ImageSboms;
import dev.basalt.sbom.SbomFormat;
import dev.basalt.cache.Downloader;
import dev.basalt.oci.Compression;
import dev.basalt.spec.SpecLoader;
import dev.basalt.testkit.ImageRunner;
import dev.basalt.testkit.LiveArchive;
import dev.basalt.testkit.Trees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime presets built from the real archive and run with runc as 65532, read-only root,
 * no capabilities, no network: real programs prove the maintainer-script effects basalt
 * produced (alternatives, trust stores, linker cache) work.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveRuntimePresetsTest {
  static final long MIB = 1024 * 1024;
  /** Unpacked root file systems for basalt run, kept between runs as a user's cache is (outside temp dirs: their links point out). */
  static final Path RUN_CACHE = Path.of(System.getProperty("basalt.cache", "target/test-cache"), "run");

  @TempDir Path dir;
  Downloader downloader;

  @BeforeAll
  void cache() {
    downloader = new Downloader(new BlobStore(Path.of(System.getProperty("basalt.cache", "target/test-cache"), "live")));
  }

  @AfterAll
  void close() {
    downloader.close();
  }

  private Path bundle(String preset, List<String> sizeCheck) throws Exception {
    String missing = ImageRunner.missingTools();
    assumeTrue(missing == null, () -> "runtime test skipped: " + missing);
    ResolveStep.Options resolve = new ResolveStep.Options(List.of("amd64"), ResolveStep.LockMode.NONE, null, downloader,
        LiveArchive.requireMirrors(), Clock.systemUTC(), m -> {});
    Path out = dir.resolve(preset);
    BuildStep.Result r = BuildStep.run(SpecLoader.load(LiveArchive.presets().resolve(preset + ".yaml")),
        new BuildStep.Options(resolve, out, null, Compression.GZIP, Map.of()));
    BuildStep.ArchImage amd64 = r.images().get(0);
    System.out.printf("[live] %s amd64: %d bytes compressed, %d uncompressed, %d packages%n", preset,
        amd64.compressedSize(), amd64.uncompressedSize(), amd64.packages());
    if (!sizeCheck.isEmpty()) {
      assertThat(amd64.compressedSize()).as(preset + " amd64 compressed").isLessThanOrEqualTo(Long.parseLong(sizeCheck.get(0)) * MIB);
    }
    assertAuditedFromDisk(out, preset);
    assertPresetTestsPass(out, preset);
    return ImageRunner.unpack(out, "latest", "amd64", dir.resolve("work-" + preset));
  }

  /**
   * The written image, read back and audited as any third-party image would be, has no fatal or
   * warn finding; base-debug has exactly its shell, which its spec waives for the build.
   */
  static void assertAuditedFromDisk(Path layout, String preset) throws Exception {
    assertSbomsListTheDpkgStatus(layout, preset);
    for (AuditReport report : ImageAuditor.audit(ImageLocation.parse("oci:" + layout + ":latest"), null,
        Auditor.Policy.NONE, Instant.now())) {
      System.out.printf("[live] audit %s %s: %s%n", preset, report.arch(), TextReport.summary(report));
      List<String> failing = report.failing(Level.WARN).stream().map(f -> f.rule().id()).toList();
      assertThat(failing).as(preset + " " + report.arch() + " warn/fatal findings")
          .isEqualTo(preset.equals("base-debug") ? List.of("shell") : List.of());
    }
  }

  /** The preset's own structure tests (tests: in its spec) pass on the amd64 image, commands run by basalt run. */
  static void assertPresetTestsPass(Path layout, String preset) throws Exception {
    if (ImageRunner.missingTools() != null || !ContainerRunner.hostArch().equals("amd64")) {
      return; // commands need runc on an amd64 host; the other checks run in every case below
    }
    StructureTests tests = SpecLoader.load(LiveArchive.presets().resolve(preset + ".yaml")).tests();
    assertThat(tests.count()).as(preset + " ships tests").isGreaterThan(5);
    List<TestResult> results = StructureTestRunner.run(ImageLocation.parse("oci:" + layout + ":latest"), "amd64", tests,
        RUN_CACHE);
    System.out.print("[live] " + TestReports.text(preset, results));
    assertThat(TestReports.failures(results)).as(TestReports.text(preset, results)).isZero();
  }

  /** Each platform's attached SBOMs (both formats) list exactly the packages of its /var/lib/dpkg/status.d. */
  static void assertSbomsListTheDpkgStatus(Path layout, String preset) throws Exception {
    ObjectMapper json = new ObjectMapper();
    try (ImageSource source = ImageSource.open(ImageLocation.parse("oci:" + layout + ":latest"))) {
      for (SourceImage image : source.images()) {
        FlatFilesystem files = LayerApplier.flatten(source, image, FileInspector.NONE);
        Set<String> status = new TreeSet<>();
        for (FlatFile f : files.below("/var/lib/dpkg/status.d")) {
          if (!f.path().endsWith(".md5sums")) {
            status.add(f.path().substring("/var/lib/dpkg/status.d/".length()));
          }
        }
        assertThat(status).as(preset + " status.d").isNotEmpty();
        for (SbomFormat format : SbomFormat.values()) {
          byte[] doc = ImageSboms.sbom(ImageLocation.parse("oci:" + layout + ":latest"), image.arch(), format).document();
          Set<String> listed = new TreeSet<>();
          JsonNode root = json.readTree(doc);
          for (JsonNode p : root.path(format == SbomFormat.SPDX ? "packages" : "components")) {
            String purl = format == SbomFormat.SPDX ? p.path("externalRefs").path(0).path("referenceLocator").asText()
                : p.path("purl").asText();
            if (purl.startsWith("pkg:deb/")) {
              listed.add(p.get("name").asText());
            }
          }
          assertThat(listed).as(preset + " " + image.arch() + " " + format.id() + " packages").isEqualTo(status);
          assertThat(format == SbomFormat.SPDX ? dev.basalt.sbom.SbomSchemas.spdxErrors(doc)
              : dev.basalt.sbom.SbomSchemas.cycloneDxErrors(doc)).as(preset + " " + format.id() + " schema").isEmpty();
        }
      }
    }
  }

  private static void assertNoShell(Path bundle) throws Exception {
    assertThat(ImageRunner.run(bundle, List.of("/bin/sh", "-c", "true")).exitCode()).as("/bin/sh must not start").isNotZero();
  }

  @Test
  void javaRunsTrustsTheCaBundleAndHasNoShell() throws Exception {
    Path bundle = bundle("java", List.of("70"));
    ImageRunner.Result version = ImageRunner.run(bundle, List.of("/usr/bin/java", "-version"));
    assertThat(version.exitCode()).as(version.stderr()).isZero();
    assertThat(version.stderr()).contains("openjdk version \"21");

    ImageRunner.Result keytool = ImageRunner.run(bundle, List.of("/usr/bin/keytool", "-list", "-cacerts", "-storepass", "changeit"));
    assertThat(keytool.exitCode()).as(keytool.stdout() + keytool.stderr()).isZero();
    long entries = keytool.stdout().lines().filter(l -> l.contains("trustedCertEntry")).count();
    assertThat(entries).isGreaterThan(100);

    Path classes = Files.createDirectories(dir.resolve("tls-classes"));
    Path source = classes.resolve("CaCount.java");
    Files.writeString(source, """
        import javax.net.ssl.*;
        import java.security.KeyStore;
        public class CaCount {
          public static void main(String[] a) throws Exception {
            TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            f.init((KeyStore) null);
            SSLContext.getInstance("TLS").init(null, f.getTrustManagers(), null);
            System.out.println(((X509TrustManager) f.getTrustManagers()[0]).getAcceptedIssuers().length);
          }
        }
        """);
    assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17", "-d", classes.toString(),
        source.toString())).isZero();
    ImageRunner.Result tls = ImageRunner.run(bundle, List.of("/usr/bin/java", "-cp", "/test", "CaCount"), Map.of(classes, "/test"));
    assertThat(tls.exitCode()).as(tls.stderr()).isZero();
    assertThat(Long.parseLong(tls.stdout().trim())).isEqualTo(entries);
    assertNoShell(bundle);
  }

  @Test
  void java25RunsWithItsOwnTrustStore() throws Exception {
    Path bundle = bundle("java25", List.of());
    ImageRunner.Result version = ImageRunner.run(bundle, List.of("/usr/bin/java", "-version"));
    assertThat(version.exitCode()).as(version.stderr()).isZero();
    assertThat(version.stderr()).contains("openjdk version \"25");
    ImageRunner.Result keytool = ImageRunner.run(bundle, List.of("/usr/bin/keytool", "-list", "-cacerts", "-storepass", "changeit"));
    assertThat(keytool.stdout().lines().filter(l -> l.contains("trustedCertEntry")).count()).isGreaterThan(100);
    assertNoShell(bundle);
  }

  @Test
  void pythonImportsItsNativeModulesAndLoadsTheCaBundle() throws Exception {
    Path bundle = bundle("python", List.of("20"));
    String program = "import ssl, sqlite3, json, zlib, ctypes, os, locale\n"
        + "locale.setlocale(locale.LC_ALL, 'C.UTF-8')\n"
        + "ctx = ssl.create_default_context()\n"
        + "ctypes.CDLL('libssl.so.3')\n"
        + "print(ctx.cert_store_stats()['x509_ca'], os.getuid(), sqlite3.sqlite_version, json.dumps([1]))\n";
    ImageRunner.Result r = ImageRunner.run(bundle, List.of("/usr/bin/python3", "-c", program));
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    String[] words = r.stdout().trim().split(" ");
    assertThat(Integer.parseInt(words[0])).isGreaterThan(100);
    assertThat(words[1]).isEqualTo("65532");
    assertThat(ImageRunner.run(bundle, List.of("/usr/bin/python", "-c", "print(1)")).exitCode()).isZero();
    assertNoShell(bundle);
  }

  @Test
  void nodeSeesTheRootCertificatesAndHashes() throws Exception {
    Path bundle = bundle("node", List.of("45"));
    String program = "const tls = require('tls'); const crypto = require('crypto');"
        + "console.log(tls.rootCertificates.length, process.getuid(), crypto.createHash('sha256').update('basalt').digest('hex'))";
    ImageRunner.Result r = ImageRunner.run(bundle, List.of("/usr/bin/node", "-e", program));
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    String[] words = r.stdout().trim().split(" ");
    assertThat(Integer.parseInt(words[0])).isGreaterThan(100);
    assertThat(words[1]).isEqualTo("65532");
    assertThat(words[2]).isEqualTo(dev.basalt.cache.Digest.of("basalt".getBytes(java.nio.charset.StandardCharsets.UTF_8)).hex());
    assertThat(ImageRunner.run(bundle, List.of("/usr/bin/npm", "--version")).exitCode()).as("no npm").isNotZero();
    assertNoShell(bundle);
  }

  @Test
  void baseDebugHasAShellForDebugging() throws Exception {
    Path bundle = bundle("base-debug", List.of());
    ImageRunner.Result r = ImageRunner.run(bundle, List.of("/bin/sh", "-c", "echo debug-$((1+1))"));
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.stdout().trim()).isEqualTo("debug-2");
  }

  /** basalt run itself (no skopeo, no umoci): the process is confined as the runtime profile says. */
  @Test
  void basaltRunConfinesTheProcessAsTheProfileSays() throws Exception {
    bundle("base-debug", List.of());
    Path layout = dir.resolve("base-debug");
    Path out = Files.createDirectories(dir.resolve("run-out"));
    Files.setPosixFilePermissions(out, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
    Path cache = RUN_CACHE;
    int code = ContainerRunner.run(ImageLocation.parse("oci:" + layout + ":latest"), new ContainerRunner.Options("amd64",
        false, List.of(ContainerRunner.Volume.parse(out + ":/out")), Map.of(), List.of("/usr/bin/busybox", "sh", "-c",
        "grep -E '^(Uid|CapEff|NoNewPrivs|Seccomp):' /proc/self/status > /out/status; "
            + "touch /root-write 2>/dev/null && echo yes > /out/root || echo no > /out/root; "
            + "touch /tmp/x && echo yes > /out/tmp; /usr/lib64/ld-linux-x86-64.so.2 --version > /out/ld; exit 7"), false),
        cache);
    assertThat(code).isEqualTo(7);
    assertThat(Files.readString(out.resolve("status")).lines().map(l -> l.replaceAll("\\s+", " ")).toList())
        .containsExactly("Uid: 65532 65532 65532 65532", "CapEff: 0000000000000000", "NoNewPrivs: 1", "Seccomp: 2");
    assertThat(Files.readString(out.resolve("root")).trim()).isEqualTo("no");
    assertThat(Files.readString(out.resolve("tmp")).trim()).isEqualTo("yes");
    assertThat(Files.readString(out.resolve("ld"))).startsWith("ld.so (Debian GLIBC 2.");
  }

  /** The unprivileged account .ci/run makes, with subordinate ids in /etc/subuid and /etc/subgid. */
  static final String ROOTLESS_USER = "basalt-rootless";

  /**
   * basalt run started by an unprivileged user: runc's rootless mode with the user's
   * subordinate ids, the process confined exactly as when root runs it, and the image's files
   * owned inside as the image says.
   */
  @Test
  void basaltRunAsAnUnprivilegedUserConfinesTheProcessTheSameWay() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "rootless run test skipped: the test starts basalt as "
        + ROOTLESS_USER + " and so must run as root");
    String[] account = Files.readAllLines(Path.of("/etc/passwd")).stream().filter(l -> l.startsWith(ROOTLESS_USER + ":"))
        .map(l -> l.split(":")).findFirst().orElse(null);
    assumeTrue(account != null, () -> "rootless run test skipped: no user " + ROOTLESS_USER + " (.ci/run makes it)");
    for (String tool : List.of("setpriv", "newuidmap", "newgidmap", "unshare")) {
      assumeTrue(Stream.of(System.getenv("PATH").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, tool))),
          () -> "rootless run test skipped: " + tool + " is not installed (.ci/run installs uidmap)");
    }
    int uid = Integer.parseInt(account[2]);
    int gid = Integer.parseInt(account[3]);
    bundle("base-debug", List.of());
    Path shared = Files.createTempDirectory("basalt-rootless-");
    try {
      Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
      Trees.copyTree(dir.resolve("base-debug"), shared.resolve("image"));
      // The test's class path, readable by the unprivileged user (the Maven repository may not be).
      List<String> classPath = new ArrayList<>();
      int n = 0;
      for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
        Path from = Path.of(entry);
        if (Files.exists(from)) {
          Path to = shared.resolve("cp").resolve(n++ + "-" + from.getFileName());
          Trees.copyTree(from, to);
          classPath.add(to.toString());
        }
      }
      readableByAll(shared);
      Path cache = Files.createDirectories(shared.resolve("cache"));
      Files.setAttribute(cache, "unix:uid", uid);
      Files.setAttribute(cache, "unix:gid", gid);
      Path out = Files.createDirectories(shared.resolve("out"));
      Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxrwxrwx"));
      ProcessBuilder pb = new ProcessBuilder("setpriv", "--reuid=" + uid, "--regid=" + gid, "--init-groups",
          Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", String.join(":", classPath),
          "dev.basalt.run.RunMain", "oci:" + shared.resolve("image") + ":latest", cache.toString(), out + ":/out",
          "/usr/bin/busybox", "sh", "-c",
          "grep -E '^(Uid|CapEff|NoNewPrivs|Seccomp):' /proc/self/status > /out/status; "
              + "touch /root-write 2>/dev/null && echo yes > /out/root || echo no > /out/root; "
              + "touch /tmp/x && echo yes > /out/tmp; stat -c '%n %u:%g %a' /home/nonroot /etc/passwd /tmp > /out/owners; "
              + "/usr/lib64/ld-linux-x86-64.so.2 --version > /out/ld; exit 7")
          .directory(shared.toFile()).redirectErrorStream(true);
      pb.environment().put("HOME", shared.toString());
      Process p = pb.start();
      String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(p.waitFor()).as(output).isEqualTo(7);
      assertThat(output).contains("rootless: container root is uid " + uid);
      assertThat(Files.readString(out.resolve("status")).lines().map(l -> l.replaceAll("\\s+", " ")).toList())
          .containsExactly("Uid: 65532 65532 65532 65532", "CapEff: 0000000000000000", "NoNewPrivs: 1", "Seccomp: 2");
      assertThat(Files.readString(out.resolve("root")).trim()).isEqualTo("no");
      assertThat(Files.readString(out.resolve("tmp")).trim()).isEqualTo("yes");
      assertThat(Files.readString(out.resolve("owners")).lines().toList())
          .containsExactly("/home/nonroot 65532:65532 700", "/etc/passwd 0:0 644", "/tmp 0:0 1777");
      assertThat(Files.readString(out.resolve("ld"))).startsWith("ld.so (Debian GLIBC 2.");
    } finally {
      dev.basalt.fs.OutputSwap.deleteTree(shared);
    }
  }

  /** Directories 0755 and files 0644, so that another user can read what a test copied. */
  private static void readableByAll(Path root) throws Exception {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.toList()) {
        if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        } else if (!Files.isSymbolicLink(p)) {
          Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
        }
      }
    }
  }
}
