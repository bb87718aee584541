package dev.basalt.sign;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basalt.image.ArtifactManifest;
import dev.basalt.image.ImageReadException;
import dev.basalt.image.LayoutIndex;
import dev.basalt.oci.Descriptor;
import dev.basalt.oci.ImageManifest;
import dev.basalt.oci.MediaTypes;
import dev.basalt.oci.OciLayoutWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The image cosign keeps under a tag such as {@code sha256-<hex>.sig} or {@code .att}: one layer
 * per signature (or attestation), each a payload blob whose descriptor carries what verifies it.
 * The config is what go-containerregistry's {@code mutate.Append} makes of cosign's empty
 * signatures image ({@code pkg/oci/empty}, {@code pkg/oci/mutate/signatures.go}): zero created
 * dates, one empty history entry and one diff id (the payload's digest, as a static layer is
 * uncompressed) per layer. cosign appends to the image it finds, so a layout signed by several
 * keys keeps every signature; appending what is already there changes nothing.
 */
final class CosignTagImage {
  /** Go's zero {@code time.Time}, which an unset {@code created} marshals to. */
  static final String ZERO_TIME = "0001-01-01T00:00:00Z";

  private CosignTagImage() {}

  /** The layers of the image tagged {@code tag}, empty when there is none. */
  static List<Descriptor> layers(LayoutIndex index, String tag) throws ImageReadException {
    Optional<Descriptor> existing = index.tagged(tag);
    return existing.isEmpty() ? List.of() : ArtifactManifest.read(index, existing.get()).layers();
  }

  /**
   * Writes {@code content} as a blob and tags an image holding the existing layers plus
   * {@code layer}, unless an identical layer is already there.
   *
   * @return whether index.json changes
   */
  static boolean attach(LayoutIndex index, OciLayoutWriter writer, String tag, Descriptor layer, byte[] content)
      throws ImageReadException, IOException {
    List<Descriptor> layers = new ArrayList<>(layers(index, tag));
    if (layers.contains(layer)) {
      return false;
    }
    layers.add(layer);
    writer.writeBlob(content, layer.mediaType());
    Descriptor config = writer.writeBlob(config(layers), MediaTypes.OCI_CONFIG);
    Descriptor manifest = writer.writeBlob(ImageManifest.of(config, layers, null).toJson(), MediaTypes.OCI_MANIFEST);
    return index.putTagged(manifest, tag);
  }

  /** The config go-containerregistry computes for cosign's signatures image with these layers. */
  static byte[] config(List<Descriptor> layers) {
    ObjectNode root = SignJson.object();
    root.put("architecture", "");
    root.put("created", ZERO_TIME);
    ArrayNode history = root.putArray("history");
    for (int i = 0; i < layers.size(); i++) {
      history.addObject().put("created", ZERO_TIME);
    }
    root.put("os", "");
    ObjectNode rootfs = root.putObject("rootfs");
    rootfs.put("type", "layers");
    ArrayNode diffIds = rootfs.putArray("diff_ids");
    layers.forEach(l -> diffIds.add(l.digest().toString()));
    root.putObject("config");
    return SignJson.goBytes(root);
  }
}
