package dev.basalt.image;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basalt.cache.Digest;
import dev.basalt.fs.AtomicFiles;
import dev.basalt.oci.Annotations;
import dev.basalt.oci.AttachmentTags;
import dev.basalt.oci.Descriptor;
import dev.basalt.oci.Json;
import dev.basalt.oci.OciLayoutWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A layout's {@code index.json}, edited in place: entries are added or replaced, everything else
 * (entries basalt does not model, members it does not know, their order) is written back as read,
 * so an index.json that did not change is never rewritten and one that did keeps its other bytes.
 * New entries go to the end; an entry replaced by ref name keeps its position, so the root image
 * stays first and the same edits in the same order always give the same file.
 */
public final class LayoutIndex {
  /** Manifests, indexes and small artifacts; anything larger is not one. */
  public static final int MAX_METADATA_BYTES = 16 << 20;
  /** Writes what {@link Json} writes for the same tree: compact, UTF-8, only JSON's own escapes. */
  private static final JsonMapper MAPPER = JsonMapper.builder()
      .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
      .build();

  private final Path dir;
  private final ObjectNode document;
  private final List<ObjectNode> entries;
  private boolean changed;

  private LayoutIndex(Path dir, ObjectNode document, List<ObjectNode> entries) {
    this.dir = dir;
    this.document = document;
    this.entries = entries;
  }

