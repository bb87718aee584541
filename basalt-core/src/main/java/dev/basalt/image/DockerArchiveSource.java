package dev.basalt.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.cache.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

/**
 * Reads a {@code docker save} archive: {@code manifest.json} names each image's config and layer
 * files. Configs are checked against the digest their name carries; layers against the config's
 * diff ids (and against their blob digest where the archive stores them under
 * {@code blobs/sha256/}, as Docker 25 and later do).
 */
final class DockerArchiveSource implements ImageSource {
  static final String MANIFEST = "manifest.json";
  private static final Pattern DIGEST_NAME = Pattern.compile("(?:.*/)?(?:sha256[:/])?([0-9a-f]{64})(?:\\.json)?");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final ImageLocation.DockerArchive location;
  private final TarFile tar;
  private final Map<String, TarArchiveEntry> entries;
  private final List<SourceImage> images;

  private DockerArchiveSource(ImageLocation.DockerArchive location, TarFile tar, Map<String, TarArchiveEntry> entries,
      List<SourceImage> images) {
    this.location = location;
    this.tar = tar;
    this.entries = entries;
    this.images = List.copyOf(images);
  }

  static DockerArchiveSource open(ImageLocation.DockerArchive location) throws ImageReadException {
    Path file = location.file();
    if (!Files.isRegularFile(file)) {
      throw new ImageReadException(location.display() + ": " + file + " is not a file");
    }
    TarFile tar;
    try {
      tar = new TarFile(file);
    } catch (IOException e) {
      throw new ImageReadException(location.display() + ": " + file + " is not a readable tar archive: " + e.getMessage(), e);
    }
    try {
      Map<String, TarArchiveEntry> entries = new HashMap<>();
      for (TarArchiveEntry e : tar.getEntries()) {
        entries.put(clean(e.getName()), e);
      }
      byte[] manifestBytes = read(tar, entries, MANIFEST, location);
      JsonNode manifest;
      try {
        manifest = MAPPER.readTree(manifestBytes);
      } catch (IOException e) {
        throw new ImageReadException(location.display() + ": manifest.json is not valid JSON: " + e.getMessage(), e);
      }
      if (manifest == null || !manifest.isArray() || manifest.isEmpty()) {
        throw new ImageReadException(location.display() + ": manifest.json lists no image");
      }
      List<SourceImage> images = new ArrayList<>();
      for (JsonNode item : manifest) {
        images.add(image(tar, entries, item, location));
      }
      return new DockerArchiveSource(location, tar, entries, images);
    } catch (ImageReadException | RuntimeException e) {
      try {
        tar.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private static SourceImage image(TarFile tar, Map<String, TarArchiveEntry> entries, JsonNode item,
      ImageLocation.DockerArchive location) throws ImageReadException {
    String configName = item.path("Config").asText("");
    if (configName.isEmpty()) {
      throw new ImageReadException(location.display() + ": an entry of manifest.json names no Config");
    }
    byte[] configBytes = read(tar, entries, configName, location);
    Digest configDigest = Digest.of(configBytes);
    Digest named = digestInName(configName);
    if (named != null && !named.equals(configDigest)) {
      throw new ImageReadException(location.display() + ": config " + configName + " does not match the digest in its "
          + "name: the archive is corrupt or was tampered with");
    }
    ConfigView config = ConfigView.parse(configBytes, location.display() + " config " + configName);
    List<SourceImage.LayerBlob> layers = new ArrayList<>();
    JsonNode layerNames = item.path("Layers");
    if (layerNames.size() != config.diffIds().size()) {
      throw new ImageReadException(location.display() + ": manifest.json lists " + layerNames.size()
          + " layers but config " + configName + " lists " + config.diffIds().size() + " diff ids");
    }
    for (int i = 0; i < layerNames.size(); i++) {
      String name = clean(layerNames.get(i).asText());
      if (!entries.containsKey(name)) {
        throw new ImageReadException(location.display() + ": layer " + name + " named in manifest.json is missing");
      }
      Digest blob = name.startsWith("blobs/sha256/") ? digestInName(name) : null;
      layers.add(new SourceImage.LayerBlob(null, blob, entries.get(name).getSize(), config.diffIds().get(i), name));
    }
    String tag = item.path("RepoTags").isArray() && !item.path("RepoTags").isEmpty()
        ? item.path("RepoTags").get(0).asText() : null;
    return new SourceImage(tag, null, configDigest, config, layers);
  }

  private static Digest digestInName(String name) {
    Matcher m = DIGEST_NAME.matcher(name);
    return m.matches() ? new Digest(m.group(1)) : null;
  }

  private static byte[] read(TarFile tar, Map<String, TarArchiveEntry> entries, String name,
      ImageLocation.DockerArchive location) throws ImageReadException {
    TarArchiveEntry e = entries.get(clean(name));
    if (e == null) {
      throw new ImageReadException(location.display() + ": " + name + " is missing from the archive");
    }
    if (e.getSize() > OciLayoutSource.MAX_METADATA_BYTES) {
      throw new ImageReadException(location.display() + ": " + name + " is too large for a manifest or config");
    }
    try (InputStream in = tar.getInputStream(e)) {
      return in.readAllBytes();
    } catch (IOException ex) {
      throw new ImageReadException(location.display() + ": cannot read " + name + ": " + ex.getMessage(), ex);
    }
  }

  private static String clean(String name) {
    String n = name;
    while (n.startsWith("./")) {
      n = n.substring(2);
    }
    return n.startsWith("/") ? n.substring(1) : n;
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
    TarArchiveEntry e = entries.get(layer.location());
    InputStream raw = tar.getInputStream(e);
    String what = location.display() + " layer " + layer.location();
    if (layer.digest() != null) {
      raw = LayerStreams.verifying(raw, layer.digest(), layer.size(), what);
    }
    InputStream tarStream = LayerStreams.decompress(raw, what);
    return layer.diffId() == null ? tarStream : LayerStreams.verifying(tarStream, layer.diffId(), -1, what + " (uncompressed)");
  }

  @Override
  public InputStream openStoredLayer(SourceImage image, SourceImage.LayerBlob layer) throws IOException {
    InputStream raw = tar.getInputStream(entries.get(layer.location()));
    return layer.digest() == null ? raw : LayerStreams.verifying(raw, layer.digest(), layer.size(),
        location.display() + " layer " + layer.location());
  }

  /** An archive names its config by a file name that normally carries its digest; any member with that digest will do. */
  @Override
  public byte[] configBytes(SourceImage image) throws ImageReadException {
    String hex = image.configDigest().hex();
    List<String> candidates = new ArrayList<>();
    for (Map.Entry<String, TarArchiveEntry> e : entries.entrySet()) {
      if (e.getKey().contains(hex)) {
        candidates.add(0, e.getKey());
      } else if (e.getKey().endsWith(".json") && e.getValue().getSize() <= OciLayoutSource.MAX_METADATA_BYTES) {
        candidates.add(e.getKey());
      }
    }
    for (String name : candidates) {
      byte[] bytes = read(tar, entries, name, location);
      if (Digest.of(bytes).equals(image.configDigest())) {
        return bytes;
      }
    }
    throw new ImageReadException(location.display() + " holds no config " + image.configDigest());
  }

  @Override
  public void close() throws IOException {
    tar.close();
  }
}
