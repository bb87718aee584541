package dev.basalt.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basalt.debian.BinaryPackage;
import dev.basalt.debian.Resolution;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** Renders resolutions as a table for people or as JSON for programs. */
final class ResolutionPrinter {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ResolutionPrinter() {}

  static void print(PrintWriter out, List<Resolution> resolutions, boolean json) throws Exception {
    if (json) {
      out.println(JSON.writeValueAsString(toJson(resolutions)));
    } else {
      printTable(out, resolutions);
    }
    out.flush();
  }

  static ObjectNode toJson(List<Resolution> resolutions) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode archs = root.putObject("archs");
    ObjectNode excluded = root.putObject("excluded");
    for (Resolution r : resolutions) {
      ArrayNode list = archs.putArray(r.arch());
      for (Resolution.Resolved rp : r.packages()) {
        BinaryPackage p = rp.pkg();
        ObjectNode o = list.addObject();
        o.put("name", p.name());
        o.put("version", p.version());
        o.put("arch", p.architecture());
        o.put("size", p.size());
        o.put("sha256", p.sha256());
        o.put("repository", p.origin().repository());
        o.put("suite", p.origin().suite());
        ArrayNode by = o.putArray("requiredBy");
        rp.requiredBy().forEach(by::add);
      }
      ArrayNode drops = excluded.putArray(r.arch());
      for (Resolution.Dropped d : r.dropped()) {
        drops.addObject().put("dependency", d.dependency()).put("wantedBy", d.wantedBy());
      }
    }
    return root;
  }

  private static void printTable(PrintWriter out, List<Resolution> resolutions) {
    for (Resolution r : resolutions) {
      out.printf(Locale.ROOT, "%s: %d packages, %s to download%n", r.arch(), r.packages().size(), humanSize(r.totalSize()));
      int nameWidth = r.packages().stream().mapToInt(p -> p.pkg().name().length()).max().orElse(4);
      int versionWidth = r.packages().stream().mapToInt(p -> p.pkg().version().length()).max().orElse(7);
      for (Resolution.Resolved rp : r.packages()) {
        BinaryPackage p = rp.pkg();
        out.printf(Locale.ROOT, "  %-" + nameWidth + "s  %-" + versionWidth + "s  %10s  %-22s  %s%n",
            p.name(), p.version(), humanSize(p.size()), p.origin().suite(),
            rp.requiredBy().contains(Resolution.REQUESTED) && rp.requiredBy().size() == 1
                ? "requested" : "for " + String.join(", ", rp.requiredBy()).replace(Resolution.REQUESTED, "spec"));
      }
      if (!r.dropped().isEmpty()) {
        out.println("  excluded dependencies (every alternative excluded by the spec):");
        for (Resolution.Dropped d : r.dropped()) {
          out.println("    " + d.dependency() + "  (wanted by " + d.wantedBy() + ")");
        }
      }
    }
  }

  static String humanSize(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    double v = bytes;
    String[] units = {"KiB", "MiB", "GiB"};
    int u = -1;
    do {
      v /= 1024;
      u++;
    } while (v >= 1024 && u < units.length - 1);
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
