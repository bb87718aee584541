package dev.basalt.debian;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * A signed Debian repository as a spec configures it: a named archive whose mirror comes from
 * configuration, or an explicit URL; its suites, components and the keyring that must sign it.
 */
public record Repository(
    String archive, URI url, List<String> suites, List<String> components, KeyringRef keyring) {

  /** A bundled keyring by name, or a key file. */
  public record KeyringRef(String name, java.nio.file.Path file) {
    public KeyringRef {
      if ((name == null) == (file == null)) {
        throw new IllegalArgumentException("a keyring is either a bundled name or a file");
      }
    }

    public Keyring load() throws ArchiveException {
      return name != null ? Keyring.named(name) : Keyring.fromFile(file);
    }

    @Override
    public String toString() {
      return name != null ? name : file.toString();
    }
  }

  public Repository {
    if ((archive == null) == (url == null)) {
      throw new IllegalArgumentException("a repository names either an archive or a url");
    }
    suites = List.copyOf(suites);
    components = List.copyOf(components);
    Objects.requireNonNull(keyring, "keyring == null");
    if (suites.isEmpty() || components.isEmpty()) {
      throw new IllegalArgumentException("a repository needs at least one suite and one component");
    }
  }

  /** How locks and SBOMs name this repository: the archive name, or the spec's own URL. */
  public String id() {
    return archive != null ? archive : MirrorResolver.normalize(url).toString();
  }

  /** The base URL (the directory holding {@code dists/} and {@code pool/}). */
  public URI baseUrl(MirrorResolver mirrors) throws ArchiveException {
    return archive != null ? mirrors.resolve(archive) : MirrorResolver.normalize(url);
  }
}
