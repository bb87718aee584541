package dev.basalt.debian;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Parses deb822 data (Policy 5.1, deb822(5)): control files, Packages and Release indexes, and
 * .sources files, into {@link Stanza}s.
 *
 * <p>Works on bytes: a Packages file is ~70,000 stanzas and 60-100 MB, so lines are found in a
 * large buffer without decoding, field names are interned once per distinct spelling, and each
 * stanza copies its bytes and decodes values only when asked. Comments are an option because
 * Packages and Release files have none (a '#' line there means corruption), while .sources
 * files do.
 */
public final class Deb822 {
  private static final int BUFFER_SIZE = 1 << 20;

  private Deb822() {}

  /**
   * Reads every stanza from the stream and hands each to {@code sink} as soon as it is complete,
   * so a whole index never has to be held as objects.
   *
   * @param source names the data in error messages, e.g. the index's URL or path
   * @param allowComments whether lines starting with '#' are comments (.sources files) or errors
   *     (Packages, Release)
   */
  public static void stream(InputStream in, String source, boolean allowComments,
      Consumer<? super Stanza> sink) throws IOException, Deb822Exception {
    Objects.requireNonNull(in, "in == null");
    Objects.requireNonNull(source, "source == null");
    Objects.requireNonNull(sink, "sink == null");
    new Parser(in, source, allowComments, sink).run();
  }

  /** Reads every stanza from the stream into a list. */
  public static List<Stanza> parse(InputStream in, String source, boolean allowComments)
      throws IOException, Deb822Exception {
    List<Stanza> stanzas = new ArrayList<>();
    stream(in, source, allowComments, stanzas::add);
    return stanzas;
  }

