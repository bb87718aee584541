package dev.basalt.debian;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Closest names to a misspelt one, by edit distance, for "did you mean" messages. */
public final class Suggestions {
  private static final int MAX_SUGGESTIONS = 3;

  private Suggestions() {}

  /**
   * Up to three of the closest names: within an edit distance that scales with the word's
   * length, or extending it (libssl3 for libssl3t64); only those at the best distance.
   */
  public static List<String> closest(String word, Collection<String> candidates) {
    int limit = Math.max(2, Math.min(4, word.length() / 2));
    record Scored(String name, int distance) {}
    List<Scored> scored = new ArrayList<>();
    for (String c : candidates) {
      if (word.length() >= 4 && c.startsWith(word) && c.length() - word.length() <= 4) {
        scored.add(new Scored(c, 1));
        continue;
      }
      if (Math.abs(c.length() - word.length()) > limit) {
        continue;
      }
      int d = distance(word, c, limit);
      if (d <= limit) {
        scored.add(new Scored(c, d));
      }
    }
    scored.sort(Comparator.comparingInt(Scored::distance).thenComparing(Scored::name));
    int best = scored.isEmpty() ? 0 : scored.get(0).distance();
    return scored.stream().filter(s -> s.distance() == best).limit(MAX_SUGGESTIONS).map(Scored::name).toList();
  }

  /** Levenshtein distance, giving up (returning limit + 1) once it must exceed {@code limit}. */
  public static int distance(String a, String b, int limit) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      int rowMin = cur[0];
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
        rowMin = Math.min(rowMin, cur[j]);
      }
      if (rowMin > limit) {
        return limit + 1;
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
