package dev.basalt.registry;

import java.util.Objects;

/**
 * A user name and secret for one registry, and where they were found (for messages). An
 * {@linkplain #isIdentityToken() identity token} is an OAuth2 refresh token, which docker
 * credential helpers return under the user name {@code <token>}. {@link #toString()} never shows
 * the secret.
 */
public record Credential(String username, String secret, String source) {
  /** The user name credential helpers and docker's config use for an identity token. */
  public static final String IDENTITY_TOKEN_USER = "<token>";

  public Credential {
    Objects.requireNonNull(username, "username == null");
    Objects.requireNonNull(secret, "secret == null");
    Objects.requireNonNull(source, "source == null");
  }

  public boolean isIdentityToken() {
    return username.equals(IDENTITY_TOKEN_USER);
  }

  /** The credential for messages: source and user, never the secret. */
  public String describe() {
    return source + (isIdentityToken() ? " (an identity token)" : " (user '" + username + "')");
  }

  @Override
  public String toString() {
    return "Credential[" + describe() + "]";
  }
}
