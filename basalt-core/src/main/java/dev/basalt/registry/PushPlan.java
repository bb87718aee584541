package dev.basalt.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.cache.Digest;
import dev.basalt.image.ImageLocation;
import dev.basalt.image.ImageReadException;
import dev.basalt.oci.Annotations;
import dev.basalt.oci.MediaTypes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What pushing an OCI layout means: the root (an index or a manifest) with every manifest and
 * blob under it, the referrer artifacts that {@code index.json} lists for any of those manifests,
 * and the entries tagged by cosign's scheme ({@code sha256-<hex>.sig}, {@code .att}) for one of
 * them. Manifests come children first, so that pushing them in order never refers to something
 * absent; every manifest is checked against its digest as it is read.
 */
final class PushPlan {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_DEPTH = 8;
  /** cosign's tag for what belongs to {@code sha256:<hex>}: its signature, attestations, SBOM. */
  static final Pattern TAG_SCHEME = Pattern.compile("sha256-([0-9a-f]{64})(?:\\.[A-Za-z0-9_-]+)?");

  /** A manifest or index to push, and the subject it refers to if it is an artifact. */
  record Manifest(String mediaType, Digest digest, byte[] bytes, Digest subject, String artifactType,
      Map<String, String> annotations) {}

  /** A blob to push: its stated size and the layout file that holds it. */
  record Blob(Digest digest, long size, Path file) {}

  private final ImageLocation.Layout layout;
  final List<Manifest> image = new ArrayList<>();
  final List<Manifest> referrers = new ArrayList<>();
  /** Tag-scheme entries: the tag, then its manifests children first. */
  final Map<String, List<Manifest>> tagged = new LinkedHashMap<>();
  final Map<Digest, Blob> blobs = new LinkedHashMap<>();
  private final Set<Digest> seen = new LinkedHashSet<>();

  private PushPlan(ImageLocation.Layout layout) {
    this.layout = layout;
  }

  /** The root is the only image entry that {@code layout} tags (or the one its reference names). */
  static PushPlan read(ImageLocation.Layout layout) throws ImageReadException {
    PushPlan plan = new PushPlan(layout);
    Path dir = layout.dir();
    if (!Files.isRegularFile(dir.resolve("oci-layout"))) {
      throw new ImageReadException(layout.display() + ": " + dir + " is not an OCI image layout (no oci-layout file)");
    }
    JsonNode index = plan.json(plan.file(dir.resolve("index.json")), "index.json");
    List<JsonNode> roots = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<JsonNode> untagged = new ArrayList<>();
    Map<String, JsonNode> schemeTags = new LinkedHashMap<>();
    for (JsonNode d : index.path("manifests")) {
      String ref = d.path("annotations").path(Annotations.REF_NAME).asText(null);
      if (ref != null && TAG_SCHEME.matcher(ref).matches()) {
        schemeTags.put(ref, d);
      } else if (ref != null) {
        names.add(ref);
        if (layout.reference() == null || layout.reference().equals(ref)) {
          roots.add(d);
        }
      } else {
        untagged.add(d);
      }
    }
    if (layout.reference() == null && roots.isEmpty()) {
      roots.addAll(untagged.stream().filter(d -> !d.has("artifactType")).toList());
    }
    if (roots.size() != 1) {
      throw new ImageReadException(layout.display() + (roots.isEmpty()
          ? (layout.reference() == null ? ": index.json lists no image" : " has no image named '" + layout.reference() + "'")
          : " holds several images") + (names.isEmpty() ? "" : " (tags: " + String.join(", ", names) + ")")
          + (roots.size() > 1 || layout.reference() != null ? "; name one as oci:" + dir + ":REF" : ""));
    }
    plan.walk(roots.get(0), plan.image, 0);
    // Referrers of referrers (a signature of an SBOM) are found on a later round.
    List<JsonNode> pending = new ArrayList<>(untagged);
    for (boolean found = true; found; ) {
      found = false;
      for (JsonNode d : List.copyOf(pending)) {
        Digest digest = plan.digest(d, "a descriptor in index.json");
        if (plan.seen.contains(digest)) {
          pending.remove(d);
          continue;
        }
        Digest subject = plan.subjectOf(d);
        if (subject != null && plan.seen.contains(subject)) {
          plan.walk(d, plan.referrers, 0);
          pending.remove(d);
          found = true;
        }
      }
    }
    for (Map.Entry<String, JsonNode> e : schemeTags.entrySet()) {
      Matcher m = TAG_SCHEME.matcher(e.getKey());
      if (m.matches() && plan.seen.contains(new Digest(m.group(1)))) {
        List<Manifest> manifests = new ArrayList<>();
        plan.walk(e.getValue(), manifests, 0);
        plan.tagged.put(e.getKey(), manifests);
      }
    }
    return plan;
  }

  Manifest root() {
    return image.get(image.size() - 1);
  }

