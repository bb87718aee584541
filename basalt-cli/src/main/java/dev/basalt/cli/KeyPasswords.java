package dev.basalt.cli;

import dev.basalt.sign.PasswordSource;
import java.io.Console;
import java.util.function.Function;

/**
 * Where the key commands get passwords: {@code BASALT_PASSWORD}, else {@code COSIGN_PASSWORD},
 * else the terminal. The environment is a field so that tests can supply one; the JVM cannot set
 * its own environment variables.
 */
final class KeyPasswords {
  static Function<String, String> environment = System::getenv;

  private KeyPasswords() {}

  static PasswordSource source() {
    Console console = System.console();
    return PasswordSource.standard(environment, console == null ? null : prompt -> console.readPassword("%s", prompt));
  }
}
