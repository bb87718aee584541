package dev.basalt.vuln;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data of CVSS v4.0's scoring, as FIRST publishes it with the specification: the score of
 * every macro vector, the highest vectors of each equivalence class, and each class's depth
 * (the largest severity distance within it).
 */
final class Cvss4MacroVectors {
  private Cvss4MacroVectors() {}

  /**
   * Scores in key order EQ1, EQ2, EQ3 (outer to inner), then EQ4, EQ5, EQ6: for EQ3 0 and 1
   * eighteen values (EQ4 0–2 × EQ5 0–2 × EQ6 0–1), for EQ3 2 nine (EQ6 is always 1 there).
   */
  private static final String TABLE = String.join(" ",
      // EQ1 0, EQ2 0
      "10 9.9 9.8 9.5 9.5 9.2 10 9.6 9.3 8.7 9.1 8.1 9.3 9 8.9 8 8.1 6.8",
      "9.8 9.5 9.5 9.2 9 8.4 9.3 9.2 8.9 8.1 8.1 6.5 8.8 8 7.8 7 6.9 4.8",
      "9.2 8.2 7.2 7.9 6.9 5 6.9 5.5 2.7",
      // EQ1 0, EQ2 1
      "9.9 9.7 9.5 9.2 9.2 8.5 9.5 9.1 9 8.3 8.4 7.1 9.2 8.1 8.2 7.1 7.2 5.3",
      "9.5 9.3 9.2 8.5 8.5 7.3 9.2 8.2 8 7.2 7 5.9 8.4 7 7.1 5.2 5 3",
      "8.6 7.5 5.2 7.1 5.2 2.9 6.3 2.9 1.7",
      // EQ1 1, EQ2 0
      "9.8 9.5 9.4 8.7 9.1 8.1 9.4 8.9 8.6 7.4 7.7 6.4 8.7 7.5 7.4 6.3 6.3 4.9",
      "9.4 8.9 8.8 7.7 7.6 6.7 8.6 7.6 7.4 5.8 5.9 5 7.2 5.7 5.7 5.2 5.2 2.5",
      "8.3 7 5.4 6.5 5.8 2.6 5.3 2.1 1.3",
      // EQ1 1, EQ2 1
      "9.5 9 8.8 7.6 7.6 7 9 7.7 7.5 6.2 6.1 5.3 7.7 6.6 6.8 5.9 5.2 3",
      "8.9 7.8 7.6 6.7 6.2 5.8 7.4 5.9 5.7 5.7 4.7 2.3 6.1 5.2 5.7 2.9 2.4 1.6",
      "7.1 5.9 3 5.8 2.6 1.5 2.3 1.3 0.6",
      // EQ1 2, EQ2 0
      "9.3 8.7 8.6 7.2 7.5 5.8 8.6 7.4 7.4 6.1 5.6 3.4 7 5.4 5.2 4 4 2.2",
      "8.5 7.5 7.4 5.5 6.2 5.1 7.2 5.7 5.5 4.1 4.6 1.9 5.3 3.6 3.4 1.9 1.9 0.8",
      "6.4 5.1 2 4.7 2.1 1.1 2.4 0.9 0.4",
      // EQ1 2, EQ2 1
      "8.8 7.5 7.3 5.3 6 5 7.3 5.5 5.9 4 4.1 2 5.4 4.3 4.5 2.2 2 1.1",
      "7.5 5.5 5.8 4.5 4 2.1 6.1 5.1 4.8 1.8 2 0.9 4.6 1.8 1.7 0.7 0.8 0.2",
      "5.3 2.4 1.4 2.4 1.2 0.5 1 0.3 0.1");

  private static final Map<String, Double> SCORES = new LinkedHashMap<>();

  static {
    String[] values = TABLE.split(" ");
    int i = 0;
    for (int eq1 = 0; eq1 <= 2; eq1++) {
      for (int eq2 = 0; eq2 <= 1; eq2++) {
        for (int eq3 = 0; eq3 <= 2; eq3++) {
          for (int eq4 = 0; eq4 <= 2; eq4++) {
            for (int eq5 = 0; eq5 <= 2; eq5++) {
              for (int eq6 = eq3 == 2 ? 1 : 0; eq6 <= 1; eq6++) {
                SCORES.put("" + eq1 + eq2 + eq3 + eq4 + eq5 + eq6, Double.parseDouble(values[i++]));
              }
            }
          }
        }
      }
    }
    if (i != values.length) {
      throw new ExceptionInInitializerError("CVSS v4 table has " + values.length + " values, expected " + i);
    }
  }

