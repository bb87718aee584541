package dev.basalt.vuln;

import dev.basalt.cache.BlobStore;
import dev.basalt.cache.SealedBinary;
import dev.basalt.fs.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A database zip, parsed and checked once, kept in the cache by the zip's SHA-256 under
 * {@code vuln-db/parsed/}: its Debian records in a binary form, grouped by package name, sealed
 * with a checksum. A scan reads the name table and decodes only the records about the packages
 * it looks up, instead of parsing every record of the zip again. A damaged file is rebuilt from
 * the zip.
 */
final class ParsedVulnDb {
  private static final byte[] MAGIC = "basalt-vuln-db-2\n".getBytes(StandardCharsets.US_ASCII);
  static final String DIR = "parsed";

  private ParsedVulnDb() {}

  static VulnDatabase load(Path zip, Path cacheRoot) throws VulnDbException {
    String key;
    try {
      key = BlobStore.digestOf(zip).hex();
    } catch (IOException e) {
      throw new VulnDbException("cannot read the advisory database " + zip + ": " + e.getMessage(), e);
    }
    Path file = cacheRoot.resolve(VulnDbSource.DIR).resolve(DIR).resolve(key);
    VulnDatabase cached = read(file, zip.toString());
    if (cached != null) {
      return cached;
    }
    VulnDatabase.Parsed parsed = VulnDatabase.parse(zip);
    try {
      AtomicFiles.write(file, encode(parsed));
    } catch (IOException | RuntimeException e) {
      // an accelerator only: the next scan parses the zip again
    }
    return parsed.database();
  }

