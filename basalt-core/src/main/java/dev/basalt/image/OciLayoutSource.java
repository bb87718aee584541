package dev.basalt.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.cache.Digest;
import dev.basalt.oci.AttachmentTags;
import dev.basalt.oci.MediaTypes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads an OCI image layout: {@code oci-layout}, {@code index.json}, and the blobs they lead to.
 * Indexes (nested too) are followed to their platform manifests; attestation manifests and
 * other artifacts are skipped. Every manifest and config is checked against its descriptor.
 */
final class OciLayoutSource implements ImageSource {
  static final String REF_NAME = "org.opencontainers.image.ref.name";
  /** Docker buildx marks its attestation manifests in an index with this annotation. */
  private static final String DOCKER_REFERENCE_TYPE = "vnd.docker.reference.type";
  /** Manifests, indexes and configs are small; anything larger is not one. */
  static final int MAX_METADATA_BYTES = 16 << 20;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final ImageLocation.Layout location;
  private final List<SourceImage> images;
  private final JsonNode index;
  private final Digest root;

  private OciLayoutSource(ImageLocation.Layout location, List<SourceImage> images, JsonNode index, Digest root) {
    this.location = location;
    this.images = List.copyOf(images);
    this.index = index;
    this.root = root;
  }

  static OciLayoutSource open(ImageLocation.Layout location) throws ImageReadException {
    Path dir = location.dir();
    if (!Files.isDirectory(dir)) {
      throw new ImageReadException(location.display() + ": " + dir + " is not a directory");
    }
    if (!Files.isRegularFile(dir.resolve("oci-layout"))) {
      throw new ImageReadException(location.display() + ": " + dir + " is not an OCI image layout (no oci-layout file)");
    }
    JsonNode index = json(readFile(dir.resolve("index.json"), location), location.display() + " index.json");
    List<JsonNode> roots = selectRoots(index, location);
    Reader reader = new Reader(location);
    List<SourceImage> images = new ArrayList<>();
    for (JsonNode root : roots) {
      String name = root.path("annotations").path(REF_NAME).asText(null);
      reader.collect(root, name, images, 0);
    }
    if (images.isEmpty()) {
      throw new ImageReadException(location.display() + " holds no container image (only other artifacts)");
    }
    Digest root = roots.size() == 1 ? reader.digest(roots.get(0), "the root descriptor") : null;
    return new OciLayoutSource(location, images, index, root);
  }

  private static List<JsonNode> selectRoots(JsonNode index, ImageLocation.Layout location) throws ImageReadException {
    List<JsonNode> candidates = new ArrayList<>();
    Set<String> refs = new LinkedHashSet<>();
    for (JsonNode d : index.path("manifests")) {
      String type = d.path("mediaType").asText();
      if (!isIndex(type) && !isManifest(type)) {
        continue;
      }
      String ref = d.path("annotations").path(REF_NAME).asText(null);
      if (location.reference() == null && AttachmentTags.isAttachment(ref)) {
        continue; // a cosign signature or attestation image (sha256-<hex>.sig), not the layout's image
      }
      if (ref != null) {
        refs.add(ref);
      }
      if (location.reference() == null || location.reference().equals(ref)) {
        candidates.add(d);
      }
    }
    if (location.reference() != null && candidates.isEmpty()) {
      throw new ImageReadException(location.display() + ": the layout has no image named '" + location.reference() + "'"
          + (refs.isEmpty() ? "" : "; it has " + String.join(", ", refs)));
    }
    if (location.reference() == null && candidates.size() > 1) {
      List<JsonNode> named = candidates.stream().filter(d -> d.path("annotations").has(REF_NAME)).toList();
      // Referrer artifacts sit in index.json without a ref name; the image is the named root.
      if (named.size() == 1) {
        return named;
      }
      if (refs.size() > 1) {
        throw new ImageReadException(location.display() + " holds several images (" + String.join(", ", refs)
            + "); name one as oci:" + location.dir() + ":REF");
      }
    }
    if (candidates.isEmpty()) {
      throw new ImageReadException(location.display() + ": index.json lists no image");
    }
    return candidates;
  }