  static int size() {
    return SCORES.size();
  }

  static double score(int[] eq) {
    Double s = scoreOrNull(eq);
    if (s == null) {
      throw new IllegalStateException("no CVSS v4 macro vector " + key(eq));
    }
    return s;
  }

  /** The macro vector's score, or null when no such macro vector exists (one step below the lowest). */
  static Double scoreOrNull(int[] eq) {
    return SCORES.get(key(eq));
  }

  private static String key(int[] eq) {
    StringBuilder b = new StringBuilder();
    for (int e : eq) {
      b.append(e);
    }
    return b.toString();
  }

  private static final String[][] EQ1_MAX = {
      {"AV:N/PR:N/UI:N"}, {"AV:A/PR:N/UI:N", "AV:N/PR:L/UI:N", "AV:N/PR:N/UI:P"}, {"AV:P/PR:N/UI:N", "AV:A/PR:L/UI:P"}};
  private static final String[][] EQ2_MAX = {{"AC:L/AT:N"}, {"AC:H/AT:N", "AC:L/AT:P"}};
  /** Indexed by EQ3 * 2 + EQ6. */
  private static final String[][] EQ3_EQ6_MAX = {
      {"VC:H/VI:H/VA:H/CR:H/IR:H/AR:H"},
      {"VC:H/VI:H/VA:L/CR:M/IR:M/AR:H", "VC:H/VI:H/VA:H/CR:M/IR:M/AR:M"},
      {"VC:L/VI:H/VA:H/CR:H/IR:H/AR:H", "VC:H/VI:L/VA:H/CR:H/IR:H/AR:H"},
      {"VC:L/VI:H/VA:L/CR:H/IR:M/AR:H", "VC:L/VI:H/VA:H/CR:H/IR:M/AR:M", "VC:H/VI:L/VA:H/CR:M/IR:H/AR:M",
          "VC:H/VI:L/VA:L/CR:M/IR:H/AR:H", "VC:L/VI:L/VA:H/CR:H/IR:H/AR:M"},
      {},
      {"VC:L/VI:L/VA:L/CR:H/IR:H/AR:H"}};
  private static final String[][] EQ4_MAX = {{"SC:H/SI:S/SA:S"}, {"SC:H/SI:H/SA:H"}, {"SC:L/SI:L/SA:L"}};
  private static final int[] EQ1_DEPTH = {1, 4, 5};
  private static final int[] EQ2_DEPTH = {1, 2};
  /** Indexed by EQ3 * 2 + EQ6. */
  private static final int[] EQ3_EQ6_DEPTH = {7, 6, 8, 8, 0, 10};
  private static final int[] EQ4_DEPTH = {6, 5, 4};

  static int depthEq1(int eq1) {
    return EQ1_DEPTH[eq1];
  }

  static int depthEq2(int eq2) {
    return EQ2_DEPTH[eq2];
  }

  static int depthEq3Eq6(int eq3, int eq6) {
    return EQ3_EQ6_DEPTH[eq3 * 2 + eq6];
  }

  static int depthEq4(int eq4) {
    return EQ4_DEPTH[eq4];
  }

  /** The highest vectors of the macro vector, every combination of its classes' highest parts, in the reference order. */
  static List<Map<String, String>> maxVectors(int[] eq) {
    List<Map<String, String>> out = new ArrayList<>();
    for (String p1 : EQ1_MAX[eq[0]]) {
      for (String p2 : EQ2_MAX[eq[1]]) {
        for (String p36 : EQ3_EQ6_MAX[eq[2] * 2 + eq[5]]) {
          for (String p4 : EQ4_MAX[eq[3]]) {
            Map<String, String> v = new LinkedHashMap<>();
            for (String part : (p1 + "/" + p2 + "/" + p36 + "/" + p4).split("/")) {
              v.put(part.substring(0, part.indexOf(':')), part.substring(part.indexOf(':') + 1));
            }
            out.add(v);
          }
        }
      }
    }
    return out;
  }
}
