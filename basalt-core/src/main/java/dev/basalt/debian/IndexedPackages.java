package dev.basalt.debian;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * The packages of one index in a compact, sealed binary form. Names, versions, architectures
 * and Provides are decoded up front because resolution needs them for every package; each full
 * {@link BinaryPackage} is decoded only when asked for, since a resolve visits a few hundred of
 * ~69k.
 */
public final class IndexedPackages {
  private static final byte[] MAGIC = "basalt-packages-v2\n".getBytes(StandardCharsets.US_ASCII);
  private static final int CRC_LENGTH = 8;

  /** A Provides entry: package {@code index} provides {@code name}, at {@code version} or unversioned (null). */
  public record Provided(String name, int index, String version) {}

  private final IndexOrigin origin;
  private final String[] names;
  private final String[] versions;
  private final String[] archs;
  private final int[] offsets;
  private final ByteBuffer records;
  private final List<Provided> provides;

  private IndexedPackages(IndexOrigin origin, String[] names, String[] versions, String[] archs,
      int[] offsets, ByteBuffer records, List<Provided> provides) {
    this.origin = origin;
    this.names = names;
    this.versions = versions;
    this.archs = archs;
    this.offsets = offsets;
    this.records = records;
    this.provides = provides;
  }

  public IndexOrigin origin() {
    return origin;
  }

  public int size() {
    return names.length;
  }

  public String name(int i) {
    return names[i];
  }

  public String version(int i) {
    return versions[i];
  }

  public String architecture(int i) {
    return archs[i];
  }

  public List<Provided> provides() {
    return provides;
  }

  /** Decodes package {@code i} in full. */
  public BinaryPackage get(int i) {
    ByteBuffer buf = records.duplicate();
    buf.position(offsets[i]);
    return new BinaryPackage(
        names[i], versions[i], archs[i], readString(buf), buf.get() != 0, readString(buf), readString(buf),
        readString(buf), readString(buf), readString(buf), readString(buf), readString(buf), readString(buf),
        readString(buf), buf.getLong(), buf.getLong(), readString(buf), origin);
  }

  /** Every package, decoded. */
  public List<BinaryPackage> all() {
    List<BinaryPackage> out = new ArrayList<>(size());
    for (int i = 0; i < size(); i++) {
      out.add(get(i));
    }
    return out;
  }

  /** Encodes and indexes packages that were parsed or built in memory. */
  public static IndexedPackages of(List<BinaryPackage> packages, IndexOrigin origin) {
    return decode(encode(packages), origin);
  }

  /**
   * The sealed binary form. Relationship fields are checked here, once per index, so that a
   * malformed Provides is reported when the index is read rather than mid-resolution.
   */
  static byte[] encode(List<BinaryPackage> packages) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(packages.size() * 300);
      DataOutputStream out = new DataOutputStream(bytes);
      out.write(MAGIC);
      out.writeInt(packages.size());
      List<Provided> provides = new ArrayList<>();
      for (int i = 0; i < packages.size(); i++) {
        BinaryPackage p = packages.get(i);
        writeString(out, p.name());
        writeString(out, p.version());
        writeString(out, p.architecture());
        if (p.provides() != null && !p.provides().isBlank()) {
          for (Relation r : RelationParser.parseList(p.provides())) {
            provides.add(new Provided(r.name(), i, r.version() == null ? null : r.version().toString()));
          }
        }
      }
      out.writeInt(provides.size());
      for (Provided pr : provides) {
        writeString(out, pr.name());
        out.writeInt(pr.index());
        writeString(out, pr.version());
      }
      ByteArrayOutputStream recordBytes = new ByteArrayOutputStream(packages.size() * 256);
      DataOutputStream rec = new DataOutputStream(recordBytes);
      int[] offsets = new int[packages.size()];
      for (int i = 0; i < packages.size(); i++) {
        BinaryPackage p = packages.get(i);
        offsets[i] = rec.size();
        writeString(rec, p.multiArch());
        rec.writeBoolean(p.essential());
        writeString(rec, p.priority());
        writeString(rec, p.source());
        writeString(rec, p.depends());
        writeString(rec, p.preDepends());
        writeString(rec, p.provides());
        writeString(rec, p.conflicts());
        writeString(rec, p.breaks());
        writeString(rec, p.replaces());
        writeString(rec, p.filename());
        rec.writeLong(p.size());
        rec.writeLong(p.installedSize());
        writeString(rec, p.sha256());
      }
      for (int off : offsets) {
        out.writeInt(off);
      }
      out.writeInt(rec.size());
      recordBytes.writeTo(out);
      out.flush();
      CRC32C crc = new CRC32C();
      byte[] body = bytes.toByteArray();
      crc.update(body);
      out.writeLong(crc.getValue());
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("in-memory encoding cannot fail", e);
    }
  }

  /**
   * Decodes the sealed form, or returns null when it is damaged (wrong magic, checksum or
   * structure): a damaged accelerator is rebuilt from the verified index, never used.
   */
  static IndexedPackages decode(byte[] all, IndexOrigin origin) {
    Objects.requireNonNull(origin, "origin == null");
    int body = all.length - CRC_LENGTH;
    if (body < MAGIC.length || !Arrays.equals(all, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      return null;
    }
    CRC32C crc = new CRC32C();
    crc.update(all, 0, body);
    if (crc.getValue() != ByteBuffer.wrap(all, body, CRC_LENGTH).getLong()) {
      return null;
    }
    try {
      ByteBuffer buf = ByteBuffer.wrap(all, 0, body);
      buf.position(MAGIC.length);
      int count = buf.getInt();
      String[] names = new String[count];
      String[] versions = new String[count];
      String[] archs = new String[count];
      Map<String, String> pool = new HashMap<>();
      for (int i = 0; i < count; i++) {
        names[i] = readString(buf);
        versions[i] = readString(buf);
        archs[i] = pool.computeIfAbsent(readString(buf), k -> k);
      }
      int providesCount = buf.getInt();
      List<Provided> provides = new ArrayList<>(providesCount);
      for (int i = 0; i < providesCount; i++) {
        provides.add(new Provided(readString(buf), buf.getInt(), readString(buf)));
      }
      int[] offsets = new int[count];
      for (int i = 0; i < count; i++) {
        offsets[i] = buf.getInt();
      }
      int recordsLength = buf.getInt();
      if (recordsLength != buf.remaining()) {
        return null;
      }
      ByteBuffer records = buf.slice();
      return new IndexedPackages(origin, names, versions, archs, offsets, records, List.copyOf(provides));
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    if (s == null) {
      out.writeInt(-1);
      return;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String readString(ByteBuffer buf) {
    int n = buf.getInt();
    if (n < 0) {
      return null;
    }
    String s = new String(buf.array(), buf.arrayOffset() + buf.position(), n, StandardCharsets.UTF_8);
    buf.position(buf.position() + n);
    return s;
  }
}
