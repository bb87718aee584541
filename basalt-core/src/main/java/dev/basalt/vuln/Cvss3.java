package dev.basalt.vuln;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CVSS v3.0 and v3.1 base scores, by the specification's formulas (section 7.1 and appendix A
 * of v3.1). Temporal and environmental metrics are accepted in the vector but do not change the
 * base score. The versions differ only in Roundup: v3.1 rounds on integers so that a float such
 * as 4.000000001 is not rounded up to 4.1.
 */
public final class Cvss3 {
  private Cvss3() {}

  private static final List<String> BASE = List.of("AV", "AC", "PR", "UI", "S", "C", "I", "A");
  private static final Map<String, Set<String>> METRICS = new HashMap<>();

  static {
    METRICS.put("AV", Set.of("N", "A", "L", "P"));
    METRICS.put("AC", Set.of("L", "H"));
    METRICS.put("PR", Set.of("N", "L", "H"));
    METRICS.put("UI", Set.of("N", "R"));
    METRICS.put("S", Set.of("U", "C"));
    for (String cia : List.of("C", "I", "A")) {
      METRICS.put(cia, Set.of("H", "L", "N"));
      METRICS.put("M" + cia, Set.of("X", "H", "L", "N"));
      METRICS.put(cia + "R", Set.of("X", "H", "M", "L"));
    }
    METRICS.put("E", Set.of("X", "H", "F", "P", "U"));
    METRICS.put("RL", Set.of("X", "U", "W", "T", "O"));
    METRICS.put("RC", Set.of("X", "C", "R", "U"));
    METRICS.put("MAV", Set.of("X", "N", "A", "L", "P"));
    METRICS.put("MAC", Set.of("X", "L", "H"));
    METRICS.put("MPR", Set.of("X", "N", "L", "H"));
    METRICS.put("MUI", Set.of("X", "N", "R"));
    METRICS.put("MS", Set.of("X", "U", "C"));
  }

  /**
   * The base score of a {@code CVSS:3.0/...} or {@code CVSS:3.1/...} vector.
   *
   * @throws IllegalArgumentException for a malformed vector, naming what is wrong
   */
  public static double baseScore(String vector) {
    boolean v30 = vector.startsWith("CVSS:3.0/");
    Map<String, String> m = CvssVector.parse(vector, v30 ? "CVSS:3.0/" : "CVSS:3.1/", METRICS, BASE);
    boolean changed = m.get("S").equals("C");
    double iss = 1 - (1 - cia(m.get("C"))) * (1 - cia(m.get("I"))) * (1 - cia(m.get("A")));
    double impact = changed ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
    double exploitability = 8.22 * attackVector(m.get("AV")) * (m.get("AC").equals("L") ? 0.77 : 0.44)
        * privileges(m.get("PR"), changed) * (m.get("UI").equals("N") ? 0.85 : 0.62);
    if (impact <= 0) {
      return 0.0;
    }
    double raw = changed ? Math.min(1.08 * (impact + exploitability), 10) : Math.min(impact + exploitability, 10);
    return v30 ? roundup30(raw) : roundup31(raw);
  }

  private static double cia(String v) {
    return v.equals("H") ? 0.56 : v.equals("L") ? 0.22 : 0;
  }

  private static double attackVector(String v) {
    switch (v) {
      case "N":
        return 0.85;
      case "A":
        return 0.62;
      case "L":
        return 0.55;
      default:
        return 0.2;
    }
  }

  private static double privileges(String v, boolean changed) {
    switch (v) {
      case "N":
        return 0.85;
      case "L":
        return changed ? 0.68 : 0.62;
      default:
        return changed ? 0.5 : 0.27;
    }
  }

  /** v3.0: the smallest number with one decimal that is at least the input. */
  static double roundup30(double x) {
    return Math.ceil(x * 10) / 10;
  }

  /** v3.1 appendix A: the same, computed on integers to avoid floating-point artefacts. */
  static double roundup31(double x) {
    long scaled = Math.round(x * 100000);
    if (scaled % 10000 == 0) {
      return scaled / 100000.0;
    }
    return (Math.floorDiv(scaled, 10000) + 1) / 10.0;
  }
}
