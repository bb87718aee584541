package dev.basalt.sign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.image.DescriptorJson;
import dev.basalt.image.ImageReadException;
import dev.basalt.image.LayoutIndex;
import dev.basalt.oci.Annotations;
import dev.basalt.oci.Descriptor;
import dev.basalt.oci.MediaTypes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The digests a signature of a layout's image covers: the root (the image index a basalt build
 * tags, or a single manifest) and, under an index, each platform's manifest, so that a client
 * that resolves a platform first still finds a signature for what it pulls.
 *
 * @param refName the root's ref name in index.json, or null
 * @param title the root's {@code org.opencontainers.image.title} annotation, or null
 */
record SigningTargets(Target root, List<Target> platforms, String refName, String title) {
  /** Buildx lists attestation manifests in an index under this annotation; they are not platforms. */
  private static final String DOCKER_REFERENCE_TYPE = "vnd.docker.reference.type";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** One signed digest and how reports name it: "image index", "linux/amd64". */
  record Target(String label, Descriptor descriptor) {
    Target {
      Objects.requireNonNull(label, "label == null");
      Objects.requireNonNull(descriptor, "descriptor == null");
    }
  }

  SigningTargets {
    Objects.requireNonNull(root, "root == null");
    platforms = List.copyOf(platforms);
  }

  /** Root first, then the platforms in index order. */
  List<Target> all() {
    List<Target> all = new ArrayList<>();
    all.add(root);
    all.addAll(platforms);
    return all;
  }

  /**
   * The root tagged {@code reference} (see {@link LayoutIndex#root}) and its platform manifests.
   *
   * @throws ImageReadException when there is no such image or its root blob is unreadable
   */
  static SigningTargets of(LayoutIndex index, String reference) throws ImageReadException {
    Descriptor root = index.root(reference);
    JsonNode doc;
    try {
      doc = MAPPER.readTree(index.readBlob(root));
    } catch (IOException e) {
      throw new ImageReadException(index.display() + " manifest " + root.digest() + " is not valid JSON: "
          + e.getMessage(), e);
    }
    String title = doc.path("annotations").path(Annotations.TITLE).asText(null);
    boolean isIndex = doc.path("manifests").isArray();
    List<Target> platforms = new ArrayList<>();
    if (isIndex) {
      for (JsonNode child : doc.get("manifests")) {
        Descriptor d = DescriptorJson.read(child);
        if (d == null || !DescriptorJson.isImage(d.mediaType()) || d.annotations().containsKey(DOCKER_REFERENCE_TYPE)
            || (d.platform() != null && d.platform().os().equals("unknown"))) {
          continue;
        }
        String label = d.platform() != null ? d.platform().toString() : "manifest " + d.digest().hex().substring(0, 12);
        platforms.add(new Target(label, new Descriptor(d.mediaType(), d.digest(), d.size(), null, null, null)));
      }
    }
    String rootLabel = isIndex || root.mediaType().equals(MediaTypes.OCI_INDEX) ? "image index" : "image manifest";
    Descriptor bare = new Descriptor(root.mediaType(), root.digest(), root.size(), null, null, null);
    return new SigningTargets(new Target(rootLabel, bare), platforms, root.annotations().get(Annotations.REF_NAME), title);
  }
}