  private Digest subjectOf(JsonNode descriptor) throws ImageReadException {
    String type = descriptor.path("mediaType").asText();
    if (!type.equals(MediaTypes.OCI_MANIFEST) && !type.equals(MediaTypes.OCI_INDEX)) {
      return null;
    }
    Digest digest = digest(descriptor, "a descriptor in index.json");
    JsonNode doc = json(blob(digest, descriptor.path("size").asLong(-1)), "manifest " + digest);
    return doc.has("subject") ? digest(doc.get("subject"), "the subject of " + digest) : null;
  }

  private void walk(JsonNode descriptor, List<Manifest> out, int depth) throws ImageReadException {
    if (depth > MAX_DEPTH) {
      throw new ImageReadException(layout.display() + ": indexes nest deeper than " + MAX_DEPTH + " levels");
    }
    Digest digest = digest(descriptor, "a manifest descriptor");
    byte[] bytes = blob(digest, descriptor.path("size").asLong(-1));
    JsonNode doc = json(bytes, "manifest " + digest);
    String type = doc.path("mediaType").asText(descriptor.path("mediaType").asText());
    if (doc.has("manifests")) {
      for (JsonNode child : doc.path("manifests")) {
        if (!seen.contains(digest(child, "a manifest of index " + digest))) {
          walk(child, out, depth + 1);
        }
      }
    } else {
      addBlob(doc.path("config"), digest);
      for (JsonNode layer : doc.path("layers")) {
        addBlob(layer, digest);
      }
    }
    Digest subject = doc.has("subject") ? digest(doc.get("subject"), "the subject of " + digest) : null;
    String artifactType = doc.path("artifactType").asText(doc.path("config").path("mediaType").asText(null));
    Map<String, String> annotations = new TreeMap<>();
    doc.path("annotations").properties().forEach(e -> annotations.put(e.getKey(), e.getValue().asText()));
    seen.add(digest);
    out.add(new Manifest(type, digest, bytes, subject, artifactType, annotations));
  }

  private void addBlob(JsonNode descriptor, Digest manifest) throws ImageReadException {
    Digest d = digest(descriptor, "a blob of manifest " + manifest);
    if (blobs.containsKey(d)) {
      return;
    }
    Path file = layout.dir().resolve("blobs/sha256").resolve(d.hex());
    long size = descriptor.path("size").asLong(-1);
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      if (descriptor.has("urls")) {
        return; // a non-distributable layer: fetched from its URLs, never pushed
      }
      throw new ImageReadException(layout.display() + " lacks blob " + d + " (listed by manifest " + manifest
          + "); the layout is incomplete");
    }
    try {
      if (Files.size(file) != size) {
        throw new ImageReadException(layout.display() + ": blob " + d + " has " + Files.size(file)
            + " bytes, manifest " + manifest + " states " + size + "; the layout is corrupt");
      }
    } catch (IOException e) {
      throw new ImageReadException(layout.display() + ": cannot read " + file + ": " + e.getMessage(), e);
    }
    blobs.put(d, new Blob(d, size, file));
  }

  private Digest digest(JsonNode descriptor, String what) throws ImageReadException {
    String text = descriptor.path("digest").asText("");
    try {
      return Digest.parse(text);
    } catch (IllegalArgumentException e) {
      throw new ImageReadException(layout.display() + ": " + what + " has an unsupported or malformed digest '"
          + text + "' (basalt pushes sha256 content)", e);
    }
  }

  private byte[] blob(Digest digest, long size) throws ImageReadException {
    byte[] bytes = file(layout.dir().resolve("blobs/sha256").resolve(digest.hex()));
    if ((size >= 0 && bytes.length != size) || !Digest.of(bytes).equals(digest)) {
      throw new ImageReadException(layout.display() + ": manifest " + digest + " does not match its digest or size;"
          + " the layout is corrupt");
    }
    return bytes;
  }

  private byte[] file(Path file) throws ImageReadException {
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      byte[] bytes = in.readNBytes(RegistryClient.MAX_MANIFEST_BYTES + 1);
      if (bytes.length > RegistryClient.MAX_MANIFEST_BYTES) {
        throw new ImageReadException(layout.display() + ": " + file + " is too large for a manifest or index");
      }
      return bytes;
    } catch (NoSuchFileException e) {
      throw new ImageReadException(layout.display() + ": " + file + " is missing");
    } catch (IOException e) {
      throw new ImageReadException(layout.display() + ": cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private JsonNode json(byte[] bytes, String what) throws ImageReadException {
    try {
      JsonNode node = JSON.readTree(bytes);
      if (node == null || !node.isObject()) {
        throw new ImageReadException(layout.display() + ": " + what + " is not a JSON object");
      }
      return node;
    } catch (IOException e) {
      throw new ImageReadException(layout.display() + ": " + what + " is not valid JSON: " + e.getMessage(), e);
    }
  }
}
