package dev.basalt.sign;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * JSON for signed documents. Output is compact UTF-8 with object members in the order they were
 * put, so the same inputs give the same bytes. Input is strict: duplicate keys and trailing
 * content are errors, since a verifier and a signer must not read one document two ways.
 */
final class SignJson {
  /** Raised for a document that is not JSON or lacks what it must hold; callers wrap it. */
  static final class Malformed extends Exception {
    Malformed(String message) {
      super(message);
    }

    Malformed(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static final JsonMapper MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
      .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
      .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
      .build();
  private static final ObjectWriter WRITER = MAPPER.writer();
  private static final ObjectWriter GO_WRITER = MAPPER.writer().with(new GoEscapes());

  private SignJson() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static ArrayNode array() {
    return MAPPER.createArrayNode();
  }

  /** Compact JSON, escaping only what JSON requires (as protojson and JavaScript write it). */
  static byte[] bytes(JsonNode node) {
    return write(WRITER, node);
  }

  /**
   * Compact JSON as Go's {@code encoding/json} writes it: also {@code <}, {@code >}, {@code &},
   * U+2028 and U+2029 escaped, lower-case hex. Payloads that cosign builds with {@code json.Marshal}
   * come out byte for byte the same.
   */
  static byte[] goBytes(JsonNode node) {
    return write(GO_WRITER, node);
  }

  private static byte[] write(ObjectWriter writer, JsonNode node) {
    try {
      return writer.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  static JsonNode parse(byte[] json, String what) throws Malformed {
    try {
      JsonNode node = MAPPER.readTree(json);
      if (node == null || node.isMissingNode()) {
        throw new Malformed(what + " is empty");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new Malformed(what + " is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new IllegalStateException("reading JSON from memory cannot fail", e);
    }
  }

  /** A copy of {@code node} with the members of every object sorted by key, for canonical output. */
  static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.properties());
      fields.sort(Map.Entry.comparingByKey());
      ObjectNode copy = object();
      for (Map.Entry<String, JsonNode> field : fields) {
        copy.set(field.getKey(), sorted(field.getValue()));
      }
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = array();
      for (JsonNode item : node) {
        copy.add(sorted(item));
      }
      return copy;
    }
    return node.deepCopy();
  }

  static ObjectNode requireObject(JsonNode parent, String field, String what) throws Malformed {
    JsonNode value = parent.get(field);
    if (value == null || !value.isObject()) {
      throw new Malformed(what + " has no object '" + field + "'");
    }
    return (ObjectNode) value;
  }

  static String requireText(JsonNode parent, String field, String what) throws Malformed {
    JsonNode value = parent.get(field);
    if (value == null || !value.isTextual()) {
      throw new Malformed(what + " has no string '" + field + "'");
    }
    return value.textValue();
  }

  /** The string member {@code field}, or null when absent; any other type is malformed. */
  static String optionalText(JsonNode parent, String field, String what) throws Malformed {
    JsonNode value = parent.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new Malformed(what + " has a '" + field + "' that is not a string");
    }
    return value.textValue();
  }

  static int requireInt(JsonNode parent, String field, String what) throws Malformed {
    JsonNode value = parent.get(field);
    if (value == null || !value.canConvertToExactIntegral() || !value.canConvertToInt()) {
      throw new Malformed(what + " has no integer '" + field + "'");
    }
    return value.intValue();
  }

  static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** Standard base64, padded or not; URL-safe base64 too, which protojson also accepts. */
  static byte[] fromBase64(String text, String what) throws Malformed {
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException standard) {
      try {
        return Base64.getUrlDecoder().decode(text);
      } catch (IllegalArgumentException urlSafe) {
        throw new Malformed(what + " is not base64", standard);
      }
    }
  }

  static Iterator<JsonNode> elements(JsonNode parent, String field, String what) throws Malformed {
    JsonNode value = parent.get(field);
    if (value == null || !value.isArray()) {
      throw new Malformed(what + " has no array '" + field + "'");
    }
    return value.elements();
  }

  /** Go's {@code encoding/json} HTML-safe escapes on top of the JSON ones. */
  private static final class GoEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private final int[] ascii;

    GoEscapes() {
      ascii = standardAsciiEscapesForJSON();
      ascii['<'] = ESCAPE_STANDARD;
      ascii['>'] = ESCAPE_STANDARD;
      ascii['&'] = ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      return switch (ch) {
        case 0x2028 -> new SerializedString("\\u2028");
        case 0x2029 -> new SerializedString("\\u2029");
        default -> null;
      };
    }
  }
}
