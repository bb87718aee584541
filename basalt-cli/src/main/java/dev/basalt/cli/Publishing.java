package dev.basalt.cli;

import dev.basalt.BasaltException;
import dev.basalt.cache.Digest;
import dev.basalt.image.ImageLocation;
import dev.basalt.registry.RegistryOptions;
import dev.basalt.registry.RegistryPusher;
import dev.basalt.registry.RegistryReference;
import dev.basalt.sign.ImageAttester;
import dev.basalt.sign.ImageSigner;
import dev.basalt.sign.InTotoStatement;
import dev.basalt.sign.KeyFiles;
import dev.basalt.sign.SigningKey;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * What {@code basalt build} does after an image is written, whichever builder wrote it: sign the
 * image and its provenance ({@code --key}) and push it with its referrers ({@code --push}).
 * Both are checked before the build (a bad destination or a wrong password should not cost one).
 */
final class Publishing {
  private Publishing() {}

  /** {@code --push}'s destination, or null without one; a value that is no docker:// reference is a usage error. */
  static RegistryReference destination(CommandLine cli, String push) throws BasaltException {
    if (push == null) {
      return null;
    }
    if (!push.startsWith(RegistryReference.SCHEME)) {
      throw new CommandLine.ParameterException(cli, "--push must be docker://HOST[:PORT]/REPO[:TAG], not '" + push + "'");
    }
    return RegistryReference.parse(push);
  }

  /** {@code --key}'s signing key, or null without one, its password asked for now. */
  static SigningKey key(Path key) throws BasaltException, IOException {
    return key == null ? null : KeyFiles.readPrivateKey(key, KeyPasswords.source());
  }

  /** Signs the image at {@code layout} and attaches its provenance signed, when there is a key; then pushes it, when asked. */
  static void signAndPush(CommandLine cli, ImageLocation.Layout layout, Digest digest, InTotoStatement provenance,
      SigningKey key, RegistryReference pushTo, RegistryOptions registry) throws BasaltException, IOException {
    if (key != null) {
      ImageSigner.sign(layout, key, null);
      ImageAttester.attach(layout, provenance, key);
      cli.getErr().println("basalt: signed " + digest + " and its provenance with key " + key.publicKey().hint());
    }
    if (pushTo != null) {
      RegistryPusher.Result pushed = RegistryPusher.push(layout, pushTo, registry, RegistryPusher.Options.defaults());
      cli.getErr().println("basalt: pushed " + pushed.target().display() + "@" + pushed.digest() + " ("
          + pushed.blobsUploaded() + " blobs uploaded, " + pushed.blobsPresent() + " already there)");
    }
  }
}
