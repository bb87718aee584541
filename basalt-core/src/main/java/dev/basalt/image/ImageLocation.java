package dev.basalt.image;

import dev.basalt.registry.ReferenceException;
import dev.basalt.registry.RegistryReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where an image is read from, as the command line names it: {@code oci:DIR[:REF]}, a bare OCI
 * layout directory, {@code docker-archive:FILE} (what {@code docker save} writes), or an image in
 * a registry, {@code docker://HOST[:PORT]/REPO[:TAG|@DIGEST]}.
 */
public sealed interface ImageLocation {
  String OCI_PREFIX = "oci:";
  String DOCKER_ARCHIVE_PREFIX = "docker-archive:";
  String REGISTRY_PREFIX = RegistryReference.SCHEME;

  /** How the location was written, for messages and reports. */
  String display();

  /** An OCI image layout; {@code reference} selects an entry of its index.json, or is null. */
  record Layout(Path dir, String reference) implements ImageLocation {
    public Layout {
      Objects.requireNonNull(dir, "dir == null");
    }

    @Override
    public String display() {
      return OCI_PREFIX + dir + (reference == null ? "" : ":" + reference);
    }
  }

  /** A {@code docker save} tar: {@code manifest.json} and the blobs it names. */
  record DockerArchive(Path file) implements ImageLocation {
    public DockerArchive {
      Objects.requireNonNull(file, "file == null");
    }

    @Override
    public String display() {
      return DOCKER_ARCHIVE_PREFIX + file;
    }
  }

  /** An image in a registry, pulled (into the blob cache) when it is opened. */
  record Registry(RegistryReference reference) implements ImageLocation {
    public Registry {
      Objects.requireNonNull(reference, "reference == null");
    }

    @Override
    public String display() {
      return reference.display();
    }
  }

  /**
   * Parses a location. In {@code oci:DIR:REF} the reference is what follows the last colon, unless
   * the whole text names an existing directory (a path may contain colons).
   *
   * @throws ImageReadException for an empty location, a malformed registry reference or an
   *     unknown transport such as {@code containers-storage://}
   */
  static ImageLocation parse(String text) throws ImageReadException {
    Objects.requireNonNull(text, "text == null");
    if (text.startsWith(DOCKER_ARCHIVE_PREFIX)) {
      String file = text.substring(DOCKER_ARCHIVE_PREFIX.length());
      if (file.isEmpty()) {
        throw new ImageReadException("'" + text + "' names no file: write docker-archive:FILE");
      }
      return new DockerArchive(Path.of(file));
    }
    if (text.startsWith(OCI_PREFIX)) {
      String rest = text.substring(OCI_PREFIX.length());
      if (rest.isEmpty()) {
        throw new ImageReadException("'" + text + "' names no directory: write oci:DIR or oci:DIR:REF");
      }
      int colon = rest.lastIndexOf(':');
      if (colon > 0 && !Files.isDirectory(Path.of(rest))) {
        String ref = rest.substring(colon + 1);
        return new Layout(Path.of(rest.substring(0, colon)), ref.isEmpty() ? null : ref);
      }
      return new Layout(Path.of(rest), null);
    }
    if (text.startsWith(REGISTRY_PREFIX)) {
      try {
        return new Registry(RegistryReference.parse(text));
      } catch (ReferenceException e) {
        throw new ImageReadException(e.getMessage(), e);
      }
    }
    int scheme = text.indexOf("://");
    if (scheme > 0 && text.substring(0, scheme).matches("[a-z][a-z0-9+.-]*")) {
      throw new ImageReadException("cannot read '" + text + "': basalt reads oci:DIR[:REF], docker-archive:FILE and"
          + " docker://HOST/REPO[:TAG]; copy the image into one of those first (for example with skopeo copy)");
    }
    if (text.isEmpty()) {
      throw new ImageReadException("no image given: name an OCI layout (oci:DIR[:REF] or DIR), docker-archive:FILE or"
          + " docker://HOST/REPO[:TAG]");
    }
    return new Layout(Path.of(text), null);
  }
}
