package dev.basalt.policy;

import dev.basalt.debian.Resolution;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Why a package is in a resolution: the shortest chain of dependencies from the spec to it. */
public final class DependencyChains {
  /** How a chain starts, as the resolver's own messages write it. */
  public static final String SPEC = "spec";
  public static final String ARROW = " -> ";

  private final Map<String, List<String>> requiredBy = new HashMap<>();

  public DependencyChains(Resolution resolution) {
    for (Resolution.Resolved r : resolution.packages()) {
      requiredBy.put(r.pkg().name(), r.requiredBy());
    }
  }

  /**
   * {@code spec -> a -> b -> name}: breadth first over who requires whom, so the chain is a
   * shortest one; among equally short ones the first in the resolver's (sorted) order.
   */
  public String chain(String name) {
    Map<String, String> next = new HashMap<>();
    Deque<String> queue = new ArrayDeque<>();
    queue.add(name);
    next.put(name, null);
    while (!queue.isEmpty()) {
      String n = queue.removeFirst();
      List<String> by = requiredBy.getOrDefault(n, List.of());
      if (by.contains(Resolution.REQUESTED)) {
        List<String> path = new ArrayList<>();
        path.add(SPEC);
        for (String step = n; step != null; step = next.get(step)) {
          path.add(step);
        }
        return String.join(ARROW, path);
      }
      for (String parent : by) {
        if (!next.containsKey(parent)) {
          next.put(parent, n);
          queue.addLast(parent);
        }
      }
    }
    // A resolution always leads back to the spec; a hand-edited lock might not.
    return "(no chain from the spec recorded)" + ARROW + name;
  }
}