  static boolean isIndex(String mediaType) {
    return mediaType.equals(MediaTypes.OCI_INDEX) || mediaType.equals(MediaTypes.DOCKER_MANIFEST_LIST);
  }

  static boolean isManifest(String mediaType) {
    return mediaType.equals(MediaTypes.OCI_MANIFEST) || mediaType.equals(MediaTypes.DOCKER_MANIFEST);
  }

  private static final class Reader {
    private final ImageLocation.Layout location;

    Reader(ImageLocation.Layout location) {
      this.location = location;
    }

    void collect(JsonNode descriptor, String name, List<SourceImage> out, int depth) throws ImageReadException {
      if (depth > 4) {
        throw new ImageReadException(location.display() + ": indexes nest deeper than 4 levels");
      }
      String type = descriptor.path("mediaType").asText();
      Digest digest = digest(descriptor, "a manifest descriptor");
      byte[] bytes = blob(digest, descriptor.path("size").asLong(-1), "manifest " + digest);
      JsonNode doc = json(bytes, location.display() + " manifest " + digest);
      String docType = doc.path("mediaType").asText(type);
      if (isIndex(docType) || doc.has("manifests")) {
        for (JsonNode child : doc.path("manifests")) {
          if (child.path("annotations").has(DOCKER_REFERENCE_TYPE)
              || "unknown".equals(child.path("platform").path("os").asText())) {
            continue;
          }
          String childType = child.path("mediaType").asText();
          if (isIndex(childType) || isManifest(childType)) {
            collect(child, name, out, depth + 1);
          }
        }
        return;
      }
      JsonNode config = doc.path("config");
      String configType = config.path("mediaType").asText();
      if (!configType.equals(MediaTypes.OCI_CONFIG) && !configType.equals(MediaTypes.DOCKER_CONFIG)) {
        return; // an artifact (signature, SBOM, attestation), not a container image
      }
      Digest configDigest = digest(config, "the config descriptor of manifest " + digest);
      byte[] configBytes = blob(configDigest, config.path("size").asLong(-1), "config " + configDigest);
      ConfigView view = ConfigView.parse(configBytes, location.display() + " config " + configDigest);
      List<SourceImage.LayerBlob> layers = new ArrayList<>();
      int i = 0;
      for (JsonNode layer : doc.path("layers")) {
        Digest d = digest(layer, "layer " + i + " of manifest " + digest);
        Digest diffId = i < view.diffIds().size() ? view.diffIds().get(i) : null;
        layers.add(new SourceImage.LayerBlob(layer.path("mediaType").asText(), d, layer.path("size").asLong(-1), diffId,
            "blobs/sha256/" + d.hex()));
        i++;
      }
      if (layers.size() != view.diffIds().size()) {
        throw new ImageReadException(location.display() + ": manifest " + digest + " lists " + layers.size()
            + " layers but its config lists " + view.diffIds().size() + " diff ids");
      }
      out.add(new SourceImage(name, digest, configDigest, view, layers));
    }

    private Digest digest(JsonNode descriptor, String what) throws ImageReadException {
      String text = descriptor.path("digest").asText("");
      try {
        return Digest.parse(text);
      } catch (IllegalArgumentException e) {
        throw new ImageReadException(location.display() + ": " + what + " has an unsupported or malformed digest '"
            + text + "' (basalt reads sha256 digests)", e);
      }
    }

    private byte[] blob(Digest digest, long size, String what) throws ImageReadException {
      if (size > MAX_METADATA_BYTES) {
        throw new ImageReadException(location.display() + ": " + what + " claims " + size + " bytes, more than a "
            + "manifest or config can have");
      }
      byte[] bytes = readFile(location.dir().resolve("blobs/sha256").resolve(digest.hex()), location);
      if (size >= 0 && bytes.length != size) {
        throw new ImageReadException(location.display() + ": " + what + " has " + bytes.length
            + " bytes, its descriptor states " + size);
      }
      if (!Digest.of(bytes).equals(digest)) {
        throw new ImageReadException(location.display() + ": " + what + " does not match its digest: the blob is "
            + "corrupt or was tampered with");
      }
      return bytes;
    }
  }

