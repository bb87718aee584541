package dev.basalt.update;

import dev.basalt.debian.Keyring;
import dev.basalt.debian.OsRelease;
import dev.basalt.debian.Repository;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The suites a Debian release is kept current from, as an image's {@code os-release} names the
 * release: {@code <codename>} and {@code <codename>-updates} from the {@code debian} archive,
 * {@code <codename>-security} from {@code debian-security}, each signed by its bundled keyring.
 */
public final class ReleaseRepositories {
  public static final String DEBIAN = "debian";
  public static final String DEBIAN_SECURITY = "debian-security";
  static final List<String> COMPONENTS = List.of("main");

  private ReleaseRepositories() {}

  /**
   * The repositories for the release, with {@code keyrings} (archive name to key file) replacing
   * the bundled keyrings where given.
   *
   * @throws UpdateUsageException when the release is not Debian, names no codename, or its
   *     keyring is not bundled and none was given
   */
  public static List<Repository> of(OsRelease release, String image, Map<String, Path> keyrings)
      throws UpdateUsageException {
    String codename = release.get("VERSION_CODENAME");
    if (!"debian".equals(release.get("ID"))) {
      throw new UpdateUsageException(image + describe(release) + ", not Debian, whose suites basalt knows: pass --spec"
          + " SPEC, a spec whose repositories are the suites to compare against");
    }
    if (codename == null || !codename.matches("[a-z]+")) {
      throw new UpdateUsageException(image + describe(release) + " without a VERSION_CODENAME in its os-release: pass"
          + " --spec SPEC, a spec whose repositories are the suites to compare against");
    }
    Repository main = new Repository(DEBIAN, null, List.of(codename, codename + "-updates"), COMPONENTS,
        keyring(DEBIAN, "debian-" + codename, keyrings, image, codename));
    Repository security = new Repository(DEBIAN_SECURITY, null, List.of(codename + "-security"), COMPONENTS,
        keyring(DEBIAN_SECURITY, "debian-" + codename + "-security", keyrings, image, codename));
    return List.of(main, security);
  }

  private static Repository.KeyringRef keyring(String archive, String bundled, Map<String, Path> given, String image,
      String codename) throws UpdateUsageException {
    Path file = given.get(archive);
    if (file != null) {
      return new Repository.KeyringRef(null, file);
    }
    if (!Keyring.bundledNames().contains(bundled)) {
      throw new UpdateUsageException(image + " is Debian " + codename + ", whose archive keyring '" + bundled
          + "' is not bundled (bundled: " + String.join(", ", Keyring.bundledNames().stream().sorted().toList())
          + "): pass --keyring " + archive + "=FILE with the release's signing keys, or --spec SPEC");
    }
    return new Repository.KeyringRef(bundled, null);
  }

  private static String describe(OsRelease release) {
    if (release.fields().isEmpty()) {
      return " has no os-release";
    }
    String pretty = release.get("PRETTY_NAME");
    return " is " + (pretty != null ? "'" + pretty + "'" : "ID=" + release.get("ID"));
  }
}
