package dev.basalt.oci;

import dev.basalt.cache.Digest;
import dev.basalt.cache.FileDigest;
import dev.basalt.fs.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Writes images into an OCI image layout directory: {@code oci-layout}, content-addressed
 * {@code blobs/sha256/<hex>}, and {@code index.json} naming one root under a reference. Every file
 * is written atomically, blobs before the index that reaches them, and a blob already present
 * with the right content is left alone; {@code index.json} is replaced, keeping no other tags.
 */
public final class OciLayoutWriter {
  public static final String LAYOUT_FILE = "oci-layout";
  public static final String LAYOUT_VERSION = "1.0.0";
  public static final String INDEX_FILE = "index.json";
  public static final String DEFAULT_REFERENCE = "latest";

  /** The image spec's grammar for {@code org.opencontainers.image.ref.name}. */
  private static final Pattern REFERENCE = Pattern.compile(
      "[A-Za-z0-9]+(?:(?:[-._:@+]|--)[A-Za-z0-9]+)*(?:/[A-Za-z0-9]+(?:(?:[-._:@+]|--)[A-Za-z0-9]+)*)*");

  private final Path dir;
  /** Blobs the caller has checked against their digests, by digest: the file that was checked. */
  private final Map<Digest, Path> checked = new HashMap<>();

  public OciLayoutWriter(Path dir) {
    this.dir = Objects.requireNonNull(dir, "dir == null");
  }

  /**
   * Writes every image, an image index over them (one manifest per platform) and tags the index
   * {@code reference}; returns the index's descriptor.
   */
  public Descriptor write(List<PlatformImage> images, Map<String, String> indexAnnotations, String reference)
      throws IOException {
    checkReference(reference);
    if (images.isEmpty()) {
      throw new IllegalArgumentException("no images to write");
    }
    Set<Platform> platforms = new HashSet<>();
    List<Descriptor> manifests = new ArrayList<>();
    for (PlatformImage image : images) {
      if (!platforms.add(image.platform())) {
        throw new IllegalArgumentException("two images for platform " + image.platform());
      }
      manifests.add(writeImage(image));
    }
    Descriptor index = writeBlob(ImageIndex.of(manifests, indexAnnotations).toJson(), MediaTypes.OCI_INDEX);
    tag(index, reference);
    return index;
  }

  /** Writes one image's layers, config and manifest; returns the manifest's descriptor with its platform. */
  public Descriptor writeImage(PlatformImage image) throws IOException {
    for (LayerFile layer : image.layers()) {
      copyBlob(layer.layer().descriptor(), layer.file());
    }
    writeBlob(image.config().toJson(), MediaTypes.OCI_CONFIG);
    return writeBlob(image.manifest().toJson(), MediaTypes.OCI_MANIFEST).withPlatform(image.platform());
  }

  /** Writes {@code bytes} as a blob; returns its descriptor. */
  public Descriptor writeBlob(byte[] bytes, String mediaType) throws IOException {
    Descriptor d = Descriptor.of(mediaType, bytes);
    Path target = blobPath(d.digest());
    if (!holds(target, d)) {
      AtomicFiles.write(target, bytes);
    }
    return d;
  }

  /**
   * Copies {@code file} in as the blob {@code descriptor} names, checking its size and digest on
   * the way; a file that does not match is refused and nothing is written.
   */
  public void copyBlob(Descriptor descriptor, Path file) throws IOException {
    Path target = blobPath(descriptor.digest());
    if (holds(target, descriptor)) {
      return;
    }
    Path tmp = AtomicFiles.tempSibling(target);
    try {
      Digest actual;
      long size;
      try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
          DigestingOutputStream out = new DigestingOutputStream(Files.newOutputStream(tmp))) {
        in.transferTo(out);
        actual = out.digest();
        size = out.count();
      }
      if (!actual.equals(descriptor.digest()) || size != descriptor.size()) {
        throw new IOException(file + " has digest " + actual + " and " + size + " bytes, but is to be blob "
            + descriptor.digest() + " of " + descriptor.size() + " bytes; it changed after it was written");
      }
      AtomicFiles.commit(tmp, target);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Writes {@code oci-layout} and an {@code index.json} whose one entry is {@code root}, tagged {@code reference}. */
  public void tag(Descriptor root, String reference) throws IOException {
    tag(root, reference, List.of());
  }

  /**
   * Writes {@code oci-layout} and an {@code index.json} listing {@code root}, tagged
   * {@code reference}, then {@code referrers} (artifact manifests, untagged), as OCI 1.1 lists
   * the artifacts that refer to an image in a layout.
   */
  public void tag(Descriptor root, String reference, List<Descriptor> referrers) throws IOException {
    checkReference(reference);
    Map<String, String> annotations = new TreeMap<>(root.annotations());
    annotations.put(Annotations.REF_NAME, reference);
    AtomicFiles.write(dir.resolve(LAYOUT_FILE), layoutFile());
    List<Descriptor> entries = new ArrayList<>();
    entries.add(root.withAnnotations(annotations));
    entries.addAll(referrers);
    AtomicFiles.write(dir.resolve(INDEX_FILE), ImageIndex.of(entries, null).toJson());
  }

  /**
   * Writes an artifact (its blob, the empty config, and a manifest whose {@code subject} is
   * {@code subject}); returns the manifest's descriptor carrying {@code artifactType} and
   * {@code annotations}, ready to be listed in index.json.
   */
  public Descriptor writeReferrer(Descriptor subject, String artifactType, byte[] content, String contentMediaType,
      Map<String, String> annotations) throws IOException {
    Descriptor blob = writeBlob(content, contentMediaType);
    writeBlob(new byte[] {'{', '}'}, MediaTypes.OCI_EMPTY);
    ImageManifest manifest = ImageManifest.artifact(artifactType, List.of(blob), subject, annotations);
    Descriptor d = writeBlob(manifest.toJson(), MediaTypes.OCI_MANIFEST);
    return new Descriptor(d.mediaType(), d.digest(), d.size(), annotations, null, artifactType);
  }

  /** The bytes of {@code oci-layout}. */
  public static byte[] layoutFile() {
    return Json.bytes(Map.of("imageLayoutVersion", LAYOUT_VERSION));
  }

  public Path blobPath(Digest digest) {
    return dir.resolve("blobs").resolve(Digest.ALGORITHM).resolve(digest.hex());
  }

  /**
   * Whether {@code reference} may name a root in {@code index.json}: components of letters and
   * digits joined by {@code - . _ : @ +} or {@code --}, separated by {@code /}.
   */
  public static boolean isValidReference(String reference) {
    return reference != null && REFERENCE.matcher(reference).matches();
  }

  private static void checkReference(String reference) {
    if (!isValidReference(reference)) {
      throw new IllegalArgumentException("not a valid OCI layout reference (like latest, 1.2.3 or v1-debug): "
          + reference);
    }
  }

  /**
   * Records that the caller has just hashed {@code file} and found it to be the blob {@code d}:
   * when that very file (the same inode, as a hard link is) is to be the layout's blob, it is not
   * hashed a second time.
   */
  public void checked(Descriptor d, Path file) {
    checked.put(d.digest(), file);
  }

  private boolean holds(Path blob, Descriptor d) throws IOException {
    if (!Files.isRegularFile(blob, LinkOption.NOFOLLOW_LINKS) || Files.size(blob) != d.size()) {
      return false;
    }
    Path known = checked.get(d.digest());
    if (known != null && Files.isSameFile(known, blob)) {
      return true;
    }
    return FileDigest.of(blob).digest().equals(d.digest());
  }
}
