package dev.basalt.layer;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One image layer an application adds on top of its base: the sources it is made of, in order
 * (a later source replaces what an earlier one put at the same path). {@code name} appears in
 * the image's history; the layer's bytes depend only on the files, never on the name.
 */
public record AppLayer(String name, List<LayerSource> sources) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  public AppLayer {
    Objects.requireNonNull(name, "name == null");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("a layer name is letters, digits, '.', '_' or '-', not '" + name + "'");
    }
    sources = List.copyOf(sources);
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("layer '" + name + "' has no sources; leave an empty layer out");
    }
  }

  public static AppLayer of(String name, LayerSource... sources) {
    return new AppLayer(name, List.of(sources));
  }
}
