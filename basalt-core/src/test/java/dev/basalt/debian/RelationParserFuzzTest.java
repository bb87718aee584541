package dev.basalt.debian;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Relationship fields from a Packages index (Depends, Provides...) parse or fail with the
 * {@link IllegalArgumentException} that {@link RelationParser} documents and its callers turn
 * into an index error; nothing else escapes, and what parsed prints back.
 */
class RelationParserFuzzTest {
  @FuzzTest(maxDuration = "2m")
  void parseGroups(byte[] data) {
    String field = new String(data, StandardCharsets.UTF_8);
    try {
      for (List<Relation> group : RelationParser.parseGroups(field)) {
        for (Relation r : group) {
          RelationParser.parse(r.toString());
        }
      }
    } catch (IllegalArgumentException documented) {
      // malformed relation: the parser's contract
    }
    try {
      RelationParser.parseList(field);
    } catch (IllegalArgumentException documented) {
      // malformed relation or an alternative in a list field
    }
  }
}
