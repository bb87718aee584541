package dev.basalt.debian;

import dev.basalt.cache.Digest;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The signed part of an {@code InRelease} file: what suite it describes, when it was made, how
 * long it may be trusted, and the size and SHA-256 of every index it covers.
 */
public record ReleaseFile(
    String suite,
    String codename,
    String date,
    Instant dateInstant,
    Optional<Instant> validUntil,
    boolean acquireByHash,
    boolean archAllInPerArchIndexes,
    List<String> architectures,
    List<String> components,
    Map<String, IndexFile> sha256) {

  /** One index named in the Release file. */
  public record IndexFile(String path, long size, Digest sha256) {}

  public ReleaseFile {
    architectures = List.copyOf(architectures);
    components = List.copyOf(components);
    sha256 = Map.copyOf(sha256);
  }

  /** Parses the signed text of an InRelease; {@code source} is named in errors. */
  public static ReleaseFile parse(String signedText, String source) throws ArchiveException {
    List<Stanza> stanzas = Deb822.parse(signedText, source, false);
    if (stanzas.size() != 1) {
      throw new ArchiveException(
          source + " must hold exactly one stanza, found " + stanzas.size());
    }
    Stanza s = stanzas.get(0);
    String date = s.value("Date");
    if (date == null) {
      throw new ArchiveException(source + " has no Date field");
    }
    Map<String, IndexFile> files = new LinkedHashMap<>();
    List<String> lines = s.lines("SHA256");
    if (lines == null || lines.isEmpty()) {
      throw new ArchiveException(
          source + " has no SHA256 section; basalt does not trust MD5 or SHA1 index checksums");
    }
    for (String line : lines) {
      String trimmed = line.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      String[] parts = trimmed.split("\\s+");
      if (parts.length != 3) {
        throw new ArchiveException(source + ": malformed SHA256 line '" + trimmed + "'");
      }
      try {
        files.put(
            parts[2], new IndexFile(parts[2], Long.parseLong(parts[1]), Digest.parse(parts[0])));
      } catch (IllegalArgumentException e) {
        throw new ArchiveException(source + ": malformed SHA256 line '" + trimmed + "'");
      }
    }
    String validUntil = s.value("Valid-Until");
    return new ReleaseFile(
        s.value("Suite"),
        s.value("Codename"),
        date,
        parseDate(date, source, "Date"),
        validUntil == null
            ? Optional.empty()
            : Optional.of(parseDate(validUntil, source, "Valid-Until")),
        "yes".equalsIgnoreCase(s.value("Acquire-By-Hash")),
        words(s.value("No-Support-for-Architecture-all")).contains("Packages"),
        words(s.value("Architectures")),
        words(s.value("Components")),
        files);
  }

  /** Whether this Release describes {@code suite}, by its Suite or Codename field. */
  public boolean describes(String suiteName) {
    return suiteName.equals(suite) || suiteName.equals(codename);
  }

  private static List<String> words(String value) {
    return value == null || value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
  }

  static Instant parseDate(String text, String source, String field) throws ArchiveException {
    String normalized = text.trim().replaceAll("\\s+", " ");
    if (normalized.endsWith(" UTC")) {
      normalized = normalized.substring(0, normalized.length() - 4) + " GMT";
    }
    try {
      return ZonedDateTime.parse(normalized, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      throw new ArchiveException(source + ": cannot parse " + field + " '" + text + "'");
    }
  }
}