  /**
   * Reads the index of the layout at {@code dir}.
   *
   * @throws ImageReadException when {@code dir} is not an OCI layout or its index.json is not one
   */
  public static LayoutIndex read(Path dir) throws ImageReadException {
    String where = display(dir);
    if (!Files.isRegularFile(dir.resolve(OciLayoutWriter.LAYOUT_FILE))) {
      throw new ImageReadException(where + ": " + dir + " is not an OCI image layout (no oci-layout file)");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(readFile(dir.resolve(OciLayoutWriter.INDEX_FILE), where));
    } catch (IOException e) {
      throw new ImageReadException(where + " index.json is not valid JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject() || !root.path("manifests").isArray()) {
      throw new ImageReadException(where + " index.json is not an image index (no manifests array)");
    }
    List<ObjectNode> entries = new ArrayList<>();
    for (JsonNode entry : root.get("manifests")) {
      if (!entry.isObject()) {
        throw new ImageReadException(where + " index.json lists something that is not a descriptor: " + entry);
      }
      entries.add((ObjectNode) entry);
    }
    return new LayoutIndex(dir, (ObjectNode) root, entries);
  }

  public Path dir() {
    return dir;
  }

  /** How the layout is named in messages: {@code oci:DIR}. */
  public String display() {
    return display(dir);
  }

  /** The entries basalt can read (sha256 digests), in index order. */
  public List<Descriptor> descriptors() {
    List<Descriptor> out = new ArrayList<>();
    for (ObjectNode e : entries) {
      Descriptor d = DescriptorJson.read(e);
      if (d != null) {
        out.add(d);
      }
    }
    return out;
  }

  /** The entry whose ref name is {@code ref}. */
  public Optional<Descriptor> tagged(String ref) {
    return descriptors().stream().filter(d -> ref.equals(d.annotations().get(Annotations.REF_NAME))).findFirst();
  }

  /**
   * The image the layout holds: the entry tagged {@code reference}, or without one the only image
   * or index entry that is neither an artifact nor a cosign attachment tag (the named one when
   * untagged artifacts sit beside it, as a basalt build's SBOMs do).
   *
   * @throws ImageReadException when nothing, or more than one image, answers
   */
  public Descriptor root(String reference) throws ImageReadException {
    if (reference != null) {
      Optional<Descriptor> named = tagged(reference);
      if (named.isEmpty()) {
        throw new ImageReadException(display() + ": the layout has no image named '" + reference + "'"
            + (refs().isEmpty() ? "" : "; it has " + String.join(", ", refs())));
      }
      return named.get();
    }
    List<Descriptor> candidates = new ArrayList<>();
    List<Descriptor> named = new ArrayList<>();
    for (Descriptor d : descriptors()) {
      String ref = d.annotations().get(Annotations.REF_NAME);
      if (d.artifactType() != null || !DescriptorJson.isImage(d.mediaType()) || AttachmentTags.isAttachment(ref)) {
        continue;
      }
      candidates.add(d);
      if (ref != null) {
        named.add(d);
      }
    }
    if (named.size() == 1) {
      return named.get(0);
    }
    if (candidates.size() == 1) {
      return candidates.get(0);
    }
    if (candidates.isEmpty()) {
      throw new ImageReadException(display() + ": index.json lists no image");
    }
    throw new ImageReadException(display() + " holds several images (" + String.join(", ", refs())
        + "); name one as oci:" + dir + ":REF");
  }

  /**
   * Lists {@code d} under ref name {@code ref}, replacing the entry that has that name now.
   *
   * @return whether index.json changes
   */
  public boolean putTagged(Descriptor d, String ref) {
    if (!OciLayoutWriter.isValidReference(ref)) {
      throw new IllegalArgumentException("not a valid OCI layout reference: " + ref);
    }
    Map<String, String> annotations = new TreeMap<>(d.annotations());
    annotations.put(Annotations.REF_NAME, ref);
    ObjectNode node = node(d.withAnnotations(annotations));
    for (int i = 0; i < entries.size(); i++) {
      if (ref.equals(entries.get(i).path("annotations").path(Annotations.REF_NAME).asText(null))) {
        return replace(i, node);
      }
    }
    return append(node);
  }

  /**
   * Lists {@code d} without a ref name, as OCI 1.1 lists referrers in a layout; an untagged entry
   * with the same digest is replaced.
   *
   * @return whether index.json changes
   */
  public boolean addUntagged(Descriptor d) {
    if (d.annotations().containsKey(Annotations.REF_NAME)) {
      throw new IllegalArgumentException("an untagged entry carries no ref name: " + d);
    }
    ObjectNode node = node(d);
    for (int i = 0; i < entries.size(); i++) {
      ObjectNode e = entries.get(i);
      if (d.digest().toString().equals(e.path("digest").asText()) && !e.path("annotations").has(Annotations.REF_NAME)) {
        return replace(i, node);
      }
    }
    return append(node);
  }

  /** Whether an edit changed the index since it was read. */
  public boolean changed() {
    return changed;
  }

  /** The index.json bytes as they stand. */
  public byte[] toJson() {
    ObjectNode out = document.deepCopy();
    ArrayNode manifests = MAPPER.createArrayNode();
    entries.forEach(manifests::add);
    out.set("manifests", manifests);
    try {
      return MAPPER.writeValueAsBytes(out);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  /** Replaces index.json atomically, if an edit changed it; blobs must be written before. */
  public void write() throws IOException {
    if (changed) {
      AtomicFiles.write(dir.resolve(OciLayoutWriter.INDEX_FILE), toJson());
      changed = false;
    }
  }

  /**
   * The bytes of a small blob, checked against the digest and size that name it.
   *
   * @throws ImageReadException when it is missing, too large, or not what its descriptor says
   */
  public byte[] readBlob(Digest digest, long size) throws ImageReadException {
    if (size > MAX_METADATA_BYTES) {
      throw new ImageReadException(display() + ": blob " + digest + " claims " + size + " bytes, more than a manifest"
          + " or signature can have");
    }
    byte[] bytes = readFile(dir.resolve("blobs").resolve(Digest.ALGORITHM).resolve(digest.hex()), display());
    if ((size >= 0 && bytes.length != size) || !Digest.of(bytes).equals(digest)) {
      throw new ImageReadException(display() + ": blob " + digest + " does not match its descriptor (" + bytes.length
          + " bytes, digest " + Digest.of(bytes) + "): the blob is corrupt or was tampered with");
    }
    return bytes;
  }

  public byte[] readBlob(Descriptor d) throws ImageReadException {
    return readBlob(d.digest(), d.size());
  }

  private Set<String> refs() {
    Set<String> refs = new LinkedHashSet<>();
    for (Descriptor d : descriptors()) {
      String ref = d.annotations().get(Annotations.REF_NAME);
      if (ref != null && !AttachmentTags.isAttachment(ref)) {
        refs.add(ref);
      }
    }
    return refs;
  }

  private boolean replace(int i, ObjectNode node) {
    if (entries.get(i).equals(node)) {
      return false;
    }
    entries.set(i, node);
    changed = true;
    return true;
  }

  private boolean append(ObjectNode node) {
    entries.add(node);
    changed = true;
    return true;
  }

  private static ObjectNode node(Descriptor d) {
    try {
      return (ObjectNode) MAPPER.readTree(Json.bytes(d));
    } catch (IOException e) {
      throw new IllegalStateException("canonical JSON always parses", e);
    }
  }

  private static String display(Path dir) {
    return "oci:" + dir;
  }

  private static byte[] readFile(Path file, String where) throws ImageReadException {
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      byte[] bytes = in.readNBytes(MAX_METADATA_BYTES + 1);
      if (bytes.length > MAX_METADATA_BYTES) {
        throw new ImageReadException(where + ": " + file + " is too large for a manifest, index or signature");
      }
      return bytes;
    } catch (NoSuchFileException e) {
      throw new ImageReadException(where + ": " + file + " is missing");
    } catch (IOException e) {
      throw new ImageReadException(where + ": cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
