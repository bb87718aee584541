package dev.basalt.cli;

import dev.basalt.build.ResolveStep;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --lock FILE} or {@code --no-lock} (exclusive); by default a lock beside the spec is used. */
final class LockSelection {
  @Option(names = "--lock", paramLabel = "FILE", description = "Use this lock file.")
  Path lock;

  @Option(names = "--no-lock", description = "Ignore any lock file and resolve afresh.")
  boolean noLock;

  ResolveStep.LockMode mode() {
    return noLock ? ResolveStep.LockMode.NONE : lock != null ? ResolveStep.LockMode.EXPLICIT : ResolveStep.LockMode.AUTO;
  }
}
