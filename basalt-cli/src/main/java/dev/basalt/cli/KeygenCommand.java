package dev.basalt.cli;

import dev.basalt.sign.KeyFiles;
import dev.basalt.sign.VerificationKey;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code basalt keygen}: a cosign-compatible key pair for {@code basalt sign}. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
    description = {"Generate an ECDSA P-256 key pair in cosign's formats: PREFIX.key (encrypted, owner-only) and"
        + " PREFIX.pub.",
        "The password is read from BASALT_PASSWORD, else COSIGN_PASSWORD, else asked twice on the terminal.",
        "Existing files are never overwritten (exit 2)."})
final class KeygenCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec cmd;

  @Option(names = "--out", paramLabel = "PREFIX", defaultValue = "cosign",
      description = "Write PREFIX.key and PREFIX.pub (default: ${DEFAULT-VALUE}, as cosign names them).")
  String prefix;

  @Override
  public Integer call() throws Exception {
    KeyFiles.Pair pair = KeyFiles.Pair.of(prefix);
    VerificationKey key = KeyFiles.generate(pair, KeyPasswords.source(), new SecureRandom());
    PrintWriter out = cmd.commandLine().getOut();
    out.println("Wrote " + pair.privateKey() + " (private key, encrypted; keep it secret) and " + pair.publicKey()
        + " (public key " + key.hint() + ").");
    out.flush();
    return 0;
  }
}
