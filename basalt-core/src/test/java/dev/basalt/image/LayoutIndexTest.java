package dev.basalt.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.cache.Digest;
import dev.basalt.oci.Annotations;
import dev.basalt.oci.AttachmentTags;
import dev.basalt.oci.Descriptor;
import dev.basalt.oci.MediaTypes;
import dev.basalt.testkit.TestLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Editing a layout's index.json: what is there stays, byte for byte where nothing changed. */
class LayoutIndexTest {
  @TempDir Path dir;

  private static Descriptor manifest(String content) {
    return Descriptor.of(MediaTypes.OCI_MANIFEST, content.getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> refsAndDigests(LayoutIndex index) {
    return index.descriptors().stream()
        .map(d -> d.annotations().getOrDefault(Annotations.REF_NAME, "-") + " " + d.digest().hex().substring(0, 8))
        .toList();
  }

  @Test
  void anIndexThatDidNotChangeIsWrittenBackByteForByteOrNotAtAll() throws Exception {
    TestLayout.Written layout = TestLayout.write(dir.resolve("app"), "app", "x");
    Path file = layout.dir().resolve("index.json");
    byte[] before = Files.readAllBytes(file);
    Files.setLastModifiedTime(file, FileTime.fromMillis(1_000));
    LayoutIndex index = LayoutIndex.read(layout.dir());
    assertThat(index.toJson()).isEqualTo(before);
    Descriptor sbom = index.descriptors().get(1);
    assertThat(index.addUntagged(sbom)).isFalse();
    assertThat(index.putTagged(layout.index(), "latest")).isFalse();
    index.write();
    assertThat(index.changed()).isFalse();
    assertThat(Files.getLastModifiedTime(file)).isEqualTo(FileTime.fromMillis(1_000));
  }

  @Test
  void entriesAreAddedAtTheEndAndReplacedInPlaceKeepingWhatBasaltDoesNotModel() throws Exception {
    Path layout = dir.resolve("other");
    Files.createDirectories(layout);
    Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    Descriptor root = manifest("root");
    String unknown = "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha512:"
        + "ab".repeat(64) + "\",\"size\":3,\"urls\":[\"u\"]}";
    Files.writeString(layout.resolve("index.json"), "{\"schemaVersion\":2,\"x-tool\":{\"b\":1,\"a\":2},\"manifests\":["
        + "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + root.digest() + "\",\"size\":"
        + root.size() + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"v1\"},\"data\":\"e30=\"}," + unknown
        + "],\"annotations\":{\"k\":\"v\"}}");
    LayoutIndex index = LayoutIndex.read(layout);
    String sig = AttachmentTags.signature(root.digest());
    assertThat(index.putTagged(manifest("sig 1"), sig)).isTrue();
    assertThat(index.addUntagged(manifest("referrer").withAnnotations(Map.of("a", "b")))).isTrue();
    assertThat(index.putTagged(manifest("sig 2"), sig)).isTrue();
    assertThat(index.addUntagged(manifest("referrer").withAnnotations(Map.of("a", "c")))).isTrue();
    index.write();

    String json = Files.readString(layout.resolve("index.json"));
    assertThat(json).isEqualTo("{\"schemaVersion\":2,\"x-tool\":{\"b\":1,\"a\":2},\"manifests\":["
        + "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + root.digest() + "\",\"size\":"
        + root.size() + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"v1\"},\"data\":\"e30=\"}," + unknown
        + ",{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + manifest("sig 2").digest()
        + "\",\"size\":5,\"annotations\":{\"org.opencontainers.image.ref.name\":\"" + sig + "\"}}"
        + ",{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + manifest("referrer").digest()
        + "\",\"size\":8,\"annotations\":{\"a\":\"c\"}}],\"annotations\":{\"k\":\"v\"}}");
    LayoutIndex reread = LayoutIndex.read(layout);
    assertThat(reread.descriptors()).hasSize(3); // the sha512 entry is kept, but not modelled
    assertThat(reread.root(null)).isEqualTo(root.withAnnotations(Map.of(Annotations.REF_NAME, "v1")));
    assertThat(reread.tagged(sig).orElseThrow().digest()).isEqualTo(manifest("sig 2").digest());
  }

  @Test
  void theRootIsTheNamedImageNeitherAnArtifactNorAnAttachmentTag() throws Exception {
    TestLayout.Written layout = TestLayout.write(dir.resolve("app"), "app", "x");
    LayoutIndex index = LayoutIndex.read(layout.dir());
    index.putTagged(manifest("sig"), AttachmentTags.signature(layout.index().digest()));
    index.putTagged(manifest("att"), AttachmentTags.attestation(layout.index().digest()));
    assertThat(refsAndDigests(index)).containsExactly(
        "latest " + layout.index().digest().hex().substring(0, 8),
        "- " + index.descriptors().get(1).digest().hex().substring(0, 8),
        "- " + index.descriptors().get(2).digest().hex().substring(0, 8),
        AttachmentTags.signature(layout.index().digest()) + " " + manifest("sig").digest().hex().substring(0, 8),
        AttachmentTags.attestation(layout.index().digest()) + " " + manifest("att").digest().hex().substring(0, 8));
    assertThat(index.root(null).digest()).isEqualTo(layout.index().digest());
    assertThat(index.root("latest").digest()).isEqualTo(layout.index().digest());
    assertThatThrownBy(() -> index.root("v2")).isInstanceOf(ImageReadException.class)
        .hasMessage("oci:" + layout.dir() + ": the layout has no image named 'v2'; it has latest");

    index.putTagged(manifest("second"), "v2");
    assertThatThrownBy(() -> index.root(null)).isInstanceOf(ImageReadException.class)
        .hasMessage("oci:" + layout.dir() + " holds several images (latest, v2); name one as oci:" + layout.dir() + ":REF");
  }

  @Test
  void blobsAreCheckedAgainstTheirDescriptor() throws Exception {
    TestLayout.Written layout = TestLayout.write(dir.resolve("app"), "app", "x");
    LayoutIndex index = LayoutIndex.read(layout.dir());
    Digest d = layout.index().digest();
    assertThat(Digest.of(index.readBlob(layout.index()))).isEqualTo(d);
    Path blob = layout.dir().resolve("blobs/sha256").resolve(d.hex());
    byte[] bytes = Files.readAllBytes(blob);
    bytes[10] ^= 1;
    Files.write(blob, bytes);
    assertThatThrownBy(() -> index.readBlob(layout.index())).isInstanceOf(ImageReadException.class)
        .hasMessage("oci:" + layout.dir() + ": blob " + d + " does not match its descriptor (" + bytes.length
            + " bytes, digest " + Digest.of(bytes) + "): the blob is corrupt or was tampered with");
    assertThatThrownBy(() -> LayoutIndex.read(dir.resolve("nothing"))).isInstanceOf(ImageReadException.class)
        .hasMessage("oci:" + dir.resolve("nothing") + ": " + dir.resolve("nothing")
            + " is not an OCI image layout (no oci-layout file)");
  }

  @Test
  void attachmentTagsAreCosignsScheme() {
    Digest d = Digest.of(new byte[0]);
    assertThat(AttachmentTags.signature(d)).isEqualTo("sha256-" + d.hex() + ".sig");
    assertThat(AttachmentTags.attestation(d)).isEqualTo("sha256-" + d.hex() + ".att");
    assertThat(AttachmentTags.isAttachment("sha256-" + d.hex() + ".sbom")).isTrue();
    assertThat(AttachmentTags.isAttachment("latest")).isFalse();
    assertThat(AttachmentTags.isAttachment("sha256-abc.sig")).isFalse();
    assertThat(AttachmentTags.isAttachment(null)).isFalse();
  }

  @Test
  void aSignedLayoutStillReadsAsItsOneImage() throws Exception {
    TestLayout.Written layout = TestLayout.write(dir.resolve("app"), "app", "x");
    LayoutIndex index = LayoutIndex.read(layout.dir());
    // A .sig tag that points at a real image manifest: readers must still pass over it.
    index.putTagged(layout.manifests().get(0), AttachmentTags.signature(layout.index().digest()));
    index.write();
    try (ImageSource source = ImageSource.open(new ImageLocation.Layout(layout.dir(), null))) {
      assertThat(source.images()).extracting(SourceImage::manifest)
          .containsExactly(layout.manifests().get(0).digest(), layout.manifests().get(1).digest());
      assertThat(source.images()).extracting(SourceImage::name).containsExactly("latest", "latest");
    }
  }
}
