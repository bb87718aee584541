package dev.basalt.run;

import dev.basalt.BasaltException;
import dev.basalt.image.ImageLocation;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code basalt run} in a JVM of its own, so that a test can start it as another user:
 * {@code IMAGE CACHE-DIR HOST:CTR PROGRAM ARGS...}.
 */
public final class RunMain {
  private RunMain() {}

  public static void main(String[] args) {
    try {
      System.exit(ContainerRunner.run(ImageLocation.parse(args[0]), new ContainerRunner.Options(null, false,
          List.of(ContainerRunner.Volume.parse(args[2])), Map.of(), Arrays.asList(args).subList(3, args.length), true),
          Path.of(args[1])));
    } catch (BasaltException e) {
      System.err.println("basalt: error: " + e.getMessage());
      System.exit(e.exitCode());
    }
  }
}
