package dev.basalt.debian;

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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The packages of one index in a compact, sealed binary form, read without building objects
 * for what a resolve never looks at. Names are found through a hash table stored in the form
 * itself, names, versions and full {@link BinaryPackage}s are decoded on demand, and Provides
 * are kept sorted by the provided name so a lookup is a binary search. A resolve visits a few
 * hundred packages of ~69k.
 */
public final class IndexedPackages {
  private static final byte[] MAGIC = "basalt-packages-v5\n".getBytes(StandardCharsets.US_ASCII);

  /** A Provides entry: package {@code index} provides {@code name}, at {@code version} or unversioned (null). */
  public record Provided(String name, int index, String version) {}

  private final IndexOrigin origin;
  private final int[] nameOffsets;
  private final String[] names;
  private final java.nio.IntBuffer nameTable;
  private final String[] archTable;
  private final byte[] archs;
  private final int[] versionOffsets;
  private final String[] versions;
  private final int[] providedNameOffsets;
  private final String[] providedNames;
  private final int[] providerIndexes;
  private final int[] providedVersionOffsets;
  private final int[] recordOffsets;
  private final ByteBuffer data;

  private IndexedPackages(IndexOrigin origin, int[] nameOffsets, java.nio.IntBuffer nameTable,
      String[] archTable, byte[] archs, int[] versionOffsets, int[] providedNameOffsets,
      int[] providerIndexes, int[] providedVersionOffsets, int[] recordOffsets, ByteBuffer data) {
    this.origin = origin;
    this.nameOffsets = nameOffsets;
    this.names = new String[nameOffsets.length];
    this.nameTable = nameTable;
    this.archTable = archTable;
    this.archs = archs;
    this.versionOffsets = versionOffsets;
    this.versions = new String[names.length];
    this.providedNameOffsets = providedNameOffsets;
    this.providedNames = new String[providedNameOffsets.length];
    this.providerIndexes = providerIndexes;
    this.providedVersionOffsets = providedVersionOffsets;
    this.recordOffsets = recordOffsets;
    this.data = data;
  }

  public IndexOrigin origin() {
    return origin;
  }

  public int size() {
    return names.length;
  }

  public String name(int i) {
    String n = names[i];
    if (n == null) {
      n = readString(data.duplicate().position(nameOffsets[i]));
      names[i] = n;
    }
    return n;
  }

  /** The positions of the packages called {@code name} (usually none or one). */
  public List<Integer> lookup(String name) {
    int mask = nameTable.capacity() - 1;
    List<Integer> found = List.of();
    for (int slot = name.hashCode() & mask; ; slot = (slot + 1) & mask) {
      int entry = nameTable.get(slot);
      if (entry == 0) {
        return found;
      }
      if (name(entry - 1).equals(name)) {
        if (found.isEmpty()) {
          found = new ArrayList<>(1);
        }
        found.add(entry - 1);
      }
    }
  }

  public String version(int i) {
    String v = versions[i];
    if (v == null) {
      v = readString(data.duplicate().position(versionOffsets[i]));
      versions[i] = v;
    }
    return v;
  }

  public String architecture(int i) {
    return archTable[archs[i]];
  }

  /** The Provides entries naming {@code virtual}, in index order. */
  public List<Provided> providersOf(String virtual) {
    int low = 0;
    int high = providedNames.length;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (providedName(mid).compareTo(virtual) < 0) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    List<Provided> out = new ArrayList<>();
    for (int k = low; k < providedNames.length && providedName(k).equals(virtual); k++) {
      int v = providedVersionOffsets[k];
      out.add(new Provided(virtual, providerIndexes[k], v < 0 ? null : readString(data.duplicate().position(v))));
    }
    return out;
  }

  private String providedName(int k) {
    String n = providedNames[k];
    if (n == null) {
      n = readString(data.duplicate().position(providedNameOffsets[k]));
      providedNames[k] = n;
    }
    return n;
  }

