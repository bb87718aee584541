package dev.basalt.debian;

import java.util.Objects;

/**
 * Where an index came from, host-free: the repository as the spec names it (an archive name
 * such as {@code debian}, or the spec's URL), the suite and the component.
 */
public record IndexOrigin(String repository, String suite, String component) {
  public IndexOrigin {
    Objects.requireNonNull(repository, "repository == null");
    Objects.requireNonNull(suite, "suite == null");
    Objects.requireNonNull(component, "component == null");
  }

  @Override
  public String toString() {
    return repository + " " + suite + "/" + component;
  }
}
