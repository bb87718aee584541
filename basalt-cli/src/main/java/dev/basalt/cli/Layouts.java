package dev.basalt.cli;

import dev.basalt.image.ImageLocation;
import dev.basalt.image.ImageReadException;
import picocli.CommandLine;

/** The OCI layout a signing command works on; a docker-archive cannot carry signatures. */
final class Layouts {
  private Layouts() {}

  static ImageLocation.Layout require(CommandLine.Model.CommandSpec cmd, String image, String command)
      throws ImageReadException {
    ImageLocation location = ImageLocation.parse(image);
    if (location instanceof ImageLocation.Layout layout) {
      return layout;
    }
    throw new CommandLine.ParameterException(cmd.commandLine(), "basalt " + command + " works on an OCI layout"
        + " (oci:DIR[:REF] or DIR), not " + location.display() + ": signatures live in the layout's index.json");
  }
}