  private static byte[] readFile(Path file, ImageLocation location) throws ImageReadException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(MAX_METADATA_BYTES + 1);
      if (bytes.length > MAX_METADATA_BYTES) {
        throw new ImageReadException(location.display() + ": " + file + " is too large for a manifest, index or config");
      }
      return bytes;
    } catch (NoSuchFileException e) {
      throw new ImageReadException(location.display() + ": " + file + " is missing");
    } catch (IOException e) {
      throw new ImageReadException(location.display() + ": cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  static JsonNode json(byte[] bytes, String where) throws ImageReadException {
    try {
      JsonNode node = MAPPER.readTree(bytes);
      if (node == null || !node.isObject()) {
        throw new ImageReadException(where + " is not a JSON object");
      }
      return node;
    } catch (IOException e) {
      throw new ImageReadException(where + " is not valid JSON: " + e.getMessage(), e);
    }
  }

  @Override
  public Digest rootDigest() {
    return root;
  }

  @Override
  public List<Referrer> referrers(Digest subject) throws ImageReadException {
    Reader reader = new Reader(location);
    List<Referrer> out = new ArrayList<>();
    for (JsonNode d : index.path("manifests")) {
      if (!d.hasNonNull("artifactType") || !isManifest(d.path("mediaType").asText())) {
        continue;
      }
      Digest digest = reader.digest(d, "a referrer descriptor");
      JsonNode manifest = json(reader.blob(digest, d.path("size").asLong(-1), "artifact manifest " + digest),
          location.display() + " artifact manifest " + digest);
      if (!subject.toString().equals(manifest.path("subject").path("digest").asText())) {
        continue;
      }
      List<SourceImage.LayerBlob> blobs = new ArrayList<>();
      for (JsonNode layer : manifest.path("layers")) {
        Digest ld = reader.digest(layer, "a blob of artifact " + digest);
        blobs.add(new SourceImage.LayerBlob(layer.path("mediaType").asText(), ld, layer.path("size").asLong(-1), null,
            "blobs/sha256/" + ld.hex()));
      }
      java.util.Map<String, String> annotations = new java.util.TreeMap<>();
      manifest.path("annotations").fields().forEachRemaining(e -> annotations.put(e.getKey(), e.getValue().asText()));
      out.add(new Referrer(digest, manifest.path("artifactType").asText(d.path("artifactType").asText()), blobs,
          annotations));
    }
    return out;
  }

  @Override
  public byte[] readBlob(Digest digest, long size) throws ImageReadException {
    return new Reader(location).blob(digest, size, "blob " + digest);
  }

  @Override
  public ImageLocation location() {
    return location;
  }

  @Override
  public List<SourceImage> images() {
    return images;
  }

  @Override
  public InputStream openLayer(SourceImage image, SourceImage.LayerBlob layer) throws IOException {
    Path file = location.dir().resolve(layer.location());
    InputStream raw = Files.newInputStream(file);
    String what = location.display() + " layer " + layer.digest();
    return new ReadAheadInputStream(LayerStreams.decompress(LayerStreams.verifying(raw, layer.digest(), layer.size(), what), what),
        layer.digest().hex().substring(0, 12));
  }

  @Override
  public Path storedLayerFile(SourceImage image, SourceImage.LayerBlob layer) {
    return location.dir().resolve(layer.location());
  }

  @Override
  public InputStream openStoredLayer(SourceImage image, SourceImage.LayerBlob layer) throws IOException {
    return LayerStreams.verifying(Files.newInputStream(location.dir().resolve(layer.location())), layer.digest(),
        layer.size(), location.display() + " layer " + layer.digest());
  }

  /** A layer blob's digest is that of its stored bytes: hashing them suffices, nothing is decompressed. */
  @Override
  public void checkLayer(SourceImage image, SourceImage.LayerBlob layer) throws IOException {
    String what = location.display() + " layer " + layer.digest();
    try (InputStream in = LayerStreams.verifying(Files.newInputStream(location.dir().resolve(layer.location())),
        layer.digest(), layer.size(), what)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
  }

  @Override
  public void close() {}
}
