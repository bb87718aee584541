package dev.basalt.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads YAML into {@link SpecNode}s with line numbers, refusing duplicate keys. */
final class SpecReader {
  private static final YAMLFactory YAML = new YAMLFactory();

  private SpecReader() {}

  static SpecNode read(byte[] yaml, Path file) throws SpecException {
    return read(yaml, file, "the spec is empty; it needs at least 'name' and 'contents'");
  }

  /** Reads {@code yaml}; {@code ifEmpty} is the error for a file without a document. */
  static SpecNode read(byte[] yaml, Path file, String ifEmpty) throws SpecException {
    try (JsonParser p = YAML.createParser(yaml)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        throw new SpecException(file, 1, ifEmpty);
      }
      SpecNode root = readValue(p, file);
      if (p.nextToken() != null) {
        throw new SpecException(file, line(p.currentTokenLocation()), "a spec or policy file is a single YAML document");
      }
      return root;
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      throw new SpecException(file, loc == null ? 0 : loc.getLineNr(), "not valid YAML: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new SpecException(file, 0, "cannot read: " + e.getMessage());
    }
  }

  private static SpecNode readValue(JsonParser p, Path file) throws IOException, SpecException {
    int line = line(p.currentTokenLocation());
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT -> {
        Map<String, SpecNode.Mapping.Entry> entries = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          int keyLine = line(p.currentTokenLocation());
          if (entries.containsKey(key)) {
            throw new SpecException(
                file, keyLine, "key '" + key + "' appears twice (first on line " + entries.get(key).keyLine() + ")");
          }
          p.nextToken();
          entries.put(key, new SpecNode.Mapping.Entry(key, keyLine, readValue(p, file)));
        }
        return new SpecNode.Mapping(entries, line);
      }
      case START_ARRAY -> {
        List<SpecNode> items = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          items.add(readValue(p, file));
        }
        return new SpecNode.Sequence(items, line);
      }
      case VALUE_STRING -> {
        return new SpecNode.Scalar(p.getText(), SpecNode.Scalar.Type.STRING, line);
      }
      case VALUE_NUMBER_INT -> {
        return new SpecNode.Scalar(p.getText(), SpecNode.Scalar.Type.INT, line);
      }
      case VALUE_NUMBER_FLOAT -> {
        return new SpecNode.Scalar(p.getText(), SpecNode.Scalar.Type.FLOAT, line);
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return new SpecNode.Scalar(p.getText(), SpecNode.Scalar.Type.BOOL, line);
      }
      case VALUE_NULL -> {
        return new SpecNode.Scalar(null, SpecNode.Scalar.Type.NULL, line);
      }
      default -> throw new SpecException(file, line, "unsupported YAML content: " + t);
    }
  }

  private static int line(JsonLocation loc) {
    return loc == null ? 0 : loc.getLineNr();
  }
}
