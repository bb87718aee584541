package dev.basalt.oci;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import dev.basalt.cache.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * Canonical JSON for the documents whose digests name images: compact UTF-8 (only {@code "},
 * {@code \\} and control characters escaped), record components in declared order, map keys
 * sorted (by UTF-16 code units, as RFC 8785 does), null components and empty map components
 * omitted. Values: strings, booleans, integral numbers, {@link Digest}
 * ({@code sha256:<hex>}), {@link Instant} (RFC 3339, UTC, {@code Z}), collections, maps with
 * string keys, and records.
 */
public final class Json {
  /** The JSON key of a record component, where it differs from the component's name. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.RECORD_COMPONENT)
  public @interface Name {
    String value();
  }

  /** Jackson's defaults but one: characters beyond the BMP as their UTF-8 bytes, not escaped surrogates. */
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
      .build();

  private Json() {}

  /** The canonical JSON bytes of {@code value}. */
  public static byte[] bytes(Object value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      write(g, value);
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory", e);
    }
    return out.toByteArray();
  }

  /** The canonical JSON of {@code value} as text. */
  public static String string(Object value) {
    return new String(bytes(value), StandardCharsets.UTF_8);
  }

  private static void write(JsonGenerator g, Object value) throws IOException {
    if (value == null) {
      g.writeNull();
    } else if (value instanceof String s) {
      g.writeString(s);
    } else if (value instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
      g.writeNumber(((Number) value).longValue());
    } else if (value instanceof Digest d) {
      g.writeString(d.toString());
    } else if (value instanceof Instant t) {
      g.writeString(DateTimeFormatter.ISO_INSTANT.format(t));
    } else if (value instanceof Collection<?> c) {
      g.writeStartArray();
      for (Object item : c) {
        write(g, item);
      }
      g.writeEndArray();
    } else if (value instanceof Map<?, ?> m) {
      g.writeStartObject();
      for (Map.Entry<String, ?> e : sortedByKey(m).entrySet()) {
        g.writeFieldName(e.getKey());
        write(g, e.getValue());
      }
      g.writeEndObject();
    } else if (value instanceof Record r) {
      writeRecord(g, r);
    } else {
      throw new IllegalArgumentException("no canonical JSON for " + value.getClass().getName());
    }
  }

  private static void writeRecord(JsonGenerator g, Record r) throws IOException {
    g.writeStartObject();
    for (RecordComponent c : r.getClass().getRecordComponents()) {
      Object v;
      try {
        v = c.getAccessor().invoke(r);
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new IllegalArgumentException("cannot read " + r.getClass().getName() + "." + c.getName(), e);
      }
      if (v == null || (v instanceof Map<?, ?> m && m.isEmpty())) {
        continue;
      }
      Name name = c.getAnnotation(Name.class);
      g.writeFieldName(name != null ? name.value() : c.getName());
      write(g, v);
    }
    g.writeEndObject();
  }

  private static TreeMap<String, ?> sortedByKey(Map<?, ?> m) {
    TreeMap<String, Object> sorted = new TreeMap<>();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (!(e.getKey() instanceof String key)) {
        throw new IllegalArgumentException("JSON object keys must be strings, not " + e.getKey());
      }
      sorted.put(key, e.getValue());
    }
    return sorted;
  }
}