  /** Parses deb822 text already in memory, such as a verified Release file. */
  public static List<Stanza> parse(String text, String source, boolean allowComments)
      throws Deb822Exception {
    Objects.requireNonNull(text, "text == null");
    try {
      return parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), source,
          allowComments);
    } catch (IOException e) {
      throw new UncheckedIOException("reading a byte array cannot fail", e);
    }
  }

  /** One pass over one stream; not reusable. */
  private static final class Parser {
    private final InputStream in;
    private final String source;
    private final boolean comments;
    private final Consumer<? super Stanza> sink;
    private final FieldNames fieldNames = new FieldNames();

    private byte[] buf = new byte[BUFFER_SIZE];
    private int pos;
    private int limit;
    private boolean eof;
    private int lineNumber = 1;

    /** Offset in buf of the open stanza's first field line, or -1 between stanzas. */
    private int stanzaStart = -1;
    private int stanzaLine;
    private int count;
    private FieldName[] names = new FieldName[32];
    /** Per field, laid out as {@link Stanza#SLOTS} says, offsets relative to stanzaStart. */
    private int[] fields = new int[32 * Stanza.SLOTS];

    Parser(InputStream in, String source, boolean comments, Consumer<? super Stanza> sink) {
      this.in = in;
      this.source = source;
      this.comments = comments;
      this.sink = sink;
    }

    void run() throws IOException, Deb822Exception {
      while (true) {
        int nl = indexOfNewline(pos, limit);
        if (nl >= 0) {
          line(pos, nl);
          pos = nl + 1;
          lineNumber++;
        } else if (!eof) {
          fill();
        } else {
          if (pos < limit) {
            line(pos, limit);
            pos = limit;
          }
          endStanza();
          return;
        }
      }
    }

    private int indexOfNewline(int from, int to) {
      byte[] b = buf;
      for (int i = from; i < to; i++) {
        if (b[i] == '\n') {
          return i;
        }
      }
      return -1;
    }

    /**
     * Makes room and reads more. The open stanza's bytes move to the front of the buffer with
     * the unread line; its field offsets are relative to its start and so stay valid.
     */
    private void fill() throws IOException {
      int keep = stanzaStart >= 0 ? stanzaStart : pos;
      if (keep > 0) {
        System.arraycopy(buf, keep, buf, 0, limit - keep);
        limit -= keep;
        pos -= keep;
        if (stanzaStart >= 0) {
          stanzaStart = 0;
        }
      }
      if (limit == buf.length) {
        buf = Arrays.copyOf(buf, buf.length * 2);
      }
      int n = in.read(buf, limit, buf.length - limit);
      if (n < 0) {
        eof = true;
      } else {
        limit += n;
      }
    }

    private void line(int start, int end) throws Deb822Exception {
      byte[] b = buf;
      int trimmed = end;
      while (trimmed > start && isBlank(b[trimmed - 1])) {
        trimmed--;
      }
      if (trimmed == start) {
        endStanza();
        return;
      }
      byte first = b[start];
      if (first == ' ' || first == '\t') {
        if (stanzaStart < 0) {
          throw error("continuation line before any field");
        }
        int f = (count - 1) * Stanza.SLOTS;
        fields[f + Stanza.END] = trimmed - stanzaStart;
        fields[f + Stanza.LAST_LINE] = lineNumber;
        return;
      }
      if (first == '#') {
        if (comments) {
          return;
        }
        throw error("comment lines are not allowed in this file");
      }
      int colon = start;
      while (colon < trimmed && b[colon] != ':') {
        colon++;
      }
      if (colon == trimmed) {
        throw error("line is neither a \"Field: value\" line nor a continuation line: "
            + quote(start, trimmed));
      }
      FieldName name = fieldNames.get(b, start, colon);
      if (name == null) {
        throw error("invalid field name " + quote(start, colon)
            + ": use printable ASCII without spaces, not starting with '-'");
      }
      int valueStart = colon + 1;
      while (valueStart < trimmed && (b[valueStart] == ' ' || b[valueStart] == '\t')) {
        valueStart++;
      }
      if (stanzaStart < 0) {
        stanzaStart = start;
        stanzaLine = lineNumber;
      } else {
        for (int i = 0; i < count; i++) {
          // Keys are interned, so identity is case-insensitive equality here.
          if (names[i].key == name.key) {
            int firstLine = fields[i * Stanza.SLOTS + Stanza.FIRST_LINE];
            throw error("duplicate field " + name.name + " (first on line " + firstLine + ")");
          }
        }
      }
      if (count == names.length) {
        names = Arrays.copyOf(names, count * 2);
        fields = Arrays.copyOf(fields, count * 2 * Stanza.SLOTS);
      }
      names[count] = name;
      int f = count * Stanza.SLOTS;
      fields[f + Stanza.START] = valueStart - stanzaStart;
      fields[f + Stanza.END] = trimmed - stanzaStart;
      fields[f + Stanza.FIRST_LINE] = lineNumber;
      fields[f + Stanza.LAST_LINE] = lineNumber;
      count++;
    }

    private void endStanza() {
      if (stanzaStart < 0) {
        return;
      }
      int length = fields[(count - 1) * Stanza.SLOTS + Stanza.END];
      byte[] data = Arrays.copyOfRange(buf, stanzaStart, stanzaStart + length);
      String[] stanzaNames = new String[count];
      for (int i = 0; i < count; i++) {
        stanzaNames[i] = names[i].name;
      }
      Stanza stanza = new Stanza(source, stanzaLine, data, stanzaNames,
          Arrays.copyOf(fields, count * Stanza.SLOTS), comments);
      stanzaStart = -1;
      count = 0;
      sink.accept(stanza);
    }

    private Deb822Exception error(String problem) {
      return new Deb822Exception(source, lineNumber, problem);
    }

    private String quote(int start, int end) {
      int shown = Math.min(end - start, 80);
      String text = new String(buf, start, shown, StandardCharsets.UTF_8);
      return "\"" + text + (shown < end - start ? "..." : "") + "\"";
    }

    private static boolean isBlank(byte b) {
      return b == ' ' || b == '\t' || b == '\r';
    }
  }

  /** A field name as spelled in the file, and its lower-case form interned for lookups. */
  private record FieldName(byte[] bytes, String name, String key) {}

  /**
   * Interns field names straight from the buffer: an index uses a few dozen distinct names, so
   * after the first stanza every lookup is a hash and a byte comparison, with no allocation.
   */
  private static final class FieldNames {
    private FieldName[] table = new FieldName[256];
    private int size;

    /** The interned name, or null if the bytes are not a valid field name. */
    FieldName get(byte[] b, int start, int end) {
      int h = 0;
      for (int i = start; i < end; i++) {
        h = 31 * h + b[i];
      }
      int mask = table.length - 1;
      int slot = mix(h) & mask;
      FieldName entry;
      while ((entry = table[slot]) != null) {
        if (Arrays.equals(entry.bytes, 0, entry.bytes.length, b, start, end)) {
          return entry;
        }
        slot = (slot + 1) & mask;
      }
      if (!isValid(b, start, end)) {
        return null;
      }
      String name = new String(b, start, end - start, StandardCharsets.US_ASCII).intern();
      entry = new FieldName(Arrays.copyOfRange(b, start, end), name,
          name.toLowerCase(Locale.ROOT).intern());
      table[slot] = entry;
      if (++size * 2 > table.length) {
        rehash();
      }
      return entry;
    }

    private void rehash() {
      FieldName[] old = table;
      table = new FieldName[old.length * 2];
      int mask = table.length - 1;
      for (FieldName e : old) {
        if (e != null) {
          int h = 0;
          for (byte x : e.bytes) {
            h = 31 * h + x;
          }
          int slot = mix(h) & mask;
          while (table[slot] != null) {
            slot = (slot + 1) & mask;
          }
          table[slot] = e;
        }
      }
    }

    private static int mix(int h) {
      return h ^ (h >>> 16);
    }

    /** Policy 5.1: printable US-ASCII except space and colon, not starting with '#' or '-'. */
    private static boolean isValid(byte[] b, int start, int end) {
      if (start == end || b[start] == '-' || b[start] == '#') {
        return false;
      }
      for (int i = start; i < end; i++) {
        if (b[i] <= ' ' || b[i] >= 0x7f) {
          return false;
        }
      }
      return true;
    }
  }
}