  static byte[] encode(VulnDatabase.Parsed parsed) throws IOException {
    Map<String, List<Integer>> byName = new LinkedHashMap<>();
    for (int i = 0; i < parsed.records().size(); i++) {
      for (OsvRecord.Affected a : parsed.records().get(i).affected()) {
        List<Integer> list = byName.computeIfAbsent(a.name(), k -> new ArrayList<>());
        if (!list.contains(i)) {
          list.add(i);
        }
      }
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.write(MAGIC);
    out.writeInt(parsed.records().size());
    out.writeInt(byName.size());
    // The name table first, with each name's offset into the record section that follows it.
    ByteArrayOutputStream section = new ByteArrayOutputStream();
    DataOutputStream records = new DataOutputStream(section);
    for (Map.Entry<String, List<Integer>> e : byName.entrySet()) {
      SealedBinary.writeString(out, e.getKey());
      out.writeInt(records.size());
      records.writeInt(e.getValue().size());
      for (int i : e.getValue()) {
        write(records, parsed.records().get(i));
      }
    }
    records.flush();
    out.write(section.toByteArray());
    out.flush();
    return SealedBinary.seal(bytes.toByteArray());
  }

  /** The database a sealed file holds, or null when it is absent or damaged. */
  static VulnDatabase read(Path file, String zipName) {
    ByteBuffer body;
    try {
      body = SealedBinary.open(ByteBuffer.wrap(Files.readAllBytes(file)), MAGIC);
    } catch (IOException absent) {
      return null;
    }
    if (body == null) {
      return null;
    }
    try {
      int records = body.getInt();
      int names = body.getInt();
      Map<String, Integer> offsets = new HashMap<>();
      for (int i = 0; i < names; i++) {
        offsets.put(SealedBinary.readString(body), body.getInt());
      }
      ByteBuffer section = body.slice();
      Map<String, List<VulnDatabase.Candidate>> decoded = new ConcurrentHashMap<>();
      return new VulnDatabase(name -> {
        Integer at = offsets.get(name);
        return at == null ? List.of() : decoded.computeIfAbsent(name, n -> decode(section.duplicate().position(at), n));
      }, records);
    } catch (RuntimeException damaged) {
      return null;
    }
  }

  private static List<VulnDatabase.Candidate> decode(ByteBuffer in, String name) {
    List<VulnDatabase.Candidate> out = new ArrayList<>();
    int count = in.getInt();
    for (int i = 0; i < count; i++) {
      OsvRecord r = read(in);
      for (OsvRecord.Affected a : r.affected()) {
        if (a.name().equals(name)) {
          out.add(new VulnDatabase.Candidate(r, a));
        }
      }
    }
    return List.copyOf(out);
  }

  private static void write(DataOutputStream out, OsvRecord r) throws IOException {
    SealedBinary.writeString(out, r.id());
    SealedBinary.writeString(out, r.file());
    SealedBinary.writeString(out, r.summary());
    strings(out, r.aliases());
    scores(out, r.severity());
    SealedBinary.writeString(out, r.databaseSeverity() == null ? null : r.databaseSeverity().name());
    out.writeInt(r.affected().size());
    for (OsvRecord.Affected a : r.affected()) {
      SealedBinary.writeString(out, a.ecosystem());
      SealedBinary.writeString(out, a.name());
      out.writeInt(a.ranges().size());
      for (OsvRecord.Range range : a.ranges()) {
        out.writeInt(range.events().size());
        for (OsvRecord.Event e : range.events()) {
          out.writeByte(e.kind().ordinal());
          SealedBinary.writeString(out, e.version());
        }
      }
      strings(out, a.versions());
      scores(out, a.severity());
      SealedBinary.writeString(out, a.specificSeverity() == null ? null : a.specificSeverity().name());
    }
  }

  private static OsvRecord read(ByteBuffer in) {
    String id = SealedBinary.readString(in);
    String file = SealedBinary.readString(in);
    String summary = SealedBinary.readString(in);
    List<String> aliases = strings(in);
    List<OsvRecord.Score> severity = scores(in);
    Level dbSeverity = level(SealedBinary.readString(in));
    int n = in.getInt();
    List<OsvRecord.Affected> affected = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String ecosystem = SealedBinary.readString(in);
      String name = SealedBinary.readString(in);
      int rangeCount = in.getInt();
      List<OsvRecord.Range> ranges = new ArrayList<>(rangeCount);
      for (int r = 0; r < rangeCount; r++) {
        int eventCount = in.getInt();
        List<OsvRecord.Event> events = new ArrayList<>(eventCount);
        for (int e = 0; e < eventCount; e++) {
          OsvRecord.Kind kind = OsvRecord.Kind.values()[in.get()];
          events.add(new OsvRecord.Event(kind, SealedBinary.readString(in)));
        }
        ranges.add(new OsvRecord.Range(events));
      }
      List<String> versions = strings(in);
      List<OsvRecord.Score> scores = scores(in);
      affected.add(new OsvRecord.Affected(ecosystem, name, ranges, versions, scores, level(SealedBinary.readString(in))));
    }
    return new OsvRecord(id, aliases, summary, severity, dbSeverity, affected, file);
  }

  private static Level level(String name) {
    return name == null ? null : Level.valueOf(name);
  }

  private static void strings(DataOutputStream out, List<String> list) throws IOException {
    out.writeInt(list.size());
    for (String s : list) {
      SealedBinary.writeString(out, s);
    }
  }

  private static List<String> strings(ByteBuffer in) {
    int n = in.getInt();
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(SealedBinary.readString(in));
    }
    return out;
  }

  private static void scores(DataOutputStream out, List<OsvRecord.Score> list) throws IOException {
    out.writeInt(list.size());
    for (OsvRecord.Score s : list) {
      SealedBinary.writeString(out, s.type());
      SealedBinary.writeString(out, s.vector());
    }
  }

  private static List<OsvRecord.Score> scores(ByteBuffer in) {
    int n = in.getInt();
    List<OsvRecord.Score> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(new OsvRecord.Score(SealedBinary.readString(in), SealedBinary.readString(in)));
    }
    return out;
  }
}
