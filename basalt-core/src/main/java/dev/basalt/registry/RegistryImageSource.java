package dev.basalt.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.BasaltException;
import dev.basalt.cache.BlobStore;
import dev.basalt.cache.Digest;
import dev.basalt.fs.AtomicFiles;
import dev.basalt.image.ImageLocation;
import dev.basalt.image.ImageReadException;
import dev.basalt.image.ImageSource;
import dev.basalt.image.SourceImage;
import dev.basalt.oci.Annotations;
import dev.basalt.oci.Descriptor;
import dev.basalt.oci.ImageIndex;
import dev.basalt.oci.OciLayoutWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * An image read straight from a registry: pulled (every platform) into the blob cache, where
 * later reads find the layers again, and read through a temporary OCI layout of hard links to the
 * cached blobs, removed on close. Images are named by their registry reference; referrers (an
 * attached SBOM) are looked up only when asked for.
 */
public final class RegistryImageSource implements ImageSource {
  static final String PULLS_DIR = "registry/pulls";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ImageLocation.Registry location;
  private final ImageSource layout;
  private final Path tempDir;
  private final RegistryClient client;
  private final BlobStore store;

  private RegistryImageSource(ImageLocation.Registry location, ImageSource layout, Path tempDir, RegistryClient client,
      BlobStore store) {
    this.location = location;
    this.layout = layout;
    this.tempDir = tempDir;
    this.client = client;
    this.store = store;
  }

  /** Opens {@code location} with the options the environment allows (see {@link RegistryOptions#fromEnvironment}). */
  public static ImageSource open(ImageLocation.Registry location) throws ImageReadException {
    RegistryReference ref = location.reference();
    return open(location, RegistryOptions.fromEnvironment(System.getenv(), ref.registry()),
        new BlobStore(BlobStore.defaultRoot()));
  }

  /** Opens {@code location}, pulling what the cache {@code store} lacks. */
  public static ImageSource open(ImageLocation.Registry location, RegistryOptions options, BlobStore store)
      throws ImageReadException {
    RegistryReference ref = location.reference();
    Path temp = null;
    try {
      RegistryClient client = RegistryClient.forPull(ref, options);
      RegistryPuller.Result pulled = RegistryPuller.fetch(client, ref, store, options.parallelism(),
          BlobSightings.load(store.root().resolve(BlobSightings.FILE)), true);
      temp = Files.createDirectories(store.root().resolve(PULLS_DIR));
      temp = Files.createTempDirectory(temp, "pull-");
      for (Digest d : pulled.contents()) {
        link(store.pathOf(d), temp.resolve("blobs/sha256").resolve(d.hex()));
      }
      Files.write(temp.resolve(OciLayoutWriter.LAYOUT_FILE), OciLayoutWriter.layoutFile());
      // The image's name is the reference as written, which the audit's latest-tag rule reads.
      Descriptor root = pulled.root().withAnnotations(Map.of(Annotations.REF_NAME, ref.toString()));
      Files.write(temp.resolve(OciLayoutWriter.INDEX_FILE), ImageIndex.of(List.of(root), null).toJson());
      ImageSource source = ImageSource.open(new ImageLocation.Layout(temp, null));
      return new RegistryImageSource(location, source, temp, client, store);
    } catch (ImageReadException e) {
      deleteQuietly(temp);
      throw e;
    } catch (BasaltException e) {
      deleteQuietly(temp);
      throw new ImageReadException(location.display() + ": " + e.getMessage(), e);
    } catch (IOException e) {
      deleteQuietly(temp);
      throw new ImageReadException(location.display() + ": cannot lay out the pulled image: " + e.getMessage(), e);
    }
  }

  /** A hard link to the cached blob; a copy where the file system has none. */
  private static void link(Path blob, Path target) throws IOException {
    Files.createDirectories(target.getParent());
    try {
      Files.createLink(target, blob);
    } catch (FileAlreadyExistsException e) {
      // the same blob twice (a config shared by two platforms): linked already
    } catch (UnsupportedOperationException | IOException e) {
      AtomicFiles.write(target, out -> Files.copy(blob, out));
    }
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // a leftover under the cache's pulls directory; the next pull does not depend on it
    }
  }

  @Override
  public ImageLocation location() {
    return location;
  }

  @Override
  public List<SourceImage> images() {
    return layout.images();
  }

  @Override
  public InputStream openLayer(SourceImage image, SourceImage.LayerBlob layer) throws IOException {
    return layout.openLayer(image, layer);
  }

  @Override
  public Path storedLayerFile(SourceImage image, SourceImage.LayerBlob layer) {
    return layout.storedLayerFile(image, layer);
  }

  @Override
  public InputStream openStoredLayer(SourceImage image, SourceImage.LayerBlob layer) throws IOException {
    return layout.openStoredLayer(image, layer);
  }

  @Override
  public void checkLayer(SourceImage image, SourceImage.LayerBlob layer) throws IOException {
    layout.checkLayer(image, layer);
  }

  /**
   * Asked for only when needed (an attached SBOM): the registry's referrers of {@code subject},
   * each artifact manifest checked to name that subject, its blobs pulled into the cache.
   */
  @Override
  public List<Referrer> referrers(Digest subject) throws ImageReadException {
    List<Referrer> out = new ArrayList<>();
    try {
      for (Descriptor d : Referrers.of(client, subject)) {
        RegistryClient.Manifest m = client.fetchManifest(d.digest().toString());
        JsonNode doc = JSON.readTree(m.bytes());
        if (!subject.toString().equals(doc.path("subject").path("digest").asText())) {
          continue; // listed for another subject: not trusted for this one
        }
        RegistryPuller.store(client, m, store);
        link(store.pathOf(m.digest()), tempDir.resolve("blobs/sha256").resolve(m.digest().hex()));
        List<SourceImage.LayerBlob> blobs = new ArrayList<>();
        for (JsonNode layer : doc.path("layers")) {
          Digest ld = Digest.parse(layer.path("digest").asText());
          long size = layer.path("size").asLong(-1);
          client.fetchBlob(ld, size, store);
          link(store.pathOf(ld), tempDir.resolve("blobs/sha256").resolve(ld.hex()));
          blobs.add(new SourceImage.LayerBlob(layer.path("mediaType").asText(), ld, size, null, "blobs/sha256/" + ld.hex()));
        }
        Map<String, String> annotations = new TreeMap<>();
        doc.path("annotations").properties().forEach(e -> annotations.put(e.getKey(), e.getValue().asText()));
        out.add(new Referrer(m.digest(), doc.path("artifactType").asText(d.artifactType() == null ? "" : d.artifactType()),
            blobs, annotations));
      }
      return out;
    } catch (BasaltException e) {
      throw new ImageReadException(location.display() + ": " + e.getMessage(), e);
    } catch (IOException | IllegalArgumentException e) {
      throw new ImageReadException(location.display() + ": cannot read the referrers of " + subject + ": "
          + e.getMessage(), e);
    }
  }

  @Override
  public byte[] readBlob(Digest digest, long size) throws ImageReadException {
    return layout.readBlob(digest, size);
  }

  @Override
  public void close() throws IOException {
    try {
      layout.close();
    } finally {
      deleteQuietly(tempDir);
    }
  }
}
