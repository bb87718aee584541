package dev.basalt.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basalt.layer.LayerResult;
import java.io.PrintWriter;
import java.util.Locale;

/** Prints a layered image's summary, as text or JSON, for {@code basalt layer} and {@code basalt build}. */
final class LayerSummary {
  private LayerSummary() {}

  static void print(PrintWriter o, LayerResult r, boolean json) throws Exception {
    if (json) {
      o.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(toJson(r)));
      o.flush();
      return;
    }
    o.printf(Locale.ROOT, "%s %s%n", r.name(), r.digest());
    o.printf(Locale.ROOT, "  layout %s (oci:%s:%s)%n", r.layout(), r.layout(), r.reference());
    o.printf(Locale.ROOT, "  base %s%s%n", r.base(), r.baseDigest() == null ? "" : " " + r.baseDigest());
    for (LayerResult.ArchImage i : r.images()) {
      o.printf(Locale.ROOT, "  %-6s %s  %d base layers kept%n", i.arch(), i.manifest(), i.baseLayers().size());
      for (LayerResult.AddedLayer l : i.added()) {
        o.printf(Locale.ROOT, "    + %-14s %s  %s, %d entries%n", l.name(), l.digest(),
            ResolutionPrinter.humanSize(l.size()), l.entries());
      }
    }
    for (String note : r.images().get(0).notes()) {
      o.println("  " + note);
    }
    o.flush();
  }

  static ObjectNode toJson(LayerResult r) {
    ObjectNode root = new ObjectMapper().createObjectNode();
    root.put("name", r.name());
    root.put("digest", r.digest().toString());
    root.put("layout", r.layout().toString());
    root.put("reference", r.reference());
    root.put("base", r.base());
    if (r.baseDigest() != null) {
      root.put("baseDigest", r.baseDigest().toString());
    }
    ArrayNode images = root.putArray("images");
    for (LayerResult.ArchImage i : r.images()) {
      ObjectNode o = images.addObject();
      o.put("arch", i.arch());
      o.put("digest", i.manifest().toString());
      ArrayNode base = o.putArray("baseLayers");
      i.baseLayers().forEach(d -> base.add(d.toString()));
      ArrayNode added = o.putArray("layers");
      for (LayerResult.AddedLayer l : i.added()) {
        added.addObject().put("name", l.name()).put("digest", l.digest().toString()).put("size", l.size())
            .put("diffId", l.diffId().toString()).put("entries", l.entries());
      }
    }
    return root;
  }
}
