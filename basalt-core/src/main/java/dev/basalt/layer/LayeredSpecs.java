package dev.basalt.layer;

import dev.basalt.spec.LayeredSpec;
import dev.basalt.spec.SpecException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns a layered spec into the request {@link LayeredImageBuilder} builds. */
public final class LayeredSpecs {
  private LayeredSpecs() {}

  /**
   * The request for {@code spec}, written to {@code output}; {@code archs} (empty: the spec's, else
   * all of the base's) narrows the platforms.
   */
  public static LayerRequest request(LayeredSpec spec, Path output, List<String> archs) throws SpecException {
    List<AppLayer> layers = new ArrayList<>();
    for (LayeredSpec.Layer l : spec.layers()) {
      List<LayerSource> sources = new ArrayList<>();
      for (LayeredSpec.Files f : l.files()) {
        try {
          sources.add(new LayerSource(f.src(), f.dest(), f.glob(), f.mode(), f.dirMode(), f.uid(), f.gid()));
        } catch (IllegalArgumentException e) {
          throw new SpecException(spec.file(), f.line(), e.getMessage());
        }
      }
      layers.add(new AppLayer(l.name(), sources));
    }
    ConfigChanges config;
    try {
      config = new ConfigChanges(spec.entrypoint(), spec.cmd(), spec.environment(), spec.workDir(), spec.user(),
          spec.labels(), spec.ports(), spec.healthcheck());
    } catch (IllegalArgumentException e) {
      throw new SpecException(spec.file(), 0, e.getMessage());
    }
    List<String> selected = archs.isEmpty() ? spec.archs() : archs;
    if (!archs.isEmpty() && spec.archs() != null) {
      for (String a : archs) {
        if (!spec.archs().contains(a)) {
          throw new SpecException("--arch " + a + " is not one of the spec's archs " + spec.archs() + " ("
              + spec.file() + ")");
        }
      }
    }
    return LayerRequest.builder(spec.name(), spec.from(), output)
        .layers(layers)
        .config(config)
        .created(spec.created())
        .waivers(waivers(spec))
        .failLevel(spec.audit().failLevel())
        .archs(selected)
        .spec(spec.file(), spec.digest())
        .annotation("org.opencontainers.image.title", spec.name())
        .build();
  }

  /** The spec's audit waivers, and the rules its {@code harden: allow-*} keys loosen (with its reason). */
  static Map<String, String> waivers(LayeredSpec spec) {
    return dev.basalt.build.BuildStep.waivers(spec.audit(), spec.harden());
  }
}
