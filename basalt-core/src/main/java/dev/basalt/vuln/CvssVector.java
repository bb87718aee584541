package dev.basalt.vuln;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The metrics of a CVSS vector string ({@code CVSS:3.1/AV:N/...}), each allowed once. */
final class CvssVector {
  private CvssVector() {}

  /**
   * The metric values after the {@code CVSS:<version>/} prefix.
   *
   * @param allowed each metric name with the values it may take
   * @param required the metrics that must appear
   * @throws IllegalArgumentException naming the first problem
   */
  static Map<String, String> parse(String vector, String prefix, Map<String, Set<String>> allowed, List<String> required) {
    if (!vector.startsWith(prefix)) {
      throw new IllegalArgumentException("'" + vector + "' does not start with " + prefix);
    }
    Map<String, String> metrics = new LinkedHashMap<>();
    for (String part : vector.substring(prefix.length()).split("/", -1)) {
      int colon = part.indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("'" + part + "' in '" + vector + "' is not METRIC:VALUE");
      }
      String name = part.substring(0, colon);
      String value = part.substring(colon + 1);
      Set<String> values = allowed.get(name);
      if (values == null) {
        throw new IllegalArgumentException("unknown metric " + name + " in '" + vector + "'");
      }
      if (!values.contains(value)) {
        throw new IllegalArgumentException(name + ":" + value + " in '" + vector + "' is not one of " + values);
      }
      if (metrics.put(name, value) != null) {
        throw new IllegalArgumentException(name + " appears twice in '" + vector + "'");
      }
    }
    for (String name : required) {
      if (!metrics.containsKey(name)) {
        throw new IllegalArgumentException("'" + vector + "' lacks the base metric " + name);
      }
    }
    return metrics;
  }
}
