package dev.basalt.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basalt.cache.Digest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  record Inner(String b, @Json.Name("A-key") int a) {}

  record Outer(String name, Map<String, String> emptyMap, List<String> emptyList, Inner inner, Boolean flag,
      Map<String, Object> nested) {}

  @Test
  void recordsInDeclaredOrderMapsSortedNullsAndEmptyMapsOmitted() {
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("z", 1L);
    nested.put("B", Map.of());
    nested.put("a", List.of("x", "y"));
    Outer o = new Outer("n", Map.of(), List.of(), new Inner(null, 7), true, nested);
    assertThat(Json.string(o))
        .isEqualTo("{\"name\":\"n\",\"emptyList\":[],\"inner\":{\"A-key\":7},\"flag\":true,"
            + "\"nested\":{\"B\":{},\"a\":[\"x\",\"y\"],\"z\":1}}");
  }

  @Test
  void stringsAreEscapedMinimallyAndWrittenAsUtf8() {
    String s = "q\" b\\ n\n t\t c\u0001 \u00e9 \uD83D\uDE00 / <>&";
    assertThat(Json.bytes(s)).isEqualTo(
        "\"q\\\" b\\\\ n\\n t\\t c\\u0001 \u00e9 \uD83D\uDE00 / <>&\"".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void digestsAndInstantsHaveTheirOciSpelling() {
    Digest d = Digest.parse("sha256:" + "0".repeat(64));
    assertThat(Json.string(List.of(d, Instant.parse("2026-01-01T00:00:00Z"), Instant.ofEpochSecond(1, 500_000_000))))
        .isEqualTo("[\"sha256:" + "0".repeat(64) + "\",\"2026-01-01T00:00:00Z\",\"1970-01-01T00:00:01.500Z\"]");
  }

  @Test
  void keysSortByUtf16LikeRfc8785() {
    Map<String, Integer> m = new LinkedHashMap<>();
    m.put("\uFFFD", 1);
    m.put("\uD83D\uDE00", 2);
    m.put("a", 3);
    assertThat(Json.string(m)).isEqualTo("{\"a\":3,\"\uD83D\uDE00\":2,\"\uFFFD\":1}");
  }

  @Test
  void unsupportedValuesAreMisuse() {
    assertThatThrownBy(() -> Json.bytes(1.5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no canonical JSON for java.lang.Double");
    assertThatThrownBy(() -> Json.bytes(Map.of(1, "x"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("JSON object keys must be strings, not 1");
  }
}
