package dev.basalt.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.cache.Digest;
import dev.basalt.image.ImageLocation;
import dev.basalt.image.ImageSource;
import dev.basalt.oci.AttachmentTags;
import dev.basalt.oci.MediaTypes;
import dev.basalt.testkit.ExternalTool;
import dev.basalt.testkit.TestLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** basalt sign: both of cosign's forms, for the root and each platform, deterministic and additive. */
class ImageSignerTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final SigningKey KEY = SigningKey.generate(new SecureRandom());
  static final SigningKey OTHER = SigningKey.generate(new SecureRandom());

  @TempDir Path dir;
  TestLayout.Written layout;
  ImageLocation.Layout location;

  @BeforeEach
  void layout() throws Exception {
    layout = TestLayout.write(dir.resolve("app"), "app", "x");
    location = new ImageLocation.Layout(layout.dir(), null);
  }

  static JsonNode blob(Path layout, String digest) throws Exception {
    return JSON.readTree(layout.resolve("blobs/sha256").resolve(Digest.parse(digest).hex()).toFile());
  }

  static JsonNode entries(Path layout) throws Exception {
    return JSON.readTree(layout.resolve("index.json").toFile()).get("manifests");
  }

  @Test
  void signsTheRootAndEachPlatformInBothFormsAndAllVerify() throws Exception {
    ImageSigner.Result result = ImageSigner.sign(location, KEY, null);

    assertThat(result.dockerReference()).isEqualTo("app");
    assertThat(result.changed()).isTrue();
    assertThat(result.signed()).extracting(ImageSigner.Signed::label, ImageSigner.Signed::digest).containsExactly(
        org.assertj.core.groups.Tuple.tuple("image index", layout.index().digest()),
        org.assertj.core.groups.Tuple.tuple("linux/amd64", layout.manifests().get(0).digest()),
        org.assertj.core.groups.Tuple.tuple("linux/arm64/v8", layout.manifests().get(1).digest()));
    // The build's entries stay first and in order; each digest then gets its .sig tag and its bundle referrer.
    JsonNode entries = entries(layout.dir());
    List<String> listed = new ArrayList<>();
    entries.forEach(e -> listed.add(e.path("annotations").path("org.opencontainers.image.ref.name").asText(
        e.path("artifactType").asText())));
    List<String> expected = new ArrayList<>(List.of("latest", TestLayout.SPDX, TestLayout.SPDX));
    for (ImageSigner.Signed s : result.signed()) {
      expected.add(AttachmentTags.signature(s.digest()));
      expected.add(SignatureTypes.SIGSTORE_BUNDLE_V03);
    }
    assertThat(listed).isEqualTo(expected);

    ImageSigner.Signed root = result.signed().get(0);
    JsonNode sig = blob(layout.dir(), entries.get(3).get("digest").asText());
    assertThat(sig.get("mediaType").asText()).isEqualTo(MediaTypes.OCI_MANIFEST);
    assertThat(sig.get("layers")).hasSize(1);
    JsonNode layer = sig.get("layers").get(0);
    assertThat(layer.get("mediaType").asText()).isEqualTo("application/vnd.dev.cosign.simplesigning.v1+json");
    byte[] payload = Files.readAllBytes(layout.dir().resolve("blobs/sha256").resolve(Digest.parse(layer.get("digest")
        .asText()).hex()));
    assertThat(new String(payload, StandardCharsets.UTF_8)).isEqualTo("{\"critical\":{\"identity\":{\"docker-reference\":"
        + "\"app\"},\"image\":{\"docker-manifest-digest\":\"" + root.digest() + "\"},\"type\":\"cosign container image"
        + " signature\"},\"optional\":null}");
    KEY.publicKey().verify(payload, Base64.getDecoder().decode(layer.get("annotations")
        .get("dev.cosignproject.cosign/signature").asText()));
    String config = Files.readString(layout.dir().resolve("blobs/sha256").resolve(Digest.parse(sig.get("config")
        .get("digest").asText()).hex()));
    assertThat(config).isEqualTo("{\"architecture\":\"\",\"created\":\"0001-01-01T00:00:00Z\",\"history\":[{\"created\":"
        + "\"0001-01-01T00:00:00Z\"}],\"os\":\"\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + Digest.of(payload)
        + "\"]},\"config\":{}}");
    assertThat(sig.get("config").get("mediaType").asText()).isEqualTo(MediaTypes.OCI_CONFIG);

    JsonNode bundleEntry = entries.get(4);
    assertThat(bundleEntry.get("digest").asText()).isEqualTo(root.bundleManifest().toString());
    assertThat(bundleEntry.get("annotations").toString()).isEqualTo("{\"dev.sigstore.bundle.content\":\"dsse-envelope\","
        + "\"dev.sigstore.bundle.predicateType\":\"https://sigstore.dev/cosign/sign/v1\"}");
    JsonNode referrer = blob(layout.dir(), bundleEntry.get("digest").asText());
    assertThat(referrer.get("artifactType").asText()).isEqualTo(SignatureTypes.SIGSTORE_BUNDLE_V03);
    assertThat(referrer.get("config").toString()).isEqualTo("{\"mediaType\":\"application/vnd.oci.empty.v1+json\","
        + "\"digest\":\"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\",\"size\":2}");
    assertThat(referrer.get("subject").toString()).isEqualTo("{\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"digest\":\""
        + root.digest() + "\",\"size\":" + layout.index().size() + "}");
    byte[] bundle = Files.readAllBytes(layout.dir().resolve("blobs/sha256").resolve(Digest.parse(referrer.get("layers")
        .get(0).get("digest").asText()).hex()));
    InTotoStatement statement = SigstoreBundle.fromJson(bundle)
        .verifyStatement(KEY.publicKey(), SignatureTypes.COSIGN_SIGN_PREDICATE, root.digest());
    assertThat(new String(statement.toJson(), StandardCharsets.UTF_8)).isEqualTo("{\"_type\":\"https://in-toto.io/"
        + "Statement/v1\",\"subject\":[{\"digest\":{\"sha256\":\"" + root.digest().hex() + "\"},\"annotations\":{}}],"
        + "\"predicateType\":\"https://sigstore.dev/cosign/sign/v1\",\"predicate\":{}}");

    SignatureReport report = ImageVerifier.verify(location, KEY.publicKey());
    report.requireVerified();
    assertThat(report.root().verifiedForms()).containsExactly(SignatureReport.Form.COSIGN_TAG,
        SignatureReport.Form.SIGSTORE_BUNDLE);
    assertThat(report.platforms()).extracting(SignatureReport.DigestResult::verified).containsExactly(true, true);
  }

  @Test
  void signingAgainChangesNoByteAndAnotherKeysSignaturesAreKeptBeside() throws Exception {
    ImageSigner.sign(location, KEY, null);
    Map<String, byte[]> first = files(layout.dir());
    ImageSigner.Result again = ImageSigner.sign(location, KEY, null);
    assertThat(again.changed()).isFalse();
    assertThat(files(layout.dir())).containsOnlyKeys(first.keySet().toArray(String[]::new));
    first.forEach((name, bytes) -> assertThat(files(layout.dir()).get(name)).as(name).isEqualTo(bytes));

    ImageSigner.sign(location, OTHER, null);
    JsonNode entries = entries(layout.dir());
    assertThat(entries).hasSize(3 + 3 + 3 * 2); // the build's, one tag per digest, two bundle referrers per digest
    JsonNode sig = blob(layout.dir(), entries.get(3).get("digest").asText());
    assertThat(sig.get("layers")).hasSize(2);
    ImageVerifier.verify(location, KEY.publicKey()).requireVerified();
    ImageVerifier.verify(location, OTHER.publicKey()).requireVerified();
  }

  @Test
  void aSignedLayoutReadsAsTheSameImage() throws Exception {
    ImageSigner.sign(location, KEY, "ghcr.io/acme/app");
    try (ImageSource source = ImageSource.open(location)) {
      assertThat(source.images()).extracting(i -> i.manifest())
          .containsExactly(layout.manifests().get(0).digest(), layout.manifests().get(1).digest());
      assertThat(source.referrers(layout.manifests().get(0).digest()))
          .extracting(ImageSource.Referrer::artifactType)
          .containsExactly(TestLayout.SPDX, SignatureTypes.SIGSTORE_BUNDLE_V03);
    }
  }

  @Test
  void skopeoCopiesTheSignatureImagesAndTheSignedLayout() throws Exception {
    ExternalTool skopeo = ExternalTool.require("skopeo");
    ImageSigner.Result result = ImageSigner.sign(location, KEY, null);
    for (ImageSigner.Signed s : result.signed()) {
      ExternalTool.Result copy = skopeo.run("copy", "oci:" + layout.dir() + ":" + s.tag(), "dir:" + dir.resolve(s.tag()));
      assertThat(copy.exitCode()).as(copy.toString()).isZero();
    }
    ExternalTool.Result all = skopeo.run("copy", "--all", "oci:" + layout.dir() + ":latest", "oci:" + dir.resolve("copy")
        + ":latest");
    assertThat(all.exitCode()).as(all.toString()).isZero();
  }

  @Test
  void theDockerReferenceIsGivenOrTheFullRefNameOrTheTitle() throws Exception {
    assertThat(ImageSigner.dockerReference("ghcr.io/acme/base", "latest", "base")).isEqualTo("ghcr.io/acme/base");
    assertThat(ImageSigner.dockerReference("localhost:5000/base", null, null)).isEqualTo("localhost:5000/base");
    assertThat(ImageSigner.dockerReference(null, "ghcr.io/acme/base:1.0", "x")).isEqualTo("ghcr.io/acme/base");
    assertThat(ImageSigner.dockerReference(null, "acme/base@sha256:" + "a".repeat(64), "x")).isEqualTo("acme/base");
    assertThat(ImageSigner.dockerReference(null, "latest", "base")).isEqualTo("base");
    assertThatThrownBy(() -> ImageSigner.dockerReference("ghcr.io/acme/base:1.0", null, null))
        .isInstanceOf(ReferenceException.class)
        .hasMessage("--reference must name a repository without tag or digest, such as ghcr.io/acme/base,"
            + " not 'ghcr.io/acme/base:1.0'")
        .satisfies(e -> assertThat(((ReferenceException) e).exitCode()).isEqualTo(2));
    assertThatThrownBy(() -> ImageSigner.dockerReference(null, "latest", "My App"))
        .isInstanceOf(ReferenceException.class)
        .hasMessage("Cannot tell which repository the signature is for: the image has no org.opencontainers.image.title"
            + " and its ref name 'latest' is not a repository. Name it with --reference REPO (the repository you push"
            + " to, e.g. ghcr.io/acme/base).");
  }

  static Map<String, byte[]> files(Path root) {
    Map<String, byte[]> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        out.put(root.relativize(p).toString(), Files.readAllBytes(p));
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out;
  }
}
