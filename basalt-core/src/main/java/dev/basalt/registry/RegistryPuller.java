package dev.basalt.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basalt.BasaltException;
import dev.basalt.ParallelTasks;
import dev.basalt.cache.BlobStore;
import dev.basalt.cache.CacheException;
import dev.basalt.cache.Digest;
import dev.basalt.fs.AtomicFiles;
import dev.basalt.image.ImageReadException;
import dev.basalt.image.LayoutIndex;
import dev.basalt.oci.Annotations;
import dev.basalt.oci.AttachmentTags;
import dev.basalt.oci.Descriptor;
import dev.basalt.oci.OciLayoutWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * Pulls an image from a registry: the index with every platform's manifest (as
 * {@code skopeo copy --all} does) or a single manifest, and every blob they name, each checked
 * against its digest and size before it is kept. Into an OCI layout, the root is listed in
 * {@code index.json} by its original digest under the given reference; other entries stay.
 */
public final class RegistryPuller {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_DEPTH = 8;

  /** What a pull fetched. {@code contents} are the digests of every manifest and blob of the image. */
  public record Result(RegistryReference source, Descriptor root, List<Digest> contents, int manifests, int blobsFetched,
      int blobsPresent, long bytesFetched) {
    public Result {
      contents = List.copyOf(contents);
    }
  }

  private RegistryPuller() {}

  /**
   * Pulls {@code source} into the OCI layout {@code dir} (created if need be) and lists it in
   * {@code index.json} under {@code refName}, replacing an entry of that name.
   */
  public static Result pull(RegistryReference source, Path dir, String refName, RegistryOptions options,
      BlobSightings sightings) throws BasaltException {
    return pull(source, dir, refName, options, sightings, true);
  }

  /**
   * As {@link #pull}, but the index and manifests only, none of the image's blobs: enough to
   * check what is signed (with {@link #pullAttachments}), not to run or audit the image.
   */
  public static Result pullManifests(RegistryReference source, Path dir, String refName, RegistryOptions options)
      throws BasaltException {
    return pull(source, dir, refName, options, BlobSightings.none(), false);
  }

  private static Result pull(RegistryReference source, Path dir, String refName, RegistryOptions options,
      BlobSightings sightings, boolean withBlobs) throws BasaltException {
    if (!OciLayoutWriter.isValidReference(refName)) {
      throw new ReferenceException("'" + refName + "' is not a valid OCI layout reference (like latest, 1.2.3 or"
          + " v1-debug)");
    }
    Result result = fetch(RegistryClient.forPull(source, options), source, new BlobStore(dir), options.parallelism(),
        sightings, withBlobs);
    try {
      Path layoutFile = dir.resolve(OciLayoutWriter.LAYOUT_FILE);
      if (!Files.isRegularFile(layoutFile)) {
        AtomicFiles.write(layoutFile, OciLayoutWriter.layoutFile());
      }
      AtomicFiles.write(dir.resolve(OciLayoutWriter.INDEX_FILE), indexWith(dir, result.root(), refName));
    } catch (IOException e) {
      throw new RegistryException("cannot write " + dir + ": " + e.getMessage(), e);
    }
    return result;
  }

  /** The layout's index.json with {@code root} under {@code refName}, other entries kept in their order. */
  private static byte[] indexWith(Path dir, Descriptor root, String refName) throws IOException {
    Path file = dir.resolve(OciLayoutWriter.INDEX_FILE);
    ObjectNode index = Files.isRegularFile(file) && JSON.readTree(file.toFile()) instanceof ObjectNode existing
        ? existing : JSON.createObjectNode().put("schemaVersion", 2);
    ArrayNode kept = JSON.createArrayNode();
    for (JsonNode d : index.path("manifests")) {
      if (!refName.equals(d.path("annotations").path(Annotations.REF_NAME).asText(null))) {
        kept.add(d);
      }
    }
    ObjectNode entry = kept.addObject().put("mediaType", root.mediaType()).put("digest", root.digest().toString())
        .put("size", root.size());
    entry.putObject("annotations").put(Annotations.REF_NAME, refName);
    index.set("manifests", kept);
    return JSON.writeValueAsBytes(index);
  }

  /** What {@link #pullAttachments} added to a layout: cosign tags, referrers, and the blobs they needed. */
  public record Attachments(List<String> tags, List<Descriptor> referrers, int blobsFetched) {
    public Attachments {
      tags = List.copyOf(tags);
      referrers = List.copyOf(referrers);
    }
  }

