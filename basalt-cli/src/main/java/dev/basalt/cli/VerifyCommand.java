package dev.basalt.cli;

import dev.basalt.BasaltException;
import dev.basalt.fs.OutputSwap;
import dev.basalt.image.ImageLocation;
import dev.basalt.registry.RegistryPuller;
import dev.basalt.registry.RegistryReference;
import dev.basalt.lock.LockFile;
import dev.basalt.lock.LockFiles;
import dev.basalt.sign.ImageVerifier;
import dev.basalt.sign.Keys;
import dev.basalt.sign.ProvenanceVerifier;
import dev.basalt.sign.SignatureReport;
import dev.basalt.sign.SlsaProvenance;
import dev.basalt.sign.VerificationKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code basalt verify}: checks an image's signature, or with --provenance its provenance. */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {"Verify that a key signed an image in an OCI layout or a registry: a cosign signature tag or a"
        + " sigstore bundle referrer whose signed payload names the image's exact root digest (either is enough).",
        "With --provenance, verify its signed SLSA provenance instead, and with --lock that it states exactly the"
            + " packages and InReleases of that lock file.",
        "Exit 0 when verified, 1 when not (the reason is printed) or when the registry fails, 2 for bad arguments"
            + " or an unreadable image."})
final class VerifyCommand implements Callable<Integer> {
  /** The name of a registry's image in the temporary layout it is verified in. */
  private static final String TEMP_REFERENCE = "verify";

  @CommandLine.Spec CommandLine.Model.CommandSpec cmd;

  @Parameters(paramLabel = "IMAGE", description = "oci:DIR[:REF], an OCI layout directory, or"
      + " docker://HOST[:PORT]/REPO[:TAG|@DIGEST] (the image and what is attached to it are pulled into a temporary"
      + " layout, every digest checked, and verified there).")
  String image;

  @Mixin RegistryFlags registry;

  @Option(names = "--key", paramLabel = "KEY", required = true, description = "The public key (cosign.pub).")
  Path key;

  @Option(names = "--provenance", description = "Verify the image's SLSA provenance attestation.")
  boolean provenance;

  @Option(names = "--lock", paramLabel = "LOCK", description = "With --provenance: the lock file the image must be built from.")
  Path lock;

  @Override
  public Integer call() throws Exception {
    if (lock != null && !provenance) {
      throw new CommandLine.ParameterException(cmd.commandLine(), "--lock compares a provenance: use it with --provenance");
    }
    VerificationKey publicKey = Keys.readPublicKey(key);
    if (!image.startsWith(RegistryReference.SCHEME)) {
      return verify(Layouts.require(cmd, image, "verify"), publicKey, text -> text);
    }
    return verifyRemote(RegistryReference.parse(image), publicKey);
  }

  /**
   * A registry's image: its index, manifests and attachments (not its layers, which hold no
   * signature) pulled into a temporary layout, every digest checked, verified there, and the
   * layout deleted, on an interrupt too. What is printed names the reference, not the layout.
   */
  private int verifyRemote(RegistryReference ref, VerificationKey publicKey) throws Exception {
    Path temp = Files.createTempDirectory("basalt-verify-");
    Thread cleanup = new Thread(() -> deleteQuietly(temp), "basalt-verify-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    try {
      RegistryPuller.Result pulled = RegistryPuller.pullManifests(ref, temp, TEMP_REFERENCE, registry.options());
      RegistryPuller.Attachments attached = RegistryPuller.pullAttachments(ref, temp, pulled, registry.options());
      cmd.commandLine().getErr().println("basalt: pulled the manifests of " + pulled.source().display() + " with "
          + attached.tags().size() + " signature/attestation tags and " + attached.referrers().size()
          + " referrers to verify them");
      String layoutName = new ImageLocation.Layout(temp, TEMP_REFERENCE).display();
      String shown = pulled.source().display();
      UnaryOperator<String> rename = text -> text.replace(layoutName, shown).replace("oci:" + temp, shown);
      try {
        return verify(new ImageLocation.Layout(temp, TEMP_REFERENCE), publicKey, rename);
      } catch (BasaltException e) {
        throw new Renamed(e, rename.apply(e.getMessage()));
      }
    } finally {
      deleteQuietly(temp);
      try {
        Runtime.getRuntime().removeShutdownHook(cleanup);
      } catch (IllegalStateException shuttingDown) {
        // The hook runs anyway; the tree is gone already.
      }
    }
  }

  private void deleteQuietly(Path dir) {
    try {
      OutputSwap.deleteTree(dir);
    } catch (IOException e) {
      cmd.commandLine().getErr().println("basalt: could not delete " + dir + ": " + e.getMessage());
    }
  }

  /** A failure whose message names the registry's image instead of the temporary layout; same exit code. */
  private static final class Renamed extends BasaltException {
    private final int exitCode;

    Renamed(BasaltException e, String message) {
      super(message, e);
      this.exitCode = e.exitCode();
    }

    @Override
    public int exitCode() {
      return exitCode;
    }
  }

  private int verify(ImageLocation.Layout layout, VerificationKey publicKey, UnaryOperator<String> rename)
      throws Exception {
    PrintWriter out = cmd.commandLine().getOut();
    if (provenance) {
      LockFile lockFile = lock == null ? null : LockFiles.read(lock);
      ProvenanceVerifier.Result r = ProvenanceVerifier.verify(layout, publicKey, lockFile);
      out.println(rename.apply("Verified the SLSA provenance of " + r.image() + " (" + r.subject() + ") in its "
          + r.form().label() + ", signed by " + publicKey.hint() + ": " + r.dependencies().size()
          + " resolved dependencies" + (lockFile == null ? "." : ", exactly those of " + lock + ".")));
      out.println("  builder " + r.statement().predicate().path("runDetails").path("builder").path("id").asText()
          + ", build type " + r.statement().predicate().path("buildDefinition").path("buildType").asText()
          + ", predicate " + SlsaProvenance.PREDICATE_TYPE);
      out.flush();
      return 0;
    }
    SignatureReport report = ImageVerifier.verify(layout, publicKey);
    print(out, report.root(), rename);
    report.platforms().forEach(p -> print(out, p, rename));
    out.flush();
    report.requireVerified();
    out.println(rename.apply("Verified: " + report.image() + " is signed by " + publicKey.hint() + "."));
    out.flush();
    return 0;
  }

  private static void print(PrintWriter out, SignatureReport.DigestResult result, UnaryOperator<String> rename) {
    out.printf("%-14s %s  %s%n", result.label(), result.digest(), result.verified() ? "verified" : "NOT verified");
    for (SignatureReport.FormResult f : result.forms()) {
      out.printf("  %-26s %s%n", f.form().label(), f.verified() ? "verified"
          : "failed (" + f.failure().reason().name().toLowerCase(Locale.ROOT).replace('_', ' ') + "): "
              + rename.apply(f.failure().getMessage()));
    }
  }
}
