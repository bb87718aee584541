package dev.basalt.vuln;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CVSS v4.0 scores by FIRST's algorithm (specification section 8): the vector falls in a
 * macro vector (six equivalence classes EQ1–EQ6) whose score comes from the published lookup
 * table, then moves down towards the next lower macro vectors in proportion to its severity
 * distance from the highest vectors of its own macro vector. Threat and environmental metrics
 * are honoured when the vector has them (E defaults to Attacked, CR/IR/AR to High).
 */
public final class Cvss4 {
  private Cvss4() {}

  private static final String PREFIX = "CVSS:4.0/";
  private static final List<String> BASE = List.of("AV", "AC", "AT", "PR", "UI", "VC", "VI", "VA", "SC", "SI", "SA");
  /**
   * Each metric's values in decreasing severity, the index being its severity distance unit. SC
   * has no Safety value, so its H sits one step below SI's and SA's S, as the reference has it.
   */
  private static final Map<String, String> LEVELS = Map.ofEntries(Map.entry("AV", "NALP"), Map.entry("AC", "LH"),
      Map.entry("AT", "NP"), Map.entry("PR", "NLH"), Map.entry("UI", "NPA"), Map.entry("VC", "HLN"),
      Map.entry("VI", "HLN"), Map.entry("VA", "HLN"), Map.entry("SC", "_HLN"), Map.entry("SI", "SHLN"),
      Map.entry("SA", "SHLN"), Map.entry("CR", "HML"), Map.entry("IR", "HML"), Map.entry("AR", "HML"));
  /** The values each metric may take in a vector. */
  private static final Map<String, Set<String>> METRICS = new HashMap<>();

  static {
    for (String m : BASE) {
      Set<String> values = values(LEVELS.get(m));
      // S (Safety) exists only as a modified value: MSI:S, MSA:S.
      METRICS.put(m, m.equals("SI") || m.equals("SA") ? Set.of("H", "L", "N") : values);
      METRICS.put("M" + m, union(values, "X"));
    }
    for (String m : List.of("CR", "IR", "AR")) {
      METRICS.put(m, union(values(LEVELS.get(m)), "X"));
    }
    METRICS.put("E", Set.of("X", "A", "P", "U"));
    METRICS.put("S", Set.of("X", "N", "P"));
    METRICS.put("AU", Set.of("X", "N", "Y"));
    METRICS.put("R", Set.of("X", "A", "U", "I"));
    METRICS.put("V", Set.of("X", "D", "C"));
    METRICS.put("RE", Set.of("X", "L", "M", "H"));
    METRICS.put("U", Set.of("X", "Clear", "Green", "Amber", "Red"));
  }

  private static Set<String> values(String order) {
    Set<String> out = new HashSet<>();
    for (char c : order.toCharArray()) {
      if (c != '_') {
        out.add(String.valueOf(c));
      }
    }
    return Set.copyOf(out);
  }

  private static Set<String> union(Set<String> values, String extra) {
    Set<String> out = new HashSet<>(values);
    out.add(extra);
    return Set.copyOf(out);
  }

  /**
   * The score of a {@code CVSS:4.0/...} vector: CVSS-B for a base vector, CVSS-BT/BE/BTE when
   * it carries threat or environmental metrics.
   *
   * @throws IllegalArgumentException for a malformed vector, naming what is wrong
   */
  public static double score(String vector) {
    Map<String, String> given = CvssVector.parse(vector, PREFIX, METRICS, BASE);
    Map<String, String> m = new HashMap<>();
    for (String name : LEVELS.keySet()) {
      m.put(name, effective(given, name));
    }
    m.put("E", given.getOrDefault("E", "X"));
    if (List.of("VC", "VI", "VA", "SC", "SI", "SA").stream().allMatch(k -> m.get(k).equals("N"))) {
      return 0.0;
    }
    int[] eq = macroVector(m);
    double value = Cvss4MacroVectors.score(eq);

    Double lower1 = Cvss4MacroVectors.scoreOrNull(with(eq, 0, 1));
    Double lower2 = Cvss4MacroVectors.scoreOrNull(with(eq, 1, 1));
    Double lower36;
    if (eq[2] == 0 && eq[5] == 0) {
      Double left = Cvss4MacroVectors.scoreOrNull(with(eq, 5, 1));
      Double right = Cvss4MacroVectors.scoreOrNull(with(eq, 2, 1));
      lower36 = left == null ? right : right == null ? left : Math.max(left, right);
    } else if (eq[2] == 1 && eq[5] == 0) {
      lower36 = Cvss4MacroVectors.scoreOrNull(with(eq, 5, 1));
    } else {
      lower36 = Cvss4MacroVectors.scoreOrNull(with(eq, 2, 1));
    }
    Double lower4 = Cvss4MacroVectors.scoreOrNull(with(eq, 3, 1));
    Double lower5 = Cvss4MacroVectors.scoreOrNull(with(eq, 4, 1));

    Map<String, Integer> distance = severityDistances(m, eq);
    int d1 = distance.get("AV") + distance.get("PR") + distance.get("UI");
    int d2 = distance.get("AC") + distance.get("AT");
    int d36 = distance.get("VC") + distance.get("VI") + distance.get("VA") + distance.get("CR") + distance.get("IR")
        + distance.get("AR");
    int d4 = distance.get("SC") + distance.get("SI") + distance.get("SA");

    double sum = 0;
    int existing = 0;
    if (lower1 != null) {
      existing++;
      sum += (value - lower1) * d1 / Cvss4MacroVectors.depthEq1(eq[0]);
    }
    if (lower2 != null) {
      existing++;
      sum += (value - lower2) * d2 / Cvss4MacroVectors.depthEq2(eq[1]);
    }
    if (lower36 != null) {
      existing++;
      sum += (value - lower36) * d36 / Cvss4MacroVectors.depthEq3Eq6(eq[2], eq[5]);
    }
    if (lower4 != null) {
      existing++;
      sum += (value - lower4) * d4 / Cvss4MacroVectors.depthEq4(eq[3]);
    }
    if (lower5 != null) {
      existing++; // EQ5 has one value per macro vector: its distance is always 0
    }
    double score = existing == 0 ? value : value - sum / existing;
    score = Math.max(0.0, Math.min(10.0, score));
    // Half-up to one decimal of the exact value; the epsilon absorbs binary floating-point error.
    return Math.round(score * 10 + 1e-9) / 10.0;
  }