  /**
   * Pulls what is attached to the image {@code image} (pulled by {@link #pull} into {@code dir}):
   * for its root and every platform manifest, cosign's signature and attestation tags
   * ({@code sha256-<hex>.sig}, {@code .att}) and its referrers (signature bundles, SBOMs, from the
   * registry's referrers API, else the fallback tag), each manifest and blob checked as the
   * image's are, and lists them in the layout's {@code index.json} as a basalt build does: the
   * tags under their names, the referrers untagged. Then {@code basalt verify} can check the
   * layout's signatures offline.
   */
  public static Attachments pullAttachments(RegistryReference source, Path dir, Result image, RegistryOptions options)
      throws BasaltException {
    RegistryClient client = RegistryClient.forPull(source, options);
    BlobStore store = new BlobStore(dir);
    Map<Digest, Long> blobs = new LinkedHashMap<>();
    Set<Digest> manifests = new LinkedHashSet<>(image.contents().subList(0, image.manifests()));
    Map<String, Descriptor> tagged = new LinkedHashMap<>();
    Map<Digest, Descriptor> referrers = new LinkedHashMap<>();
    for (Digest subject : image.contents().subList(0, image.manifests())) {
      for (String tag : List.of(AttachmentTags.signature(subject), AttachmentTags.attestation(subject))) {
        Optional<RegistryClient.Manifest> found = client.fetchManifestIfPresent(tag);
        if (found.isPresent()) {
          RegistryClient.Manifest m = found.get();
          walk(client, m, store, blobs, manifests, 0);
          tagged.put(tag, Descriptor.of(m.mediaType(), m.digest(), m.bytes().length));
        }
      }
      for (Descriptor listed : Referrers.of(client, subject)) {
        if (referrers.containsKey(listed.digest())) {
          continue;
        }
        RegistryClient.Manifest m = client.fetchManifest(listed.digest().toString());
        if (m.bytes().length != listed.size()) {
          throw new RegistryIntegrityException("referrer " + listed.digest() + " of " + subject + " has "
              + m.bytes().length + " bytes, its listing states " + listed.size());
        }
        if (!manifests.contains(m.digest())) {
          walk(client, m, store, blobs, manifests, 0);
        }
        // What the manifest itself is, with the listing's artifact type and annotations (never a layout tag).
        Map<String, String> annotations = new TreeMap<>(listed.annotations());
        annotations.remove(Annotations.REF_NAME);
        referrers.put(m.digest(), new Descriptor(m.mediaType(), m.digest(), m.bytes().length, annotations, null,
            listed.artifactType()));
      }
    }
    for (Map.Entry<Digest, Long> b : blobs.entrySet()) {
      // Signatures, bundles, SBOMs and provenance are metadata: their size is stated and bounded.
      if (b.getValue() < 0 || b.getValue() > LayoutIndex.MAX_METADATA_BYTES) {
        throw new RegistryIntegrityException("an attachment of " + source.display() + " names blob " + b.getKey()
            + " of " + (b.getValue() < 0 ? "no stated size" : b.getValue() + " bytes") + "; attachments are at most "
            + LayoutIndex.MAX_METADATA_BYTES + " bytes");
      }
    }
    int downloaded = (int) fetchBlobs(client, blobs, store, options.parallelism()).stream()
        .filter(RegistryClient.Fetched::downloaded).count();
    try {
      LayoutIndex index = LayoutIndex.read(dir);
      tagged.forEach((tag, d) -> index.putTagged(d, tag));
      referrers.values().forEach(index::addUntagged);
      index.write();
    } catch (ImageReadException | IOException e) {
      throw new RegistryException("cannot list the attachments in " + dir + ": " + e.getMessage(), e);
    }
    return new Attachments(List.copyOf(tagged.keySet()), List.copyOf(referrers.values()), downloaded);
  }

  /** Fetches {@code blobs} (digest to size) into {@code store}, several at once; the outcomes in their order. */
  private static List<RegistryClient.Fetched> fetchBlobs(RegistryClient client, Map<Digest, Long> blobs,
      BlobStore store, int parallelism) throws BasaltException {
    List<Callable<RegistryClient.Fetched>> tasks = new ArrayList<>();
    for (Map.Entry<Digest, Long> b : blobs.entrySet()) {
      tasks.add(() -> client.fetchBlob(b.getKey(), b.getValue(), store));
    }
    return ParallelTasks.run(tasks, parallelism, RegistryClient.TRANSFER_THREAD, RegistryClient::transferFailed);
  }

