package dev.basalt.sign;

/**
 * An encrypted private key did not open with the password given: its authentication tag did not
 * match, which is what a wrong password (or an altered file) looks like.
 */
public final class WrongPasswordException extends KeyException {
  public WrongPasswordException(String source) {
    super("Wrong password for " + source + ": the encrypted private key in it does not open with this password"
        + " (or the file was altered). Give the password the key was written with.");
  }
}
