package dev.basalt.debian;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * A Debian changelog (deb-changelog(5)), newest entry first, as shipped in
 * {@code /usr/share/doc/<pkg>/changelog.Debian.gz}: what each upload changed, and which CVEs it
 * names, so that an update can say what it fixes.
 */
public record Changelog(List<Entry> entries) {
  /** The largest decompressed changelog read; the biggest in Debian (gcc, glibc) are a few MiB. */
  public static final int MAX_SIZE = 32 << 20;

  /** {@code package (version) distributions; metadata}, the first line of every entry. */
  private static final Pattern HEADER =
      Pattern.compile("^([a-z0-9][-+0-9a-z.]*) \\(([^()\\s]+)\\)((?:\\s+[-+0-9a-zA-Z.]+)*)\\s*;(.*)$");
  /** {@code " -- Name <email>  date"}: the maintainer ends with the address, two spaces precede the date. */
  private static final Pattern TRAILER = Pattern.compile("^ -- (.*?>|.*?(?=  )|.*)\\s*(.*)$");
  /** MITRE's syntax: four-digit year, then four or more digits. */
  private static final Pattern CVE = Pattern.compile("\\bCVE-(\\d{4})-(\\d{4,})\\b");
  /** Lines after which dpkg-parsechangelog stops: older, free-form history or editor settings. */
  private static final Pattern END = Pattern.compile("^(Old Changelog:|Local variables:|local variables:|# vim|vim:).*");

  public Changelog {
    entries = List.copyOf(entries);
  }

  /** One upload. */
  public record Entry(
      String source, String version, String distributions, String urgency, List<String> changes,
      String maintainer, String date) {
    public Entry {
      Objects.requireNonNull(source, "source == null");
      Objects.requireNonNull(version, "version == null");
      changes = List.copyOf(changes);
    }

    /** The CVE identifiers the entry names, in order of first mention. */
    public List<String> cves() {
      Set<String> found = new LinkedHashSet<>();
      Matcher m = CVE.matcher(String.join("\n", changes));
      while (m.find()) {
        found.add(m.group());
      }
      return List.copyOf(found);
    }

    /** The version, or null when it is not a valid Debian version (some ancient entries). */
    public DebianVersion parsedVersion() {
      try {
        return DebianVersion.parse(version);
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
  }

  /** Parses a gzip-compressed changelog; {@code where} names it in errors. */
  public static Changelog readGzip(InputStream gz, String where) throws ArchiveException {
    byte[] text;
    try (InputStream in = new GZIPInputStream(gz)) {
      text = in.readNBytes(MAX_SIZE + 1);
    } catch (IOException e) {
      throw new ArchiveException(where + " is not a readable gzip file: " + e.getMessage(), e);
    }
    if (text.length > MAX_SIZE) {
      throw new ArchiveException(where + " decompresses to more than " + MAX_SIZE + " bytes");
    }
    return parse(new String(text, StandardCharsets.UTF_8), where);
  }

  /**
   * Parses a changelog. Lines outside an entry are skipped, as dpkg-parsechangelog does with a
   * warning; an entry without its {@code --} trailer line is an error.
   */
  public static Changelog parse(String text, String where) throws ArchiveException {
    List<Entry> entries = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    Matcher header = null;
    int headerLine = 0;
    List<String> changes = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].stripTrailing();
      if (header == null) {
        if (END.matcher(line).matches()) {
          break;
        }
        Matcher h = HEADER.matcher(line);
        if (h.matches()) {
          header = h;
          headerLine = i + 1;
          changes = new ArrayList<>();
        }
        continue;
      }
      Matcher t = TRAILER.matcher(line);
      if (t.matches()) {
        entries.add(new Entry(header.group(1), header.group(2), header.group(3).trim(), urgency(header.group(4)),
            trimBlankEdges(changes), t.group(1).trim(), t.group(2).trim()));
        header = null;
      } else if (HEADER.matcher(line).matches()) {
        throw new ArchiveException(where + ":" + (i + 1) + ": a new entry starts before the entry of line "
            + headerLine + " has its ' -- maintainer  date' line");
      } else {
        changes.add(line);
      }
    }
    if (header != null) {
      throw new ArchiveException(where + ":" + headerLine + ": the entry for " + header.group(2)
          + " has no ' -- maintainer  date' line");
    }
    return new Changelog(entries);
  }

  private static String urgency(String metadata) {
    for (String kv : metadata.split(",")) {
      String[] parts = kv.trim().split("=", 2);
      if (parts.length == 2 && parts[0].trim().equalsIgnoreCase("urgency")) {
        return parts[1].trim();
      }
    }
    return null;
  }

  private static List<String> trimBlankEdges(List<String> lines) {
    int from = 0;
    int to = lines.size();
    while (from < to && lines.get(from).isBlank()) {
      from++;
    }
    while (to > from && lines.get(to - 1).isBlank()) {
      to--;
    }
    return lines.subList(from, to);
  }

  /**
   * The entries newer than {@code after} (exclusive; null for all) up to {@code upTo} (inclusive),
   * by Debian version order; entries whose version does not parse are left out.
   */
  public List<Entry> between(DebianVersion after, DebianVersion upTo) {
    List<Entry> out = new ArrayList<>();
    for (Entry e : entries) {
      DebianVersion v = e.parsedVersion();
      if (v != null && (after == null || v.compareTo(after) > 0) && v.compareTo(upTo) <= 0) {
        out.add(e);
      }
    }
    return out;
  }

  /** The distinct CVE identifiers in {@code entries}, ordered by year then number. */
  public static List<String> cves(List<Entry> entries) {
    Set<String> all = new LinkedHashSet<>();
    entries.forEach(e -> all.addAll(e.cves()));
    List<String> sorted = new ArrayList<>(all);
    sorted.sort(Comparator.comparingInt((String id) -> Integer.parseInt(id.substring(4, 8)))
        .thenComparingLong(id -> Long.parseLong(id.substring(9))));
    return sorted;
  }
}
