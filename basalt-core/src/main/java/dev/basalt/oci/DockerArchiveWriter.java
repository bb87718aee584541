package dev.basalt.oci;

import dev.basalt.cache.Digest;
import dev.basalt.fs.AtomicFiles;
import dev.basalt.fs.Content;
import dev.basalt.fs.FileEntry;
import dev.basalt.fs.FileTree;
import dev.basalt.fs.ReproducibleTarWriter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Writes one platform's image as a docker-archive tar, the input of {@code docker load},
 * {@code podman load} and skopeo's {@code docker-archive:} transport. The layout is Docker 25's:
 * {@code manifest.json} pointing at blobs stored as {@code blobs/sha256/<hex>} (layers as their
 * compressed blobs, which every loader decompresses), plus {@code oci-layout}, {@code index.json}
 * and the OCI manifest, so the same file is also an OCI archive. The tar itself is reproducible.
 */
public final class DockerArchiveWriter {
  public static final String MANIFEST_FILE = "manifest.json";
  public static final String DEFAULT_TAG = "latest";

  /** Docker's reference grammar: optional registry host, lower-case path components, a tag. */
  private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
  private static final Pattern REPO_TAG = Pattern.compile(
      "(?:[A-Za-z0-9.-]+(?::[0-9]+)?/)?" + COMPONENT + "(?:/" + COMPONENT + ")*:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  private static final int FILE_MODE = 0644;
  private static final int BUFFER_SIZE = 64 * 1024;

  private final ReproducibleTarWriter tarWriter;
  private final long epoch;

  /** A writer giving every archive member the mtime {@code epoch}. */
  public DockerArchiveWriter(long epoch) {
    this.tarWriter = new ReproducibleTarWriter(epoch);
    this.epoch = epoch;
  }

  /** One entry of {@code manifest.json}. */
  public record ManifestEntry(
      @Json.Name("Config") String config,
      @Json.Name("RepoTags") List<String> repoTags,
      @Json.Name("Layers") List<String> layers) {}

  /**
   * Writes {@code image} tagged {@code repoTag} ({@code name:tag}; {@code :latest} is added
   * when no tag is given) to {@code target}, atomically.
   */
  public void write(PlatformImage image, String repoTag, Path target) throws IOException {
    Objects.requireNonNull(image, "image == null");
    String tagged = normalizeRepoTag(repoTag);
    FileTree tree = new FileTree();
    byte[] config = image.config().toJson();
    Digest configDigest = Digest.of(config);
    addFile(tree, blobName(configDigest), Content.Inline.of(config));
    for (LayerFile l : image.layers()) {
      addFile(tree, blobName(l.layer().digest()),
          new Content.Stored(l.file(), l.layer().size(), l.layer().digest()));
    }
    ManifestEntry entry = new ManifestEntry(blobName(configDigest), List.of(tagged),
        image.layers().stream().map(l -> blobName(l.layer().digest())).toList());
    addFile(tree, MANIFEST_FILE, Content.Inline.of(Json.bytes(List.of(entry))));

    byte[] manifest = image.manifest().toJson();
    Descriptor manifestDescriptor = Descriptor.of(MediaTypes.OCI_MANIFEST, manifest)
        .withPlatform(image.platform())
        .withAnnotations(Map.of(Annotations.REF_NAME, tagged.substring(tagged.lastIndexOf(':') + 1)));
    addFile(tree, blobName(manifestDescriptor.digest()), Content.Inline.of(manifest));
    addFile(tree, OciLayoutWriter.INDEX_FILE,
        Content.Inline.of(ImageIndex.of(List.of(manifestDescriptor), null).toJson()));
    addFile(tree, OciLayoutWriter.LAYOUT_FILE, Content.Inline.of(OciLayoutWriter.layoutFile()));

    AtomicFiles.write(target, out -> tarWriter.write(tree, new BufferedOutputStream(out, BUFFER_SIZE)));
  }

  /** {@code repoTag} with {@code :latest} added when it has no tag. */
  static String normalizeRepoTag(String repoTag) {
    Objects.requireNonNull(repoTag, "repoTag == null");
    String tagged = repoTag.lastIndexOf(':') > repoTag.lastIndexOf('/') ? repoTag : repoTag + ":" + DEFAULT_TAG;
    if (!REPO_TAG.matcher(tagged).matches()) {
      throw new IllegalArgumentException("not a Docker image name with tag (like basalt/base:1.0): " + repoTag);
    }
    return tagged;
  }

  private static String blobName(Digest digest) {
    return "blobs/" + Digest.ALGORITHM + "/" + digest.hex();
  }

  private void addFile(FileTree tree, String name, Content content) {
    tree.put(new FileEntry.RegularFile("/" + name, FILE_MODE, 0, 0, epoch, null, content));
  }
}