  /** Decodes package {@code i} in full. */
  public BinaryPackage get(int i) {
    ByteBuffer buf = data.duplicate().position(recordOffsets[i]);
    return new BinaryPackage(
        name(i), version(i), architecture(i), readString(buf), buf.get() != 0, readString(buf),
        readString(buf), readString(buf), readString(buf), readString(buf), readString(buf),
        readString(buf), readString(buf), readString(buf), buf.getLong(), buf.getLong(),
        readString(buf), origin);
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
   * The sealed binary form. Provides fields are parsed here, once per index, so that a malformed
   * one is reported when the index is read rather than mid-resolution.
   */
  static byte[] encode(List<BinaryPackage> packages) {
    try {
      Map<String, Integer> archIds = new LinkedHashMap<>();
      List<Provided> provides = new ArrayList<>();
      for (int i = 0; i < packages.size(); i++) {
        BinaryPackage p = packages.get(i);
        archIds.putIfAbsent(p.architecture(), archIds.size());
        if (p.provides() != null && !p.provides().isBlank()) {
          for (Relation r : RelationParser.parseList(p.provides())) {
            provides.add(new Provided(r.name(), i, r.version() == null ? null : r.version().toString()));
          }
        }
      }
      if (archIds.size() > Byte.MAX_VALUE) {
        throw new IllegalArgumentException("more than 127 architectures in one index");
      }
      provides.sort(Comparator.comparing(Provided::name).thenComparingInt(Provided::index));

      ByteArrayOutputStream dataBytes = new ByteArrayOutputStream(packages.size() * 256);
      DataOutputStream data = new DataOutputStream(dataBytes);
      int[] nameOffsets = new int[packages.size()];
      int[] versionOffsets = new int[packages.size()];
      int[] recordOffsets = new int[packages.size()];
      for (int i = 0; i < packages.size(); i++) {
        BinaryPackage p = packages.get(i);
        nameOffsets[i] = data.size();
        writeString(data, p.name());
        versionOffsets[i] = data.size();
        writeString(data, p.version());
        recordOffsets[i] = data.size();
        writeString(data, p.multiArch());
        data.writeBoolean(p.essential());
        writeString(data, p.priority());
        writeString(data, p.source());
        writeString(data, p.depends());
        writeString(data, p.preDepends());
        writeString(data, p.provides());
        writeString(data, p.conflicts());
        writeString(data, p.breaks());
        writeString(data, p.replaces());
        writeString(data, p.filename());
        data.writeLong(p.size());
        data.writeLong(p.installedSize());
        writeString(data, p.sha256());
      }
      int[] providedNameOffsets = new int[provides.size()];
      int[] providedVersionOffsets = new int[provides.size()];
      for (int k = 0; k < provides.size(); k++) {
        providedNameOffsets[k] = data.size();
        writeString(data, provides.get(k).name());
        providedVersionOffsets[k] = provides.get(k).version() == null ? -1 : data.size();
        if (provides.get(k).version() != null) {
          writeString(data, provides.get(k).version());
        }
      }

      ByteArrayOutputStream bytes = new ByteArrayOutputStream(dataBytes.size() + packages.size() * 40);
      DataOutputStream out = new DataOutputStream(bytes);
      out.write(MAGIC);
      out.writeInt(packages.size());
      out.writeInt(archIds.size());
      for (String a : archIds.keySet()) {
        writeString(out, a);
      }
      for (BinaryPackage p : packages) {
        out.writeByte(archIds.get(p.architecture()));
      }
      int[] table = nameTable(packages);
      out.writeInt(table.length);
      for (int entry : table) {
        out.writeInt(entry);
      }
      out.writeInt(provides.size());
      writeInts(out, providedNameOffsets);
      writeInts(out, provides.stream().mapToInt(Provided::index).toArray());
      writeInts(out, providedVersionOffsets);
      writeInts(out, nameOffsets);
      writeInts(out, versionOffsets);
      writeInts(out, recordOffsets);
      out.writeInt(dataBytes.size());
      dataBytes.writeTo(out);
      out.flush();
      return SealedBinary.seal(bytes.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("in-memory encoding cannot fail", e);
    }
  }

  /**
   * Open addressing with linear probing over {@link String#hashCode} (fixed by the language
   * specification, so the table means the same on every JVM); entries are position + 1, 0 is
   * empty, and the table is at most half full.
   */
  private static int[] nameTable(List<BinaryPackage> packages) {
    int size = Integer.highestOneBit(Math.max(2, packages.size()) * 2 - 1) << 1;
    int[] table = new int[size];
    for (int i = 0; i < packages.size(); i++) {
      int slot = packages.get(i).name().hashCode() & (size - 1);
      while (table[slot] != 0) {
        slot = (slot + 1) & (size - 1);
      }
      table[slot] = i + 1;
    }
    return table;
  }

  /** Decodes the sealed form held in a byte array; null when it is damaged. */
  static IndexedPackages decode(byte[] all, IndexOrigin origin) {
    return decode(ByteBuffer.wrap(all), origin);
  }

  /**
   * Decodes the sealed form (a heap or mapped buffer), or returns null when it is damaged (wrong
   * magic, checksum or structure): a damaged accelerator is rebuilt from the verified index,
   * never used.
   */
  static IndexedPackages decode(ByteBuffer all, IndexOrigin origin) {
    Objects.requireNonNull(origin, "origin == null");
    ByteBuffer buf = SealedBinary.open(all, MAGIC);
    if (buf == null) {
      return null;
    }
    try {
      int count = buf.getInt();
      String[] archTable = new String[buf.getInt()];
      for (int a = 0; a < archTable.length; a++) {
        archTable[a] = readString(buf);
      }
      byte[] archs = new byte[count];
      buf.get(archs);
      int tableSize = buf.getInt();
      if (Integer.bitCount(tableSize) != 1 || tableSize < count) {
        return null;
      }
      java.nio.IntBuffer nameTable = buf.slice().limit(tableSize * 4).asIntBuffer();
      buf.position(buf.position() + tableSize * 4);
      int providesCount = buf.getInt();
      int[] providedNameOffsets = readInts(buf, providesCount);
      int[] providerIndexes = readInts(buf, providesCount);
      int[] providedVersionOffsets = readInts(buf, providesCount);
      int[] nameOffsets = readInts(buf, count);
      int[] versionOffsets = readInts(buf, count);
      int[] recordOffsets = readInts(buf, count);
      int dataLength = buf.getInt();
      if (dataLength != buf.remaining()) {
        return null;
      }
      return new IndexedPackages(origin, nameOffsets, nameTable, archTable, archs, versionOffsets,
          providedNameOffsets, providerIndexes, providedVersionOffsets, recordOffsets, buf.slice());
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static void writeInts(DataOutputStream out, int[] values) throws IOException {
    for (int v : values) {
      out.writeInt(v);
    }
  }

  private static int[] readInts(ByteBuffer buf, int count) {
    int[] values = new int[count];
    buf.slice().asIntBuffer().get(values);
    buf.position(buf.position() + count * Integer.BYTES);
    return values;
  }

}
