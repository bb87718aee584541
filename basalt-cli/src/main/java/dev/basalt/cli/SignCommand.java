package dev.basalt.cli;

import dev.basalt.image.ImageLocation;
import dev.basalt.sign.ImageSigner;
import dev.basalt.sign.KeyFiles;
import dev.basalt.sign.SigningKey;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code basalt sign}: signs an image in an OCI layout where cosign finds signatures. */
@Command(name = "sign", mixinStandardHelpOptions = true,
    description = {"Sign an image in an OCI layout with a cosign key, for its root digest and each platform manifest:",
        "a sha256-<hex>.sig image (cosign's tag scheme) and a sigstore bundle v0.3 referrer (cosign v3's default),",
        "both listed in the layout's index.json so that copying the layout to a registry carries them.",
        "Signing is deterministic: signing again with the same key adds nothing.",
        "The key's password is read from BASALT_PASSWORD, else COSIGN_PASSWORD, else asked on the terminal."})
final class SignCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec cmd;

  @Parameters(paramLabel = "IMAGE", description = "oci:DIR[:REF] or an OCI layout directory.")
  String image;

  @Option(names = "--key", paramLabel = "KEY", required = true,
      description = "The private key (cosign.key from basalt keygen or cosign generate-key-pair).")
  Path key;

  @Option(names = "--reference", paramLabel = "REPO",
      description = "The repository the signatures name (docker-reference), e.g. ghcr.io/acme/base."
          + " Default: the layout's ref name if it is a full image name, else the image's title (a basalt"
          + " build's spec name).")
  String reference;

  @Override
  public Integer call() throws Exception {
    ImageLocation.Layout layout = Layouts.require(cmd, image, "sign");
    SigningKey signingKey = KeyFiles.readPrivateKey(key, KeyPasswords.source());
    ImageSigner.Result result = ImageSigner.sign(layout, signingKey, reference);
    PrintWriter out = cmd.commandLine().getOut();
    out.println("Signed " + result.image() + " as " + result.dockerReference() + " with key "
        + signingKey.publicKey().hint() + (result.changed() ? "" : " (already signed so; nothing changed)") + ":");
    for (ImageSigner.Signed s : result.signed()) {
      out.printf("  %-14s %s  tag %s, bundle referrer %s%n", s.label(), s.digest(), s.tag(), s.bundleManifest());
    }
    out.flush();
    return 0;
  }
}
