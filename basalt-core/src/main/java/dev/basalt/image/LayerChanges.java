package dev.basalt.image;

import static dev.basalt.cache.SealedBinary.readString;
import static dev.basalt.cache.SealedBinary.writeString;

import dev.basalt.cache.SealedBinary;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What one layer does to the filesystem below it: the entries it adds or replaces (with what an
 * inspector kept of them), the paths it whites out, the directories it makes opaque, and the
 * entries it could not place. Encoded compactly so that a layer read once need not be
 * decompressed again to be audited.
 */
public record LayerChanges(List<FlatFile> added, List<String> whiteouts, List<String> opaque, List<String> anomalies) {
  private static final byte[] MAGIC = "basalt-layer-changes-v1\n".getBytes(StandardCharsets.US_ASCII);

  public LayerChanges {
    added = List.copyOf(added);
    whiteouts = List.copyOf(whiteouts);
    opaque = List.copyOf(opaque);
    anomalies = List.copyOf(anomalies);
  }

  /** The sealed (CRC32C-checked) encoding. */
  byte[] encode() {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + added.size() * 80);
      DataOutputStream out = new DataOutputStream(bytes);
      out.write(MAGIC);
      out.writeInt(added.size());
      for (FlatFile f : added) {
        writeString(out, f.path());
        out.writeByte(f.type().ordinal());
        out.writeInt(f.mode());
        out.writeLong(f.uid());
        out.writeLong(f.gid());
        out.writeLong(f.size());
        writeString(out, f.linkTarget());
        out.writeBoolean(f.fileCapabilities());
        writeStrings(out, new ArrayList<>(f.marks()));
        if (f.content() == null) {
          out.writeInt(-1);
        } else {
          out.writeInt(f.content().length);
          out.write(f.content());
        }
      }
      writeStrings(out, whiteouts);
      writeStrings(out, opaque);
      writeStrings(out, anomalies);
      out.flush();
      return SealedBinary.seal(bytes.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("encoding in memory", e);
    }
  }

  /** The changes encoded in {@code sealed}, or null when it is damaged or of another format. */
  static LayerChanges decode(byte[] sealed) {
    ByteBuffer in = SealedBinary.open(ByteBuffer.wrap(sealed), MAGIC);
    if (in == null) {
      return null;
    }
    try {
      int n = in.getInt();
      List<FlatFile> added = new ArrayList<>(Math.min(n, 1 << 20));
      FlatFile.Type[] types = FlatFile.Type.values();
      for (int i = 0; i < n; i++) {
        String path = readString(in);
        FlatFile.Type type = types[in.get()];
        int mode = in.getInt();
        long uid = in.getLong();
        long gid = in.getLong();
        long size = in.getLong();
        String link = readString(in);
        boolean caps = in.get() != 0;
        Set<String> marks = new HashSet<>(readStrings(in));
        int len = in.getInt();
        byte[] content = null;
        if (len >= 0) {
          content = new byte[len];
          in.get(content);
        }
        added.add(new FlatFile(path, type, mode, uid, gid, size, link, caps, marks, content));
      }
      return new LayerChanges(added, readStrings(in), readStrings(in), readStrings(in));
    } catch (RuntimeException damaged) {
      return null; // the checksum matched but the body does not parse: treat as absent
    }
  }

  private static void writeStrings(DataOutputStream out, List<String> items) throws IOException {
    out.writeInt(items.size());
    for (String s : items) {
      writeString(out, s);
    }
  }

  private static List<String> readStrings(ByteBuffer in) {
    int n = in.getInt();
    List<String> out = new ArrayList<>(Math.min(n, 1 << 16));
    for (int i = 0; i < n; i++) {
      out.add(readString(in));
    }
    return out;
  }
}