  /** Pulls {@code source}'s manifests and blobs into {@code store}, reusing what it holds intact. */
  public static Result fetch(RegistryReference source, BlobStore store, RegistryOptions options, BlobSightings sightings)
      throws BasaltException {
    return fetch(RegistryClient.forPull(source, options), source, store, options.parallelism(), sightings, true);
  }

  static Result fetch(RegistryClient client, RegistryReference source, BlobStore store, int parallelism,
      BlobSightings sightings, boolean withBlobs) throws BasaltException {
    RegistryClient.Manifest root = client.fetchManifest(source.manifestReference());
    Map<Digest, Long> blobs = new LinkedHashMap<>();
    Set<Digest> manifests = new LinkedHashSet<>();
    walk(client, root, store, blobs, manifests, 0);
    if (!withBlobs) {
      blobs.clear();
    }
    List<Digest> order = new ArrayList<>(blobs.keySet());
    List<RegistryClient.Fetched> fetched = fetchBlobs(client, blobs, store, parallelism);
    int downloaded = 0;
    long bytes = 0;
    for (int i = 0; i < fetched.size(); i++) {
      if (fetched.get(i).downloaded()) {
        downloaded++;
        bytes += blobs.get(order.get(i));
      }
    }
    sightings.record(source.registry(), source.repository(), order);
    sightings.save();
    List<Digest> contents = new ArrayList<>(manifests);
    contents.addAll(order);
    Descriptor rootDescriptor = Descriptor.of(root.mediaType(), root.digest(), root.bytes().length);
    return new Result(source.withDigest(root.digest()), rootDescriptor, contents, manifests.size(), downloaded,
        order.size() - downloaded, bytes);
  }

  /** Keeps {@code manifest} in {@code store} unless it is there intact. */
  static void store(RegistryClient client, RegistryClient.Manifest manifest, BlobStore store) throws RegistryException {
    try {
      if (store.find(manifest.digest(), manifest.bytes().length).isEmpty()) {
        store.putBytes(manifest.bytes(), client.repository() + " manifest " + manifest.digest());
      }
    } catch (IOException | CacheException e) {
      throw new RegistryException("cannot store manifest " + manifest.digest() + ": " + e.getMessage(), e);
    }
  }

  /** Stores {@code manifest}, then walks to its platform manifests (an index) or its blobs. */
  private static void walk(RegistryClient client, RegistryClient.Manifest manifest, BlobStore store,
      Map<Digest, Long> blobs, Set<Digest> manifests, int depth) throws RegistryException {
    if (depth > MAX_DEPTH) {
      throw new RegistryException(client.repository() + ": indexes nest deeper than " + MAX_DEPTH + " levels");
    }
    store(client, manifest, store);
    manifests.add(manifest.digest());
    JsonNode doc;
    try {
      doc = JSON.readTree(manifest.bytes());
    } catch (IOException e) {
      throw new RegistryIntegrityException("manifest " + manifest.digest() + " is not JSON", e);
    }
    if (doc.has("manifests")) {
      for (JsonNode child : doc.path("manifests")) {
        Digest d = digest(child, manifest.digest());
        if (manifests.contains(d)) {
          continue;
        }
        RegistryClient.Manifest m = client.fetchManifest(d.toString());
        if (child.has("size") && child.get("size").asLong() != m.bytes().length) {
          throw new RegistryIntegrityException("manifest " + d + " has " + m.bytes().length + " bytes, index "
              + manifest.digest() + " states " + child.get("size").asLong());
        }
        walk(client, m, store, blobs, manifests, depth + 1);
      }
      return;
    }
    List<JsonNode> descriptors = new ArrayList<>();
    if (doc.has("config")) {
      descriptors.add(doc.get("config"));
    }
    doc.path("layers").forEach(descriptors::add);
    for (JsonNode d : descriptors) {
      if (d.has("urls")) {
        continue; // a non-distributable layer: its URLs serve it, not the registry
      }
      blobs.putIfAbsent(digest(d, manifest.digest()), d.path("size").asLong(-1));
    }
  }

  private static Digest digest(JsonNode descriptor, Digest in) throws RegistryIntegrityException {
    String text = descriptor.path("digest").asText("");
    try {
      return Digest.parse(text);
    } catch (IllegalArgumentException e) {
      throw new RegistryIntegrityException("manifest " + in + " names '" + text + "', which is not a sha256 digest"
          + " (basalt reads sha256 content)");
    }
  }
}