  /** The value that counts: a modified metric overrides its base metric; X threat/requirement values are worst-case. */
  private static String effective(Map<String, String> given, String name) {
    if (name.equals("CR") || name.equals("IR") || name.equals("AR")) {
      String v = given.getOrDefault(name, "X");
      return v.equals("X") ? "H" : v;
    }
    String modified = given.get("M" + name);
    return modified != null && !modified.equals("X") ? modified : given.get(name);
  }

  /** EQ1..EQ6 as section 8.2 defines them. */
  static int[] macroVector(Map<String, String> m) {
    String av = m.get("AV");
    String pr = m.get("PR");
    String ui = m.get("UI");
    int eq1;
    if (av.equals("N") && pr.equals("N") && ui.equals("N")) {
      eq1 = 0;
    } else if ((av.equals("N") || pr.equals("N") || ui.equals("N")) && !av.equals("P")) {
      eq1 = 1;
    } else {
      eq1 = 2;
    }
    int eq2 = m.get("AC").equals("L") && m.get("AT").equals("N") ? 0 : 1;
    boolean vc = m.get("VC").equals("H");
    boolean vi = m.get("VI").equals("H");
    boolean va = m.get("VA").equals("H");
    int eq3 = vc && vi ? 0 : (vc || vi || va) ? 1 : 2;
    int eq4;
    if (m.get("SI").equals("S") || m.get("SA").equals("S")) {
      eq4 = 0;
    } else if (m.get("SC").equals("H") || m.get("SI").equals("H") || m.get("SA").equals("H")) {
      eq4 = 1;
    } else {
      eq4 = 2;
    }
    String e = given(m, "E");
    int eq5 = e.equals("A") ? 0 : e.equals("P") ? 1 : 2;
    boolean eq6High = (m.get("CR").equals("H") && vc) || (m.get("IR").equals("H") && vi)
        || (m.get("AR").equals("H") && va);
    return new int[] {eq1, eq2, eq3, eq4, eq5, eq6High ? 0 : 1};
  }

  private static String given(Map<String, String> m, String name) {
    String v = m.get(name);
    return v == null || v.equals("X") ? "A" : v;
  }

  /**
   * Per metric, how many steps the vector lies below the first of its macro vector's highest
   * vectors that it does not exceed in any metric.
   */
  private static Map<String, Integer> severityDistances(Map<String, String> m, int[] eq) {
    Map<String, Integer> last = null;
    for (Map<String, String> max : Cvss4MacroVectors.maxVectors(eq)) {
      Map<String, Integer> d = new HashMap<>();
      boolean fits = true;
      for (Map.Entry<String, String> metric : max.entrySet()) {
        String order = LEVELS.get(metric.getKey());
        int dist = order.indexOf(m.get(metric.getKey())) - order.indexOf(metric.getValue());
        d.put(metric.getKey(), dist);
        fits &= dist >= 0;
      }
      last = d;
      if (fits) {
        return d;
      }
    }
    return last;
  }

  private static int[] with(int[] eq, int index, int add) {
    int[] out = eq.clone();
    out[index] += add;
    return out;
  }
}
