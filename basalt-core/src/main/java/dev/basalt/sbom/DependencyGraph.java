package dev.basalt.sbom;

import dev.basalt.debian.Resolution;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which installed packages each installed package depends on, as the resolver chose them: the
 * resolver records who required a package, an SBOM wants the other direction. So a dependency
 * satisfied through a virtual package or an alternative points at the package that was
 * actually installed, and one whose every alternative was excluded points nowhere.
 */
public final class DependencyGraph {
  private DependencyGraph() {}

  /** Package name → names of the packages it depends on, for every package of the resolution. */
  public static Map<String, List<String>> of(Resolution resolution) {
    Map<String, TreeSet<String>> edges = new TreeMap<>();
    for (Resolution.Resolved r : resolution.packages()) {
      edges.computeIfAbsent(r.pkg().name(), n -> new TreeSet<>());
    }
    for (Resolution.Resolved r : resolution.packages()) {
      for (String by : r.requiredBy()) {
        if (!by.equals(Resolution.REQUESTED) && !by.equals(r.pkg().name()) && edges.containsKey(by)) {
          edges.get(by).add(r.pkg().name());
        }
      }
    }
    Map<String, List<String>> graph = new TreeMap<>();
    edges.forEach((name, deps) -> graph.put(name, List.copyOf(deps)));
    return graph;
  }
}
