package dev.basalt.layer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.audit.AuditReport;
import dev.basalt.audit.Auditor;
import dev.basalt.audit.ImageAuditor;
import dev.basalt.audit.Level;
import dev.basalt.build.BuildStep;
import dev.basalt.cache.Digest;
import dev.basalt.debian.MirrorResolver;
import dev.basalt.image.ImageLocation;
import dev.basalt.image.ImageSource;
import dev.basalt.image.SourceImage;
import dev.basalt.sbom.ImageSboms;
import dev.basalt.sbom.SbomFormat;
import dev.basalt.spec.SpecLoader;
import dev.basalt.testkit.FixtureImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A spec with {@code from:} built end to end on a two-arch base that basalt built from the signed
 * fixture archive on loopback: both platforms layered alike, the result audited from disk like
 * any image, its SBOMs listing the base's packages and the added files, its provenance the base
 * and every file with its SHA-256.
 */
class FixtureLayeringTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void aLayeredSpecOnAFixtureBaseBuildsAuditsAndAccountsForEveryFile() throws Exception {
    BuildStep.Result base = FixtureImages.twoArch(dir.resolve("base"));
    Path app = Files.createDirectories(dir.resolve("app/build/libs"));
    Files.writeString(app.resolve("app.jar"), "the application");
    Files.writeString(app.resolve("README"), "not selected");
    Path spec = dir.resolve("app/hello.yaml");
    Files.writeString(spec, """
        name: hello
        from: oci:%s
        layers:
          - name: app
            files:
              - {src: build/libs, dest: /app/lib, glob: "*.jar"}
        entrypoint: [/app/lib/app.jar]
        user: "65532"
        ports: ["8080"]
        """.formatted(base.layout()));
    assertThat(SpecLoader.isLayered(spec)).isTrue();
    Path out = dir.resolve("out/hello");
    LayerEnvironment env = new LayerEnvironment(dir.resolve("cache"), new MirrorResolver(Map.of(), Map.of(),
        dir.resolve("none"), dir.resolve("none")), Map.of(), null, m -> {});
    LayerResult r = LayeredImageBuilder.build(LayeredSpecs.request(SpecLoader.loadLayered(spec), out, List.of()), env);

    assertThat(r.baseDigest()).isEqualTo(base.digest());
    assertThat(r.images()).extracting(LayerResult.ArchImage::arch).containsExactly("amd64", "arm64");
    assertThat(r.images().get(0).added().get(0).digest()).isEqualTo(r.images().get(1).added().get(0).digest());
    Digest jar = Digest.of("the application".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    try (ImageSource written = ImageSource.open(ImageLocation.parse("oci:" + out + ":latest"));
        ImageSource original = ImageSource.open(ImageLocation.parse("oci:" + base.layout()))) {
      for (int i = 0; i < 2; i++) {
        SourceImage image = written.images().get(i);
        SourceImage from = original.images().get(i);
        assertThat(image.layers().subList(0, from.layers().size())).extracting(SourceImage.LayerBlob::digest)
            .isEqualTo(from.layers().stream().map(SourceImage.LayerBlob::digest).toList());
        assertThat(image.layers()).hasSize(from.layers().size() + 1);
        assertThat(image.config().user()).isEqualTo("65532");
        assertThat(image.config().exposedPorts()).containsExactly("8080/tcp");
      }
    }
    for (AuditReport report : ImageAuditor.audit(ImageLocation.parse("oci:" + out + ":latest"), null,
        Auditor.Policy.NONE, Instant.now())) {
      assertThat(report.failing(Level.WARN)).as(report.arch()).isEmpty();
    }

    JsonNode spdx = JSON.readTree(ImageSboms.sbom(ImageLocation.parse("oci:" + out + ":latest"), "amd64",
        SbomFormat.SPDX).document());
    List<String> packages = new ArrayList<>();
    spdx.path("packages").forEach(p -> packages.add(p.path("name").asText()));
    assertThat(packages).contains("base-files", "ca-certificates", "libc6");
    Map<String, String> files = new TreeMap<>();
    spdx.path("files").forEach(f -> f.path("checksums").forEach(c -> {
      if (c.path("algorithm").asText().equals("SHA256")) {
        files.put(f.path("fileName").asText(), c.path("checksumValue").asText());
      }
    }));
    assertThat(files).isEqualTo(Map.of("./app/lib/app.jar", jar.hex()));

    JsonNode deps = r.provenance().predicate().path("buildDefinition").path("resolvedDependencies");
    Map<String, String> resolved = new TreeMap<>();
    deps.forEach(d -> resolved.put(d.path("uri").asText(), d.path("digest").path("sha256").asText()));
    try (ImageSource original = ImageSource.open(ImageLocation.parse("oci:" + base.layout()))) {
      assertThat(resolved).isEqualTo(Map.of(
          "oci:" + base.layout(), base.digest().hex(),
          "oci:" + base.layout() + "@linux/amd64", original.images().get(0).manifest().hex(),
          "oci:" + base.layout() + "@linux/arm64/v8", original.images().get(1).manifest().hex(),
          "file:/app/lib/app.jar", jar.hex()));
    }
    assertThat(r.provenance().subjects()).hasSize(3);
    // The Pod it is meant to run in, beside the image, as a build writes one.
    assertThat(Files.readString(out.resolve("hello.runtime.yaml"))).contains("  name: hello\n",
        "image: hello@" + r.digest(), "readOnlyRootFilesystem: true", "runAsUser: 65532", "runAsGroup: 65532");
  }

  @Test
  void whenBothPlatformsFailTheFirstIsReportedAndNothingIsLeftBehind() throws Exception {
    BuildStep.Result base = FixtureImages.twoArch(dir.resolve("base"));
    Path tool = Files.writeString(dir.resolve("tool"), "elevate");
    Path out = dir.resolve("out/hello");
    LayerRequest r = LayerRequest.builder("hello", "oci:" + base.layout(), out)
        .layer(AppLayer.of("tools", LayerSource.of(tool, "/app/tool").withFileMode(04755))).build();
    LayerEnvironment env = new LayerEnvironment(dir.resolve("cache"), new MirrorResolver(Map.of(), Map.of(),
        dir.resolve("none"), dir.resolve("none")), Map.of(), null, m -> {});

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> LayeredImageBuilder.build(r, env))
        .isInstanceOf(LayerAuditException.class)
        .hasMessageStartingWith("the amd64 image of hello fails the audit");
    assertThat(out).doesNotExist();
    try (var siblings = Files.list(out.getParent())) {
      assertThat(siblings.map(p -> p.getFileName().toString())).isEmpty();
    }
  }
}
