package dev.basalt.debian;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One paragraph of a deb822 file: fields in file order, looked up by case-insensitive name.
 *
 * <p>A stanza keeps the raw bytes it was parsed from and decodes a value only when asked for it,
 * because a Packages file has ~70,000 stanzas of which a resolver reads a handful of fields each.
 * Values are decoded as UTF-8. Instances are immutable.
 */
public final class Stanza {
  /** Layout of the per-field ints the parser fills in: offsets into data, line numbers. */
  static final int START = 0;
  static final int END = 1;
  static final int FIRST_LINE = 2;
  static final int LAST_LINE = 3;
  static final int SLOTS = 4;

  private final String source;
  private final int line;
  private final byte[] data;
  private final String[] names;
  /** Per field: value start and end offsets in data, first and last line number. */
  private final int[] fields;
  private final boolean comments;

  Stanza(String source, int line, byte[] data, String[] names, int[] fields, boolean comments) {
    this.source = source;
    this.line = line;
    this.data = data;
    this.names = names;
    this.fields = fields;
    this.comments = comments;
  }

  /** Where the stanza came from, as named to the parser. */
  public String source() {
    return source;
  }

  /** The 1-based line number of the stanza's first field. */
  public int line() {
    return line;
  }

  /** The number of fields. */
  public int size() {
    return names.length;
  }

  /** The field names in file order, spelled as in the file. */
  public List<String> names() {
    return Collections.unmodifiableList(Arrays.asList(names));
  }

  /** Whether the stanza has the field, compared case-insensitively. */
  public boolean has(String name) {
    return indexOf(name) >= 0;
  }

  /**
   * The field's value as written: the first line without surrounding whitespace, then each
   * continuation line after a newline, keeping its leading whitespace but not trailing
   * whitespace. Null if the field is missing.
   */
  public String get(String name) {
    int i = indexOf(name);
    if (i < 0) {
      return null;
    }
    String raw = decode(i);
    if (!multiline(i)) {
      return raw;
    }
    return String.join("\n", physicalLines(raw));
  }

  /**
   * The value of a simple or folded field (Policy 5.1): a single line with surrounding
   * whitespace removed, continuation lines joined to it with single spaces. Null if missing.
   */
  public String value(String name) {
    int i = indexOf(name);
    if (i < 0) {
      return null;
    }
    String raw = decode(i);
    if (!multiline(i)) {
      return raw;
    }
    StringBuilder value = new StringBuilder(raw.length());
    for (String l : physicalLines(raw)) {
      String part = l.strip();
      if (!part.isEmpty()) {
        if (value.length() > 0) {
          value.append(' ');
        }
        value.append(part);
      }
    }
    return value.toString();
  }

  /**
   * The lines of a multiline field such as a Release file's SHA256 or a Description: the text
   * on the field's own line if there is any, then each continuation line without its first
   * whitespace character and trailing whitespace, with a lone "." standing for an empty line.
   * Empty if the field is missing.
   */
  public List<String> lines(String name) {
    int i = indexOf(name);
    if (i < 0) {
      return List.of();
    }
    List<String> physical = physicalLines(decode(i));
    List<String> lines = new ArrayList<>(physical.size());
    if (!physical.get(0).isEmpty()) {
      lines.add(physical.get(0));
    }
    for (int k = 1; k < physical.size(); k++) {
      // A continuation line of only whitespace (a vertical tab counts) is empty once stripped.
      String l = physical.get(k).isEmpty() ? "" : physical.get(k).substring(1);
      lines.add(l.equals(".") ? "" : l);
    }
    return Collections.unmodifiableList(lines);
  }

  /** The 1-based line number on which the field starts, or -1 if it is missing. */
  public int lineOf(String name) {
    int i = indexOf(name);
    return i < 0 ? -1 : fields[i * SLOTS + FIRST_LINE];
  }

  /** The stanza in deb822 syntax, one field per line plus its continuation lines. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    for (String name : names) {
      String value = get(name);
      s.append(name).append(':');
      if (!value.isEmpty() && value.charAt(0) != '\n') {
        s.append(' ');
      }
      s.append(value).append('\n');
    }
    return s.toString();
  }

  private int indexOf(String name) {
    Objects.requireNonNull(name, "name == null");
    for (int i = 0; i < names.length; i++) {
      if (names[i].equalsIgnoreCase(name)) {
        return i;
      }
    }
    return -1;
  }

  private boolean multiline(int i) {
    return fields[i * SLOTS + LAST_LINE] != fields[i * SLOTS + FIRST_LINE];
  }

  private String decode(int i) {
    int start = fields[i * SLOTS + START];
    int end = fields[i * SLOTS + END];
    return new String(data, start, end - start, StandardCharsets.UTF_8);
  }

  /**
   * Splits a raw value into its physical lines without trailing whitespace, dropping comment
   * lines that sit between continuation lines where comments are allowed.
   */
  private List<String> physicalLines(String raw) {
    List<String> lines = new ArrayList<>();
    int from = 0;
    while (from <= raw.length()) {
      int nl = raw.indexOf('\n', from);
      int to = nl < 0 ? raw.length() : nl;
      String l = raw.substring(from, to).stripTrailing();
      if (!(comments && !lines.isEmpty() && l.startsWith("#"))) {
        lines.add(l);
      }
      if (nl < 0) {
        break;
      }
      from = nl + 1;
    }
    return lines;
  }
}
