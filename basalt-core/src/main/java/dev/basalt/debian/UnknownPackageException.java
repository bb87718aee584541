package dev.basalt.debian;

import java.util.List;

/** A requested name is neither a package nor provided by one in the configured suites. */
public final class UnknownPackageException extends ResolutionException {
  private final String name;
  private final List<String> suggestions;

  public UnknownPackageException(String name, String arch, List<String> suggestions) {
    super(
        "no package named '" + name + "' for " + arch + " in the configured suites"
            + (suggestions.isEmpty() ? "" : "; did you mean " + String.join(", ", suggestions) + "?"));
    this.name = name;
    this.suggestions = List.copyOf(suggestions);
  }

  public String name() {
    return name;
  }

  public List<String> suggestions() {
    return suggestions;
  }

  @Override
  public int exitCode() {
    return EXIT_USAGE;
  }
}
