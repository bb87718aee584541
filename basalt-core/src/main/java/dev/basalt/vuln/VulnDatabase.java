package dev.basalt.vuln;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * OSV records for Debian, indexed by the (source) package name they affect: read from a
 * directory (recursively, every {@code *.json}) or a zip of them, as OSV publishes per ecosystem.
 * Withdrawn records and records about other ecosystems are left out.
 */
public final class VulnDatabase {
  /** Records larger than this are refused: an OSV record is a few kilobytes. */
  static final long MAX_RECORD = 8 << 20;

  /** One {@code affected} entry of one record. */
  public record Candidate(OsvRecord record, OsvRecord.Affected affected) {}

  /** The entries about one package name; the parsed cache decodes them on first use. */
  @FunctionalInterface
  interface Index {
    List<Candidate> byName(String name);
  }

  private final Index index;
  private final int records;

  VulnDatabase(Index index, int records) {
    this.index = index;
    this.records = records;
  }

  /** The records that were kept (Debian, not withdrawn). */
  public int records() {
    return records;
  }

  /** The entries about package {@code name} in one of {@code ecosystems}. */
  public List<Candidate> candidates(String name, Set<String> ecosystems) {
    List<Candidate> out = new ArrayList<>();
    for (Candidate c : index.byName(name)) {
      if (ecosystems.contains(c.affected().ecosystem())) {
        out.add(c);
      }
    }
    return out;
  }

  /** Records given in memory, as the tests and a build's gate use them. */
  public static VulnDatabase of(List<OsvRecord> records) {
    Map<String, List<Candidate>> byName = new HashMap<>();
    for (OsvRecord r : records) {
      for (OsvRecord.Affected a : r.affected()) {
        byName.computeIfAbsent(a.name(), k -> new ArrayList<>()).add(new Candidate(r, a));
      }
    }
    return new VulnDatabase(n -> byName.getOrDefault(n, List.of()), records.size());
  }

  /**
   * Loads a directory or zip of OSV JSON records.
   *
   * @throws VulnDbException when the path is neither, or a record is malformed
   */
  public static VulnDatabase load(Path path) throws VulnDbException {
    return load(path, null);
  }

  /**
   * As {@link #load(Path)}; a zip is parsed once per content and kept, checked and reduced to its
   * Debian records by package name, under {@code cacheRoot} (when given), so that a later scan
   * decodes only the records about the packages it looks up.
   */
  public static VulnDatabase load(Path path, Path cacheRoot) throws VulnDbException {
    if (cacheRoot != null && Files.isRegularFile(path)) {
      return ParsedVulnDb.load(path, cacheRoot);
    }
    return parse(path).database();
  }

  /** Every kept record (Debian, not withdrawn), in file order. */
  record Parsed(List<OsvRecord> records) {
    VulnDatabase database() {
      return of(records);
    }
  }

  static Parsed parse(Path path) throws VulnDbException {
    List<String> names = new ArrayList<>();
    List<byte[]> contents = new ArrayList<>();
    if (Files.isDirectory(path)) {
      List<Path> files;
      try (Stream<Path> walk = Files.walk(path)) {
        files = walk.filter(p -> p.getFileName().toString().endsWith(".json") && Files.isRegularFile(p))
            .sorted().toList();
      } catch (IOException | java.io.UncheckedIOException e) {
        throw new VulnDbException("cannot list the advisory database " + path + ": " + e.getMessage(), e);
      }
      for (Path f : files) {
        names.add(f.toString());
      }
      // Read and parsed in parallel below; the list of paths keeps the order deterministic.
      return parse(names, i -> Files.readAllBytes(files.get(i)));
    }
    if (!Files.isRegularFile(path)) {
      throw new VulnDbException("advisory database " + path + " does not exist; give a directory or .zip of OSV"
          + " JSON records, or an https:// URL");
    }
    try (ZipFile zip = new ZipFile(path.toFile())) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry e = entries.nextElement();
        if (e.isDirectory() || !e.getName().endsWith(".json")) {
          continue;
        }
        if (e.getSize() > MAX_RECORD) {
          throw new VulnDbException(path + "!/" + e.getName() + ": larger than " + MAX_RECORD + " bytes; not an OSV record");
        }
        try (InputStream in = zip.getInputStream(e)) {
          names.add(path + "!/" + e.getName());
          contents.add(in.readNBytes((int) MAX_RECORD + 1));
        }
      }
    } catch (ZipException e) {
      throw new VulnDbException("advisory database " + path + " is neither a directory nor a readable zip: "
          + e.getMessage(), e);
    } catch (IOException e) {
      throw new VulnDbException("cannot read the advisory database " + path + ": " + e.getMessage(), e);
    }
    return parse(names, contents::get);
  }

  @FunctionalInterface
  private interface Source {
    byte[] read(int i) throws IOException;
  }

  private static Parsed parse(List<String> names, Source source) throws VulnDbException {
    Object[] results = new Object[names.size()];
    IntStream.range(0, names.size()).parallel().forEach(i -> {
      try {
        results[i] = OsvParser.parse(source.read(i), names.get(i));
      } catch (VulnDbException e) {
        results[i] = e;
      } catch (IOException e) {
        results[i] = new VulnDbException("cannot read " + names.get(i) + ": " + e.getMessage(), e);
      }
    });
    List<OsvRecord> records = new ArrayList<>();
    for (Object r : results) {
      if (r instanceof VulnDbException e) {
        throw e;
      }
      if (r != null) {
        records.add((OsvRecord) r);
      }
    }
    return new Parsed(records);
  }
}
