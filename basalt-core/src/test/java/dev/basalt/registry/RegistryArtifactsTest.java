package dev.basalt.registry;

import static dev.basalt.registry.RegistryPushPullTest.BLOBS;
import static dev.basalt.registry.RegistryPushPullTest.blob;
import static dev.basalt.registry.RegistryPushPullTest.options;
import static dev.basalt.registry.RegistryPushPullTest.ref;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.build.BuildStep;
import dev.basalt.cache.Digest;
import dev.basalt.image.ImageLocation;
import dev.basalt.image.ImageSource;
import dev.basalt.oci.Descriptor;
import dev.basalt.oci.ImageManifest;
import dev.basalt.oci.MediaTypes;
import dev.basalt.oci.OciLayoutWriter;
import dev.basalt.sbom.ImageSboms;
import dev.basalt.sbom.SbomFormat;
import dev.basalt.testkit.FaultProxy;
import dev.basalt.testkit.FixtureImages;
import dev.basalt.testkit.RegistryServer;
import dev.basalt.testkit.Trees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What travels with an image: cosign's tag-scheme entries pushed under their tags, and the SBOMs
 * a build attached, read back from a docker:// reference through the registry's referrers.
 */
class RegistryArtifactsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path shared;
  static RegistryServer registry;
  static BuildStep.Result built;
  static Path layout;
  @TempDir Path dir;

  @BeforeAll
  static void startRegistryAndBuild() throws Exception {
    registry = RegistryServer.in(Files.createDirectories(shared.resolve("registry"))).start();
    built = FixtureImages.twoArch(shared.resolve("build"));
    layout = built.layout();
  }

  @AfterAll
  static void stopRegistry() throws Exception {
    if (registry != null) {
      registry.close();
    }
  }

  RegistryPusher.Options pushOptions() {
    return new RegistryPusher.Options(1 << 20, 1 << 20, BlobSightings.none());
  }

  @Test
  void cosignTagSchemeEntriesArePushedUnderTheirTagsAfterTheImage() throws Exception {
    Path signed = dir.resolve("signed");
    Trees.copyTree(layout, signed); // the build's output is a symlink to its last complete result
    OciLayoutWriter writer = new OciLayoutWriter(signed);
    Descriptor payload = writer.writeBlob(("{\"critical\":{\"image\":{\"docker-manifest-digest\":\"" + built.digest()
        + "\"}}}").getBytes(java.nio.charset.StandardCharsets.UTF_8), "application/vnd.dev.cosign.simplesigning.v1+json")
        .withAnnotations(Map.of("dev.cosignproject.cosign/signature", "MEUCIQ=="));
    Descriptor config = writer.writeBlob("{\"architecture\":\"\",\"os\":\"\"}".getBytes(
        java.nio.charset.StandardCharsets.UTF_8), MediaTypes.OCI_CONFIG);
    Descriptor signature = writer.writeBlob(ImageManifest.of(config, List.of(payload), null).toJson(),
        MediaTypes.OCI_MANIFEST);
    String tag = "sha256-" + built.digest().hex() + ".sig";
    com.fasterxml.jackson.databind.node.ObjectNode index =
        (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(signed.resolve("index.json").toFile());
    ((com.fasterxml.jackson.databind.node.ArrayNode) index.get("manifests")).addObject()
        .put("mediaType", MediaTypes.OCI_MANIFEST).put("digest", signature.digest().toString())
        .put("size", signature.size()).putObject("annotations").put("org.opencontainers.image.ref.name", tag);
    // An entry tagged for content that is not pushed is left out.
    ((com.fasterxml.jackson.databind.node.ArrayNode) index.get("manifests")).addObject()
        .put("mediaType", MediaTypes.OCI_MANIFEST).put("digest", signature.digest().toString())
        .put("size", signature.size()).putObject("annotations")
        .put("org.opencontainers.image.ref.name", "sha256-" + "0".repeat(64) + ".sig");
    Files.write(signed.resolve("index.json"), JSON.writeValueAsBytes(index));

    RegistryPusher.Result r = RegistryPusher.push(new ImageLocation.Layout(signed, null),
        ref(registry.authority(), "basalt/signed:1"), options(), pushOptions());
    // The tag, a fallback tag per platform and one for the root (its provenance), then the signature.
    assertThat(r.tags()).hasSize(5).startsWith("1").endsWith(tag);
    assertThat(r.blobsUploaded()).isEqualTo(BLOBS + 2);
    RegistryClient client = RegistryClient.forPull(ref(registry.authority(), "basalt/signed"), options());
    assertThat(client.manifestDigest(tag)).contains(signature.digest());
    assertThat(client.manifestDigest("sha256-" + "0".repeat(64) + ".sig")).isEmpty();
    assertThat(client.fetchManifest(tag).bytes()).isEqualTo(blob(signed, signature.digest()));
  }

  @Test
  void theSbomABuildAttachedIsReadFromTheRegistrysReferrers() throws Exception {
    RegistryPusher.push(new ImageLocation.Layout(layout, null), ref(registry.authority(), "basalt/sbom:1"), options(),
        pushOptions());
    System.setProperty(RegistryOptions.INSECURE_PROPERTY, registry.authority());
    try {
      ImageSboms.Result spdx = ImageSboms.sbom(ImageLocation.parse("docker://" + registry.authority() + "/basalt/sbom:1"),
          "arm64", SbomFormat.of("spdx"));
      assertThat(spdx.attached()).isTrue();
      assertThat(spdx.document()).isEqualTo(Files.readAllBytes(layout.resolve("sbom/app-arm64.spdx.json")));
    } finally {
      System.clearProperty(RegistryOptions.INSECURE_PROPERTY);
    }
  }

  /**
   * On a registry with the OCI 1.1 referrers API (docker-registry 2.8 behind a proxy that adds it,
   * as the distribution spec describes), the push detects it, writes no fallback tag, and
   * readers find the SBOMs through the API.
   */
  @Test
  void onARegistryWithTheReferrersApiNoFallbackTagIsWrittenAndReadersAskTheApi() throws Exception {
    try (FaultProxy proxy = new FaultProxy(registry.port()).withReferrersApi()) {
      RegistryPusher.Result r = RegistryPusher.push(new ImageLocation.Layout(layout, null),
          ref(proxy.authority(), "basalt/api:1"), options(), pushOptions());
      assertThat(r.referrers()).isEqualTo(RegistryPusher.ReferrersMode.API);
      assertThat(r.tags()).containsExactly("1");
      RegistryClient direct = RegistryClient.forPull(ref(registry.authority(), "basalt/api"), options());
      assertThat(direct.manifestDigest(Referrers.fallbackTag(built.digest()))).isEmpty();
      for (BuildStep.ArchImage image : built.images()) {
        Digest platform = image.manifest().digest();
        assertThat(direct.manifestDigest(Referrers.fallbackTag(platform))).isEmpty();
        // Both SBOM documents of each platform, listed by the API with their artifact types.
        assertThat(Referrers.of(RegistryClient.forPull(ref(proxy.authority(), "basalt/api"), options()), platform)
            .stream().map(Descriptor::artifactType).toList())
            .containsExactlyInAnyOrder(SbomFormat.of("spdx").mediaType(), SbomFormat.of("cyclonedx").mediaType());
      }
      proxy.clearLog();
      System.setProperty(RegistryOptions.INSECURE_PROPERTY, proxy.authority());
      try {
        ImageSboms.Result cdx = ImageSboms.sbom(ImageLocation.parse("docker://" + proxy.authority() + "/basalt/api:1"),
            "amd64", SbomFormat.of("cyclonedx"));
        assertThat(cdx.attached()).isTrue();
        assertThat(cdx.document()).isEqualTo(Files.readAllBytes(layout.resolve("sbom/app-amd64.cdx.json")));
      } finally {
        System.clearProperty(RegistryOptions.INSECURE_PROPERTY);
      }
      assertThat(proxy.requests()).anyMatch(q -> q.path().startsWith("/v2/basalt/api/referrers/sha256:"))
          .noneMatch(q -> q.path().contains("/manifests/sha256-"));
    }
  }

  /** Pulled with its attachments through the referrers API: the SBOM referrers land in the layout, untagged, intact. */
  @Test
  void attachmentsArePulledThroughTheReferrersApiIntoTheLayout() throws Exception {
    try (FaultProxy proxy = new FaultProxy(registry.port()).withReferrersApi()) {
      RegistryReference target = ref(proxy.authority(), "basalt/attached:1");
      RegistryPusher.push(new ImageLocation.Layout(layout, null), target, options(), pushOptions());
      Path pulled = dir.resolve("pulled");
      RegistryPuller.Result image = RegistryPuller.pull(target, pulled, "1", options(), BlobSightings.none());
      RegistryPuller.Attachments a = RegistryPuller.pullAttachments(target, pulled, image, options());

      assertThat(a.tags()).isEmpty();
      // Two SBOMs per platform, and the provenance attestation on the index.
      assertThat(a.referrers()).hasSize(2 * built.images().size() + 1);
      assertThat(a.referrers().stream().filter(d -> SbomFormat.of("spdx").mediaType().equals(d.artifactType())))
          .hasSize(built.images().size());
      dev.basalt.image.LayoutIndex index = dev.basalt.image.LayoutIndex.read(pulled);
      for (Descriptor d : a.referrers()) {
        assertThat(index.descriptors()).anyMatch(e -> e.digest().equals(d.digest())
            && !e.annotations().containsKey(dev.basalt.oci.Annotations.REF_NAME));
        assertThat(index.readBlob(d)).hasSize((int) d.size());
      }
      try (ImageSource source = ImageSource.open(ImageLocation.parse("oci:" + pulled + ":1"))) {
        assertThat(source.rootDigest()).isEqualTo(built.digest());
      }
      assertThat(ImageSboms.sbom(ImageLocation.parse("oci:" + pulled + ":1"), "amd64", SbomFormat.of("cyclonedx"))
          .document()).isEqualTo(Files.readAllBytes(layout.resolve("sbom/app-amd64.cdx.json")));
      assertThat(proxy.requests()).anyMatch(q -> q.path().startsWith("/v2/basalt/attached/referrers/sha256:"));
    }
  }
}
