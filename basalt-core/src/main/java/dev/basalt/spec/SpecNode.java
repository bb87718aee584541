package dev.basalt.spec;

import java.util.List;
import java.util.Map;

/** A YAML value that remembers the line it came from, so errors can point at it. */
sealed interface SpecNode {
  int line();

  /** What the user wrote, for messages: "a list", "a map", "the string 'x'". */
  String describe();

  /** A scalar; {@code type} says how YAML typed it. */
  record Scalar(String text, Type type, int line) implements SpecNode {
    enum Type {
      STRING,
      INT,
      FLOAT,
      BOOL,
      NULL
    }

    @Override
    public String describe() {
      return type == Type.NULL ? "nothing (null)" : type.name().toLowerCase() + " '" + text + "'";
    }
  }

  record Sequence(List<SpecNode> items, int line) implements SpecNode {
    @Override
    public String describe() {
      return "a list";
    }
  }

  /** A mapping whose keys keep their own line numbers. */
  record Mapping(Map<String, Entry> entries, int line) implements SpecNode {
    record Entry(String key, int keyLine, SpecNode value) {}

    @Override
    public String describe() {
      return "a map";
    }
  }
}
