package dev.basalt.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.basalt.cache.Digest;
import dev.basalt.testkit.Bombs;
import dev.basalt.testkit.TestImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input reaching the command line is refused with a message naming the input and the
 * part at fault, the right exit code and no stack trace.
 */
class HostileInputTest {
  @TempDir Path dir;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void auditRefusesALayerWhoseTarIsCorrupt() throws Exception {
    byte[] tar = tar("etc/passwd", "root:x:0:0::/root:/usr/sbin/nologin\n");
    tar[148] = '9'; // the header checksum no longer matches
    Path layout = TestImage.linux("amd64").config(c -> c.put("User", "65532")).rawLayer(tar)
        .writeLayout(dir.resolve("corrupt"), "v1");

    assertThat(run("audit", "oci:" + layout + ":v1")).isEqualTo(2);
    assertThat(err.toString()).startsWith("basalt: error: oci:" + layout + ":v1: cannot read layer blobs/sha256/")
        .endsWith(": Corrupted TAR archive.\n");
    assertNoStackTrace();
  }

  @Test
  void auditRefusesALayerWhoseTarIsTruncated() throws Exception {
    byte[] tar = tar("etc/passwd", "x".repeat(4000));
    Path layout = TestImage.linux("amd64").rawLayer(Arrays.copyOf(tar, 1024)).writeLayout(dir.resolve("short"), "v1");

    assertThat(run("audit", layout.toString())).isEqualTo(2);
    assertThat(err.toString()).startsWith("basalt: error: oci:" + layout + ": cannot read layer blobs/sha256/")
        .contains("Truncated TAR archive");
    assertNoStackTrace();
  }

  @Test
  void auditReportsAnEntryClimbingOutOfTheRootAsFatalNamingIt() throws Exception {
    Path layout = TestImage.linux("amd64").config(c -> c.put("User", "65532"))
        .layer(l -> l.raw("../../etc/cron.d/evil", "* * * * * root sh\n")).writeLayout(dir.resolve("climb"), "v1");

    assertThat(run("audit", layout.toString())).isEqualTo(1);
    assertThat(out.toString()).contains("FATAL").contains("../../etc/cron.d/evil");
    assertNoStackTrace();
  }

  @Test
  void auditRefusesAGzipBombLayerQuicklyNamingLayerAndLimit() throws Exception {
    Path layout = bombLayout(dir.resolve("bomb"));

    assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThat(run("audit", layout.toString())).isEqualTo(2));
    assertThat(err.toString()).startsWith("basalt: error: oci:" + layout + ": cannot read layer blobs/sha256/")
        .contains(" expands more than 200-fold (")
        .contains("refused as a decompression bomb; if the input is genuine, raise the limit with "
            + "BASALT_MAX_UNPACKED_BYTES / BASALT_MAX_EXPANSION_RATIO");
    assertNoStackTrace();
  }

  @Test
  void buildRefusesMalformedYamlNamingFileAndLine() throws Exception {
    Path spec = dir.resolve("bad.yaml");
    Files.writeString(spec, "name: bad\ncontents:\n  packages: [libc6\n  exclude: []\n");

    assertThat(run("build", spec.toString())).isEqualTo(2);
    assertThat(err.toString()).startsWith("basalt: error: " + spec + ":");
    assertThat(out.toString()).isEmpty();
    assertNoStackTrace();
  }

  @Test
  void buildRefusesASpecOfTheWrongShapeNamingFileLineAndKey() throws Exception {
    Path spec = dir.resolve("shape.yaml");
    Files.writeString(spec, "name: shape\narchs: amd64\ncontents:\n  packages: [libc6]\n");

    assertThat(run("build", spec.toString())).isEqualTo(2);
    assertThat(err.toString()).startsWith("basalt: error: " + spec + ":2: ");
    assertNoStackTrace();
  }

  private void assertNoStackTrace() {
    assertThat(err.toString()).doesNotContain("internal error").doesNotContain("\tat ").doesNotContain("Exception");
  }

  private static byte[] tar(String name, String content) throws IOException {
    byte[] data = content.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      TarArchiveEntry e = new TarArchiveEntry(name);
      e.setSize(data.length);
      e.setMode(0100644);
      tar.putArchiveEntry(e);
      tar.write(data);
      tar.closeArchiveEntry();
    }
    return bytes.toByteArray();
  }

  /** A layout whose only layer is 1 GiB of zeros as gzip; its diff id is never reached. */
  private static Path bombLayout(Path layout) throws IOException {
    Path blobs = Files.createDirectories(layout.resolve("blobs/sha256"));
    byte[] layer = Bombs.zeros(Bombs.Format.GZIP);
    Digest layerDigest = put(blobs, layer);
    byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"User\":\"65532\"},\"rootfs\":"
        + "{\"type\":\"layers\",\"diff_ids\":[\"" + Digest.of(new byte[0]) + "\"]}}").getBytes(StandardCharsets.UTF_8);
    Digest configDigest = put(blobs, config);
    byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
        + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest
        + "\",\"size\":" + config.length + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\","
        + "\"digest\":\"" + layerDigest + "\",\"size\":" + layer.length + "}]}").getBytes(StandardCharsets.UTF_8);
    Digest manifestDigest = put(blobs, manifest);
    Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    Files.writeString(layout.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":"
        + "\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + manifestDigest + "\",\"size\":"
        + manifest.length + "}]}");
    return layout;
  }

  private static Digest put(Path blobs, byte[] bytes) throws IOException {
    Digest d = Digest.of(bytes);
    Files.write(blobs.resolve(d.hex()), bytes);
    return d;
  }
}
