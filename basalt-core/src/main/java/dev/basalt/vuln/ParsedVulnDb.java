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
 * {@code vuln-db/parsed/}: its Debian records' JSON grouped by package name, sealed with a
 * checksum. A scan reads the name table and decodes only the records about the packages it looks
 * up, instead of parsing every record of the zip again. A damaged file is rebuilt from the zip.
 */
final class ParsedVulnDb {
  private static final byte[] MAGIC = "basalt-vuln-db-1\n".getBytes(StandardCharsets.US_ASCII);
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
        SealedBinary.writeString(records, parsed.records().get(i).file());
        records.writeInt(parsed.json().get(i).length);
        records.write(parsed.json().get(i));
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
      String file = SealedBinary.readString(in);
      byte[] json = new byte[in.getInt()];
      in.get(json);
      OsvRecord r;
      try {
        r = OsvParser.parse(json, file);
      } catch (VulnDbException e) {
        // Checked before it was stored, and the checksum held: this is a bug, not bad input.
        throw new IllegalStateException("a cached advisory record no longer parses: " + e.getMessage(), e);
      }
      for (OsvRecord.Affected a : r.affected()) {
        if (a.name().equals(name)) {
          out.add(new VulnDatabase.Candidate(r, a));
        }
      }
    }
    return List.copyOf(out);
  }
}
