package dev.basalt.sign;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Where the password of an encrypted private key comes from. The standard source reads the
 * environment first, as cosign does, so that CI can sign without a terminal, and asks on the
 * terminal only when no variable is set. It is an interface so that front ends and tests can supply
 * the environment and the terminal.
 */
@FunctionalInterface
public interface PasswordSource {
  /** basalt's own variable, read first. */
  String BASALT_PASSWORD = "BASALT_PASSWORD";
  /** cosign's variable, read next, so that a cosign setup signs with basalt unchanged. */
  String COSIGN_PASSWORD = "COSIGN_PASSWORD";
  List<String> VARIABLES = List.of(BASALT_PASSWORD, COSIGN_PASSWORD);

  /** Reads a password without echo; null when there is no terminal to ask on. */
  @FunctionalInterface
  interface Terminal {
    char[] readPassword(String prompt);
  }

  /**
   * The password for {@code purpose} (e.g. "the private key cosign.key").
   *
   * @param confirm ask twice and require the same answer (for a new key)
   * @throws KeyException when there is no variable and no terminal, or the answers differ
   */
  char[] password(String purpose, boolean confirm) throws KeyException;

  /**
   * The first of {@link #VARIABLES} that is set (an empty value is an empty password, as cosign
   * takes it), else the terminal.
   *
   * @param environment looks a variable up, null when unset ({@code System::getenv})
   * @param terminal null when the process has none
   */
  static PasswordSource standard(Function<String, String> environment, Terminal terminal) {
    Objects.requireNonNull(environment, "environment == null");
    return (purpose, confirm) -> {
      for (String variable : VARIABLES) {
        String value = environment.apply(variable);
        if (value != null) {
          return value.toCharArray();
        }
      }
      if (terminal == null) {
        throw new KeyException("No password for " + purpose + ": set " + BASALT_PASSWORD + " (or " + COSIGN_PASSWORD
            + ") in the environment, or run basalt on a terminal to be asked for it.");
      }
      char[] first = read(terminal, "Password for " + purpose + ": ", purpose);
      if (!confirm) {
        return first;
      }
      char[] second = read(terminal, "Password for " + purpose + " again: ", purpose);
      try {
        if (!Arrays.equals(first, second)) {
          Arrays.fill(first, '\0');
          throw new KeyException("The two passwords for " + purpose + " differ; nothing was written. Try again.");
        }
        return first;
      } finally {
        Arrays.fill(second, '\0');
      }
    };
  }

  private static char[] read(Terminal terminal, String prompt, String purpose) throws KeyException {
    char[] answer = terminal.readPassword(prompt);
    if (answer == null) {
      throw new KeyException("No password for " + purpose + ": the terminal closed before one was typed.");
    }
    return answer;
  }
}
