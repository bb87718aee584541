package dev.basalt.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basalt.cache.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Images made in tests the way other tools make them (JSON written with plain Jackson, layers
 * with commons-compress and the JDK's gzip), so that readers and the auditor are tested against
 * something basalt's own writers did not produce: whiteouts, devices, capabilities, hard links,
 * entries that climb out of the root.
 */
public final class TestImage {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ObjectNode config = JSON.createObjectNode();
  private final List<byte[]> layers = new ArrayList<>();

  private TestImage(String arch) {
    config.put("architecture", arch).put("os", "linux").put("created", "2026-11-20T00:00:00Z");
    config.putObject("config");
    config.putObject("rootfs").put("type", "layers").putArray("diff_ids");
  }

  public static TestImage linux(String arch) {
    return new TestImage(arch);
  }

  /** Edits the config's {@code config} object (User, Env, ExposedPorts...). */
  public TestImage config(Consumer<ObjectNode> edit) {
    edit.accept((ObjectNode) config.get("config"));
    return this;
  }

  /** Edits the top-level config (created, architecture...). */
  public TestImage top(Consumer<ObjectNode> edit) {
    edit.accept(config);
    return this;
  }

  public TestImage layer(Consumer<Layer> entries) {
    Layer l = new Layer();
    entries.accept(l);
    layers.add(l.tar());
    ((ArrayNode) config.get("rootfs").get("diff_ids")).add(Digest.of(layers.get(layers.size() - 1)).toString());
    return this;
  }

  /** A layer of exactly these (uncompressed) bytes, for malformed tars; written gzipped like the others. */
  public TestImage rawLayer(byte[] tar) {
    layers.add(tar.clone());
    ((ArrayNode) config.get("rootfs").get("diff_ids")).add(Digest.of(tar).toString());
    return this;
  }

  /** One layer tar, built entry by entry. */
  public static final class Layer {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar;

    Layer() {
      tar = new TarArchiveOutputStream(bytes);
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    public Layer dir(String name, int mode) {
      return put(entry(name + "/", TarConstants.LF_DIR, mode, 0), null);
    }

    public Layer file(String name, String content, int mode) {
      return file(name, content, mode, 0);
    }

    public Layer file(String name, String content, int mode, int uid) {
      byte[] data = content.getBytes(StandardCharsets.UTF_8);
      TarArchiveEntry e = entry(name, TarConstants.LF_NORMAL, mode, uid);
      e.setSize(data.length);
      return put(e, data);
    }

    public Layer fileWithCapabilities(String name, String content, int mode) {
      byte[] data = content.getBytes(StandardCharsets.UTF_8);
      TarArchiveEntry e = entry(name, TarConstants.LF_NORMAL, mode, 0);
      e.setSize(data.length);
      e.addPaxHeader("SCHILY.xattr.security.capability", "\u0001\u0000\u0000\u0002");
      return put(e, data);
    }

    public Layer symlink(String name, String target) {
      TarArchiveEntry e = entry(name, TarConstants.LF_SYMLINK, 0777, 0);
      e.setLinkName(target);
      return put(e, null);
    }

    public Layer hardlink(String name, String target) {
      TarArchiveEntry e = entry(name, TarConstants.LF_LINK, 0644, 0);
      e.setLinkName(target);
      return put(e, null);
    }

    public Layer charDevice(String name, int major, int minor) {
      TarArchiveEntry e = entry(name, TarConstants.LF_CHR, 0666, 0);
      e.setDevMajor(major);
      e.setDevMinor(minor);
      return put(e, null);
    }

    /** A {@code .wh.} entry removing {@code name} from the layers below. */
    public Layer whiteout(String name) {
      int slash = name.lastIndexOf('/');
      return file(name.substring(0, slash + 1) + ".wh." + name.substring(slash + 1), "", 0644);
    }

    /** Marks {@code dir} opaque: what the layers below put in it is hidden. */
    public Layer opaque(String dir) {
      return file(dir + "/.wh..wh..opq", "", 0644);
    }

    /** An entry named exactly {@code rawName}, e.g. one that climbs out with {@code ..}. */
    public Layer raw(String rawName, String content) {
      byte[] data = content.getBytes(StandardCharsets.UTF_8);
      TarArchiveEntry e = new TarArchiveEntry(rawName, TarConstants.LF_NORMAL, true);
      e.setMode(0644);
      e.setSize(data.length);
      return put(e, data);
    }

    private static TarArchiveEntry entry(String name, byte type, int mode, int uid) {
      String n = name.startsWith("/") ? name.substring(1) : name;
      TarArchiveEntry e = new TarArchiveEntry(n, type, true);
      e.setMode(mode);
      e.setUserId(uid);
      e.setGroupId(uid);
      return e;
    }

    private Layer put(TarArchiveEntry e, byte[] data) {
      try {
        tar.putArchiveEntry(e);
        if (data != null) {
          tar.write(data);
        }
        tar.closeArchiveEntry();
      } catch (IOException ex) {
        throw new UncheckedIOException(ex);
      }
      return this;
    }

    byte[] tar() {
      try {
        tar.finish();
        tar.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return bytes.toByteArray();
    }
  }

  /** Writes an OCI layout at {@code dir} with this one image (gzip layers) under {@code ref}. */
  public Path writeLayout(Path dir, String ref) throws IOException {
    Files.createDirectories(dir.resolve("blobs/sha256"));
    Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    ObjectNode manifest = manifest(dir);
    byte[] manifestBytes = JSON.writeValueAsBytes(manifest);
    Digest md = blob(dir, manifestBytes);
    ObjectNode index = JSON.createObjectNode().put("schemaVersion", 2);
    ObjectNode d = index.putArray("manifests").addObject()
        .put("mediaType", "application/vnd.oci.image.manifest.v1+json")
        .put("digest", md.toString()).put("size", manifestBytes.length);
    if (ref != null) {
      d.putObject("annotations").put("org.opencontainers.image.ref.name", ref);
    }
    Files.write(dir.resolve("index.json"), JSON.writeValueAsBytes(index));
    return dir;
  }

  private ObjectNode manifest(Path dir) throws IOException {
    byte[] configBytes = JSON.writeValueAsBytes(config);
    Digest cd = blob(dir, configBytes);
    ObjectNode manifest = JSON.createObjectNode().put("schemaVersion", 2)
        .put("mediaType", "application/vnd.oci.image.manifest.v1+json");
    manifest.putObject("config").put("mediaType", "application/vnd.oci.image.config.v1+json")
        .put("digest", cd.toString()).put("size", configBytes.length);
    ArrayNode ls = manifest.putArray("layers");
    for (byte[] layer : layers) {
      byte[] gz = gzip(layer);
      Digest ld = blob(dir, gz);
      ls.addObject().put("mediaType", "application/vnd.oci.image.layer.v1.tar+gzip")
          .put("digest", ld.toString()).put("size", gz.length);
    }
    return manifest;
  }

  /** Writes a {@code docker save}-style archive (uncompressed layers under {@code <n>/layer.tar}) with {@code tag}. */
  public Path writeDockerArchive(Path file, String tag) throws IOException {
    byte[] configBytes = JSON.writeValueAsBytes(config);
    String configName = Digest.of(configBytes).hex() + ".json";
    ArrayNode manifest = JSON.createArrayNode();
    ObjectNode item = manifest.addObject().put("Config", configName);
    item.putArray("RepoTags").add(tag);
    ArrayNode names = item.putArray("Layers");
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(Files.newOutputStream(file))) {
      add(out, configName, configBytes);
      for (int i = 0; i < layers.size(); i++) {
        String name = "layer" + i + "/layer.tar";
        names.add(name);
        add(out, name, layers.get(i));
      }
      add(out, "manifest.json", JSON.writeValueAsBytes(manifest));
    }
    return file;
  }

  private static void add(TarArchiveOutputStream out, String name, byte[] data) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setSize(data.length);
    out.putArchiveEntry(e);
    out.write(data);
    out.closeArchiveEntry();
  }

  private static Digest blob(Path dir, byte[] bytes) throws IOException {
    Digest d = Digest.of(bytes);
    Files.write(dir.resolve("blobs/sha256").resolve(d.hex()), bytes);
    return d;
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }
}
