package dev.basalt.cli;

import dev.basalt.fs.OutputSwap;
import dev.basalt.image.ImageLocation;
import dev.basalt.registry.BlobSightings;
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
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
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
        "Exit 0 when verified, 1 when not (the reason is printed), 2 for bad arguments or an unreadable image."})
final class VerifyCommand implements Callable<Integer> {
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
      return verify(Layouts.require(cmd, image, "verify"), publicKey);
    }
    RegistryReference ref = RegistryReference.parse(image);
    Path temp = Files.createTempDirectory("basalt-verify-");
    try {
      RegistryPuller.Result pulled = RegistryPuller.pull(ref, temp, ref.tagOrDefault(), registry.options(),
          BlobSightings.none());
      RegistryPuller.Attachments attached = RegistryPuller.pullAttachments(ref, temp, pulled, registry.options());
      cmd.commandLine().getErr().println("basalt: pulled " + pulled.source().display() + " with "
          + attached.tags().size() + " signature/attestation tags and " + attached.referrers().size()
          + " referrers to verify them");
      return verify(new ImageLocation.Layout(temp, ref.tagOrDefault()), publicKey);
    } finally {
      OutputSwap.deleteTree(temp);
    }
  }

  private int verify(ImageLocation.Layout layout, VerificationKey publicKey) throws Exception {
    PrintWriter out = cmd.commandLine().getOut();
    if (provenance) {
      LockFile lockFile = lock == null ? null : LockFiles.read(lock);
      ProvenanceVerifier.Result r = ProvenanceVerifier.verify(layout, publicKey, lockFile);
      out.println("Verified the SLSA provenance of " + r.image() + " (" + r.subject() + ") in its " + r.form().label()
          + ", signed by " + publicKey.hint() + ": " + r.dependencies().size() + " resolved dependencies"
          + (lockFile == null ? "." : ", exactly those of " + lock + "."));
      out.println("  builder " + r.statement().predicate().path("runDetails").path("builder").path("id").asText()
          + ", build type " + r.statement().predicate().path("buildDefinition").path("buildType").asText()
          + ", predicate " + SlsaProvenance.PREDICATE_TYPE);
      out.flush();
      return 0;
    }
    SignatureReport report = ImageVerifier.verify(layout, publicKey);
    print(out, report.root());
    report.platforms().forEach(p -> print(out, p));
    out.flush();
    report.requireVerified();
    out.println("Verified: " + report.image() + " is signed by " + publicKey.hint() + ".");
    out.flush();
    return 0;
  }

  private static void print(PrintWriter out, SignatureReport.DigestResult result) {
    out.printf("%-14s %s  %s%n", result.label(), result.digest(), result.verified() ? "verified" : "NOT verified");
    for (SignatureReport.FormResult f : result.forms()) {
      out.printf("  %-26s %s%n", f.form().label(), f.verified() ? "verified"
          : "failed (" + f.failure().reason().name().toLowerCase(Locale.ROOT).replace('_', ' ') + "): "
              + f.failure().getMessage());
    }
  }
}
