package dev.basalt.cli;

import dev.basalt.BasaltException;
import dev.basalt.cache.BlobStore;
import dev.basalt.cache.Digest;
import dev.basalt.check.StructureTestRunner;
import dev.basalt.check.StructureTests;
import dev.basalt.check.TestReports;
import dev.basalt.check.TestResult;
import dev.basalt.image.ImageLocation;
import dev.basalt.registry.RegistryOptions;
import dev.basalt.registry.RegistryPusher;
import dev.basalt.registry.RegistryReference;
import dev.basalt.run.ContainerRunner;
import dev.basalt.sign.ImageAttester;
import dev.basalt.sign.ImageSigner;
import dev.basalt.sign.InTotoStatement;
import dev.basalt.sign.KeyFiles;
import dev.basalt.sign.SigningKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;

/**
 * What {@code basalt build} does after an image is written, whichever builder wrote it: run the
 * spec's structure tests ({@code --test}), then sign the image and its provenance ({@code --key})
 * and push it with its referrers ({@code --push}), in that order, so that an image whose tests
 * fail is neither signed nor published. The destination and the key are checked before the build
 * (a bad destination or a wrong password should not cost one).
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

  /**
   * Runs {@code tests} on each platform of the layout's image that this machine runs, printing
   * each report; returns the number of failed tests.
   */
  static int test(CommandLine cli, Path layout, String reference, List<String> archs, StructureTests tests,
      Path specFile) throws BasaltException {
    PrintWriter err = cli.getErr();
    if (tests.isEmpty()) {
      err.println("basalt: " + specFile + " has no tests: nothing to run");
      err.flush();
      return 0;
    }
    int failed = 0;
    for (String arch : archs) {
      if (!arch.equals(ContainerRunner.hostArch())) {
        err.println("basalt: tests of " + arch + " skipped: this machine runs " + ContainerRunner.hostArch());
        continue;
      }
      String name = "oci:" + layout + ":" + reference;
      List<TestResult> results = StructureTestRunner.run(ImageLocation.parse(name), arch, tests,
          BlobStore.defaultRoot());
      err.print(TestReports.text(name + " (" + arch + ")", results));
      failed += (int) TestReports.failures(results);
    }
    err.flush();
    return failed;
  }
}
