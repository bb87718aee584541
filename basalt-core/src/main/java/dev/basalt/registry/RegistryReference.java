package dev.basalt.registry;

import dev.basalt.cache.Digest;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An image in a registry: {@code docker://HOST[:PORT]/REPO[:TAG][@sha256:HEX]}. {@code registry}
 * is {@code host[:port]} as written (lower-cased); {@code tag} and {@code digest} may each be
 * null. A name without a registry host means Docker Hub, as docker and skopeo read it.
 */
public record RegistryReference(String registry, String repository, String tag, Digest digest) {
  public static final String SCHEME = "docker://";
  public static final String DEFAULT_TAG = "latest";
  /** Docker Hub's name in references, and the host its API is served from. */
  public static final String DOCKER_HUB = "docker.io";
  static final String DOCKER_HUB_API = "registry-1.docker.io";

  /** The distribution spec's repository name grammar. */
  private static final Pattern REPOSITORY =
      Pattern.compile("[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*)*");
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  private static final Pattern HOST = Pattern.compile(
      "(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\\[[0-9a-f:.]+\\])(?::[0-9]{1,5})?");
  private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

  public RegistryReference {
    Objects.requireNonNull(registry, "registry == null");
    Objects.requireNonNull(repository, "repository == null");
    if (!HOST.matcher(registry).matches()) {
      throw new IllegalArgumentException("not a registry host[:port]: " + registry);
    }
    if (!REPOSITORY.matcher(repository).matches()) {
      throw new IllegalArgumentException("not a repository name: " + repository);
    }
    if (tag != null && !TAG.matcher(tag).matches()) {
      throw new IllegalArgumentException("not a tag: " + tag);
    }
  }

  /**
   * Parses {@code docker://HOST[:PORT]/REPO[:TAG][@sha256:HEX]}; the {@code docker://} prefix may be
   * left out.
   *
   * @throws ReferenceException naming what is wrong and what a reference looks like
   */
  public static RegistryReference parse(String text) throws ReferenceException {
    Objects.requireNonNull(text, "text == null");
    String rest = text.startsWith(SCHEME) ? text.substring(SCHEME.length()) : text;
    String expected = "; write docker://HOST[:PORT]/REPOSITORY[:TAG] or docker://HOST[:PORT]/REPOSITORY@sha256:DIGEST";
    if (rest.isEmpty()) {
      throw new ReferenceException("'" + text + "' names no image" + expected);
    }
    Digest digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      String d = rest.substring(at + 1);
      if (!d.startsWith(Digest.ALGORITHM + ":")) {
        throw new ReferenceException("'" + text + "': the digest must be sha256:<64 hex digits>, not '" + d + "'");
      }
      try {
        digest = Digest.parse(d);
      } catch (IllegalArgumentException e) {
        throw new ReferenceException("'" + text + "': the digest must be sha256:<64 hex digits>, not '" + d + "'");
      }
      rest = rest.substring(0, at);
    }
    String registry = DOCKER_HUB;
    int slash = rest.indexOf('/');
    if (slash > 0) {
      String first = rest.substring(0, slash);
      if (first.contains(".") || first.contains(":") || first.equals("localhost") || first.startsWith("[")) {
        registry = first.toLowerCase(Locale.ROOT);
        rest = rest.substring(slash + 1);
      }
    }
    String tag = null;
    int colon = rest.lastIndexOf(':');
    if (colon >= 0) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
      if (!TAG.matcher(tag).matches()) {
        throw new ReferenceException("'" + text + "': '" + tag + "' is not a valid tag (letters, digits, _ . -;"
            + " at most 128; not starting with . or -)");
      }
    }
    if (!HOST.matcher(registry).matches() || registry.endsWith(":") || !validPort(registry)) {
      throw new ReferenceException("'" + text + "': '" + registry + "' is not a valid registry host[:port]" + expected);
    }
    if (registry.equals(DOCKER_HUB) && !rest.contains("/")) {
      rest = "library/" + rest;
    }
    if (!REPOSITORY.matcher(rest).matches()) {
      throw new ReferenceException("'" + text + "': '" + rest + "' is not a valid repository name (lower-case"
          + " letters, digits and . _ - separators, components joined by /)" + expected);
    }
    return new RegistryReference(registry, rest, tag, digest);
  }

  private static boolean validPort(String registry) {
    int colon = registry.lastIndexOf(':');
    if (colon < 0 || registry.endsWith("]")) {
      return true;
    }
    int port = Integer.parseInt(registry.substring(colon + 1));
    return port >= 1 && port <= 65535;
  }

  /** The host without port (and without the brackets of an IPv6 literal). */
  public String host() {
    String h = registry;
    if (h.startsWith("[")) {
      return h.substring(1, h.indexOf(']'));
    }
    int colon = h.lastIndexOf(':');
    return colon < 0 ? h : h.substring(0, colon);
  }

  /**
   * Whether the registry is on this machine ({@code localhost}, {@code 127.0.0.0/8}, {@code ::1}),
   * judged from the name alone: no lookup is made.
   */
  public boolean isLoopback() {
    String h = host();
    if (h.equals("localhost") || h.equals("::1")) {
      return true;
    }
    var m = IPV4.matcher(h);
    return m.matches() && m.group(1).equals("127");
  }

  /** {@code host[:port]} the API is served from (Docker Hub's differs from its name). */
  public String apiAuthority() {
    return registry.equals(DOCKER_HUB) ? DOCKER_HUB_API : registry;
  }

  /** What a manifest request names: the digest when there is one, else the tag, else {@code latest}. */
  public String manifestReference() {
    return digest != null ? digest.toString() : tag != null ? tag : DEFAULT_TAG;
  }

  /** The tag, or {@code latest} when none is written. */
  public String tagOrDefault() {
    return tag != null ? tag : DEFAULT_TAG;
  }

  public RegistryReference withTag(String newTag) {
    return new RegistryReference(registry, repository, newTag, null);
  }

  public RegistryReference withDigest(Digest newDigest) {
    return new RegistryReference(registry, repository, tag, newDigest);
  }

  /** {@code docker://registry/repository[:tag][@digest]}. */
  public String display() {
    return SCHEME + this;
  }

  @Override
  public String toString() {
    return registry + "/" + repository + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
  }
}
